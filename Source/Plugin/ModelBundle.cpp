#include "ModelBundle.h"
#include "ModelLoader.h"
#include <cmath>

namespace waveamp::plugin {

std::unique_ptr<ModelBundle> ModelBundle::build(const ModelSource& source, const HostConfig& host,
                                                double slimmableSize)
{
    LoadOptions options;
    options.slimmableSize = slimmableSize;
    std::unique_ptr<ModelBundle> b(new ModelBundle());
    b->source_ = source;
    b->host_ = host;
    const std::string sourceName = source.name.toStdString();
    for (size_t ch = 0; ch < kChannels; ++ch) {
        auto model = ModelLoader::loadString(source.text, sourceName, options);
        const double modelRate = model->info().sampleRate;
        b->adapters_[ch].prepare(host.sampleRate, modelRate, host.maxBlockSize);
        // The model runs at its own rate; it sees at most maxModelBlock() samples per call.
        model->prepare(modelRate, b->adapters_[ch].maxModelBlock());
        model->prewarm();
        b->models_[ch] = std::move(model);
    }
    const auto& info = b->info();
    b->receptiveFieldHost_ = static_cast<int>(std::ceil(b->models_[0]->receptiveField()
                                                        * host.sampleRate / info.sampleRate))
                             + b->latencySamples();
    // Settle the resamplers on silence too, so the first real samples meet a steady state.
    if (b->adapters_[0].active()) {
        std::vector<float> silence(static_cast<size_t>(host.maxBlockSize), 0.0f);
        for (int ch = 0; ch < kChannels; ++ch) {
            int remaining = b->adapters_[static_cast<size_t>(ch)].latencySamples() + host.maxBlockSize;
            while (remaining > 0) {
                const int n = std::min(remaining, host.maxBlockSize);
                b->process(ch, silence.data(), silence.data(), n);
                std::fill(silence.begin(), silence.end(), 0.0f);
                remaining -= n;
            }
        }
    }
    return b;
}

void ModelBundle::process(int ch, const float* in, float* out, int n) noexcept
{
    Model& model = *models_[static_cast<size_t>(ch)];
    adapters_[static_cast<size_t>(ch)].process(in, out, n, [&model](const float* i, float* o, int k) {
        model.process(i, o, k);
    });
}

juce::String ModelBundle::describe(const ModelInfo& i)
{
    juce::String s = juce::String(i.format) + " - " + juce::String(i.architecture);
    s << " - " << juce::String(i.sampleRate / 1000.0, 1) << " kHz";
    if (!i.sampleRateKnown) s << " (assumed)";
    return s;
}

} // namespace waveamp::plugin
