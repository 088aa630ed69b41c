#include "ToneStack.h"
#include <cmath>

namespace waveamp::plugin {

namespace {
constexpr float kBassHz = 120.0f, kMidHz = 700.0f, kTrebleHz = 2800.0f, kPresenceHz = 5500.0f;
using ArrayCoefficients = juce::dsp::IIR::ArrayCoefficients<float>;
} // namespace

void ToneStack::prepare(double sampleRate)
{
    sampleRate_ = sampleRate;
    for (auto& g : gainsDb_) g.reset(sampleRate, 0.05);
    for (size_t b = 0; b < kBands; ++b)
        coefficients_[b] = new juce::dsp::IIR::Coefficients<float>(1.0f, 0.0f, 0.0f, 1.0f, 0.0f, 0.0f);
    for (auto& channel : filters_)
        for (size_t b = 0; b < kBands; ++b)
            channel[b].coefficients = coefficients_[b];
    updateCoefficients();
    reset();
}

void ToneStack::reset() noexcept
{
    for (auto& g : gainsDb_) g.setCurrentAndTargetValue(g.getTargetValue());
    updateCoefficients();
    for (auto& channel : filters_)
        for (auto& f : channel) f.reset();
}

void ToneStack::setGains(float bassDb, float midDb, float trebleDb, float presenceDb) noexcept
{
    gainsDb_[0].setTargetValue(bassDb);
    gainsDb_[1].setTargetValue(midDb);
    gainsDb_[2].setTargetValue(trebleDb);
    gainsDb_[3].setTargetValue(presenceDb);
}

void ToneStack::updateCoefficients() noexcept
{
    const auto sr = sampleRate_;
    const auto gain = [](float db) { return juce::Decibels::decibelsToGain(db); };
    const float nyquistGuard = static_cast<float>(sr * 0.45);
    *coefficients_[0] = ArrayCoefficients::makeLowShelf(sr, kBassHz, 0.707f, gain(gainsDb_[0].getCurrentValue()));
    *coefficients_[1] = ArrayCoefficients::makePeakFilter(sr, kMidHz, 0.8f, gain(gainsDb_[1].getCurrentValue()));
    *coefficients_[2] = ArrayCoefficients::makeHighShelf(sr, std::min(kTrebleHz, nyquistGuard), 0.707f,
                                                         gain(gainsDb_[2].getCurrentValue()));
    *coefficients_[3] = ArrayCoefficients::makePeakFilter(sr, std::min(kPresenceHz, nyquistGuard), 0.9f,
                                                          gain(gainsDb_[3].getCurrentValue()));
    flat_ = true;
    for (const auto& g : gainsDb_)
        if (g.getCurrentValue() != 0.0f) flat_ = false;
}

void ToneStack::process(juce::dsp::AudioBlock<float> block) noexcept
{
    const int numChannels = std::min(static_cast<int>(block.getNumChannels()), kMaxChannels);
    const int n = static_cast<int>(block.getNumSamples());
    bool smoothing = false;
    for (const auto& g : gainsDb_) smoothing = smoothing || g.isSmoothing();
    if (!smoothing && flat_) {
        // All gains at exactly 0 dB: the filters are identities; keep their state moving anyway
        // so that turning a knob later starts from the right history.
        for (int ch = 0; ch < numChannels; ++ch) {
            auto* x = block.getChannelPointer(static_cast<size_t>(ch));
            for (auto& f : filters_[static_cast<size_t>(ch)])
                for (int i = 0; i < n; ++i) x[i] = f.processSample(x[i]);
        }
        return;
    }
    for (int start = 0; start < n; start += kUpdateInterval) {
        const int len = std::min(kUpdateInterval, n - start);
        if (smoothing) {
            for (auto& g : gainsDb_) g.skip(len);
            updateCoefficients();
            smoothing = false;
            for (const auto& g : gainsDb_) smoothing = smoothing || g.isSmoothing();
        }
        for (int ch = 0; ch < numChannels; ++ch) {
            auto* x = block.getChannelPointer(static_cast<size_t>(ch)) + start;
            for (auto& f : filters_[static_cast<size_t>(ch)])
                for (int i = 0; i < len; ++i) x[i] = f.processSample(x[i]);
        }
    }
}

void NoiseGate::prepare(double sampleRate) noexcept
{
    sampleRate_ = sampleRate;
    envelopeDecay_ = std::exp(-1.0f / static_cast<float>(0.010 * sampleRate));  // 10 ms peak decay
    attackCoeff_ = 1.0f - std::exp(-1.0f / static_cast<float>(0.001 * sampleRate));
    releaseMs_ = -1.0f;
    reset();
}

void NoiseGate::reset() noexcept
{
    envelope_ = 0.0f;
    open_ = !enabled_;
    gain_ = enabled_ ? 0.0f : 1.0f;
}

void NoiseGate::setParameters(bool enabled, float thresholdDb, float hysteresisDb, float releaseMs) noexcept
{
    enabled_ = enabled;
    openLevel_ = juce::Decibels::decibelsToGain(thresholdDb, -200.0f);
    closeLevel_ = juce::Decibels::decibelsToGain(thresholdDb - hysteresisDb, -200.0f);
    if (releaseMs != releaseMs_) {
        releaseMs_ = releaseMs;
        releaseCoeff_ = 1.0f - std::exp(-1.0f / static_cast<float>(std::max(0.1f, releaseMs) * 0.001 * sampleRate_));
    }
}

void NoiseGate::process(juce::dsp::AudioBlock<float> block) noexcept
{
    const int numChannels = static_cast<int>(block.getNumChannels());
    const int n = static_cast<int>(block.getNumSamples());
    if (!enabled_) {  // off: the signal passes untouched; the gate starts open when turned on
        gain_ = 1.0f;
        open_ = true;
        return;
    }
    for (int i = 0; i < n; ++i) {
        float peak = 0.0f;
        for (int ch = 0; ch < numChannels; ++ch)
            peak = std::max(peak, std::abs(block.getSample(ch, i)));
        envelope_ = std::max(peak, envelope_ * envelopeDecay_);
        if (!open_ && envelope_ > openLevel_) open_ = true;
        else if (open_ && envelope_ < closeLevel_) open_ = false;
        const float target = (!enabled_ || open_) ? 1.0f : 0.0f;
        gain_ += (target - gain_) * (target > gain_ ? attackCoeff_ : releaseCoeff_);
        if (std::abs(target - gain_) < 1e-6f) gain_ = target;
        if (gain_ != 1.0f)
            for (int ch = 0; ch < numChannels; ++ch)
                block.setSample(ch, i, block.getSample(ch, i) * gain_);
    }
}

} // namespace waveamp::plugin
