#pragma once
// A model ready for the audio thread: one engine instance per channel (dual mono needs two
// histories), each wrapped in a RateAdapter so it runs at its training rate, plus what the
// editor shows. Built, prepared and prewarmed off the audio thread (build()), handed to the
// audio thread whole, and destroyed off it again.
#include "Model.h"
#include "RateAdapter.h"
#include <juce_core/juce_core.h>
#include <array>
#include <memory>
#include <string>

namespace waveamp::plugin {

// Where a model came from: everything needed to rebuild it and to save it in a session.
struct ModelSource {
    std::string text;         // the model file's full content (embedded in saved state)
    juce::String name;        // file name, or the embedded default model's name
    juce::String path;        // full path when loaded from a file, else empty
    bool isDefault = false;   // the embedded default model
};

// The host side of a model: the rate and the largest block the processor will hand it.
struct HostConfig {
    double sampleRate = 0.0;
    int maxBlockSize = 0;
    bool valid() const noexcept { return sampleRate > 0.0 && maxBlockSize > 0; }
    bool operator==(const HostConfig&) const = default;
};

class ModelBundle {
public:
    static constexpr int kChannels = 2;

    // Parses, validates, builds, prepares and prewarms. Throws waveamp::ModelError.
    // slimmableSize picks a SlimmableContainer's submodel (see LoadOptions); others ignore it.
    static std::unique_ptr<ModelBundle> build(const ModelSource& source, const HostConfig& host,
                                              double slimmableSize = 1.0);

    // Audio thread: channel ch (0 or 1), n <= host.maxBlockSize. in and out may alias.
    void process(int ch, const float* in, float* out, int n) noexcept;

    const ModelInfo& info() const noexcept { return models_[0]->info(); }
    const ModelSource& source() const noexcept { return source_; }
    const HostConfig& host() const noexcept { return host_; }
    // Input-to-output delay in host samples (resampling only; the model itself is causal).
    int latencySamples() const noexcept { return adapters_[0].latencySamples(); }
    // The model's receptive field, in host samples.
    int receptiveFieldHostSamples() const noexcept { return receptiveFieldHost_; }

    // Level metadata for the processor (dB; 0 when unknown).
    bool hasInputLevel() const noexcept { return info().inputLevelKnown; }
    float inputLevelDbu() const noexcept { return static_cast<float>(info().inputLevelDbu); }
    bool hasLoudness() const noexcept { return info().loudnessKnown; }
    float loudnessDb() const noexcept { return static_cast<float>(info().loudness); }

    // SlimmableContainer models: how many sizes there are and which one plays.
    bool slimmable() const noexcept { return !info().submodelMaxValues.empty(); }

    juce::String description() const { return describe(info()); }
    // "NAM - WaveNet (...) - 48.0 kHz"
    static juce::String describe(const ModelInfo& info);

private:
    ModelBundle() = default;
    ModelSource source_;
    HostConfig host_;
    std::array<std::unique_ptr<Model>, kChannels> models_;
    std::array<RateAdapter, kChannels> adapters_;
    int receptiveFieldHost_ = 0;
};

} // namespace waveamp::plugin
