#include "PluginTestSupport.h"
#include "TestSupport.h"
#include <cmath>
#include <random>

namespace waveamp::plugin::test {

void setParam(WaveAmpProcessor& p, const juce::ParameterID& id, float value)
{
    auto* param = p.apvts.getParameter(id.getParamID());
    const auto& range = p.apvts.getParameterRange(id.getParamID());
    param->setValueNotifyingHost(range.convertTo0to1(range.snapToLegalValue(value)));
}

float getParam(WaveAmpProcessor& p, const juce::ParameterID& id)
{
    return p.apvts.getRawParameterValue(id.getParamID())->load();
}

std::vector<float> guitarLike(int numSamples, double rate, float amplitude)
{
    std::vector<float> x(static_cast<size_t>(numSamples));
    const double notes[] = { 82.41, 110.0, 146.83, 196.0, 246.94, 329.63 };
    const int noteLength = static_cast<int>(rate * 0.25);
    for (int i = 0; i < numSamples; ++i) {
        const int note = (i / noteLength) % 6;
        const double t = (i % noteLength) / rate;
        double v = 0.0;
        for (int h = 1; h <= 6; ++h)
            v += std::sin(2.0 * juce::MathConstants<double>::pi * notes[note] * h * t) / h;
        x[static_cast<size_t>(i)] = static_cast<float>(amplitude * 0.6 * v * std::exp(-4.0 * t));
    }
    return x;
}

std::vector<float> render(WaveAmpProcessor& p, const std::vector<float>& in, int block)
{
    const int channels = std::max(p.getTotalNumInputChannels(), p.getTotalNumOutputChannels());
    juce::AudioBuffer<float> buffer(channels, block);
    juce::MidiBuffer midi;
    std::vector<float> out;
    out.reserve(in.size());
    for (size_t start = 0; start < in.size(); start += static_cast<size_t>(block)) {
        const int n = static_cast<int>(std::min<size_t>(static_cast<size_t>(block), in.size() - start));
        buffer.setSize(channels, n, false, false, true);
        for (int c = 0; c < channels; ++c)
            buffer.copyFrom(c, 0, in.data() + start, n);
        p.processBlock(buffer, midi);
        out.insert(out.end(), buffer.getReadPointer(0), buffer.getReadPointer(0) + n);
    }
    return out;
}

bool settle(WaveAmpProcessor& p, int block, int timeoutMs)
{
    const auto deadline = juce::Time::getMillisecondCounter() + static_cast<juce::uint32>(timeoutMs);
    const int channels = std::max(p.getTotalNumInputChannels(), p.getTotalNumOutputChannels());
    juce::AudioBuffer<float> buffer(channels, block);
    juce::MidiBuffer midi;
    if (!p.waitForWorker(timeoutMs)) return false;
    while (p.isModelSwitchInFlight()) {
        if (juce::Time::getMillisecondCounter() > deadline) return false;
        buffer.clear();
        p.processBlock(buffer, midi);
    }
    return true;
}

juce::AudioBuffer<float> toyImpulseResponse(int channels, int length, unsigned seed)
{
    std::mt19937 rng(seed);
    std::normal_distribution<float> noise(0.0f, 1.0f);
    juce::AudioBuffer<float> ir(channels, length);
    for (int c = 0; c < channels; ++c)
        for (int i = 0; i < length; ++i)
            ir.setSample(c, i, noise(rng) * std::exp(-6.0f * static_cast<float>(i) / static_cast<float>(length)));
    ir.setSample(0, 0, 1.0f);
    return ir;
}

ModelSource modelFromText(const std::string& text, const juce::String& name)
{
    ModelSource s;
    s.text = text;
    s.name = name;
    return s;
}

std::string defaultModelText()
{
    return waveamp::test::readText(waveamp::test::sourceDir() + "/Resources/models/default.json");
}

} // namespace waveamp::plugin::test
