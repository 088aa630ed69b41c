#pragma once
// Post-model tone controls: bass (low shelf), mid (peak), treble (high shelf) and presence
// (high-frequency peak), JUCE dsp::IIR biquads per channel. Gains are smoothed and the
// coefficients recomputed every kUpdateInterval samples while they move (no zipper noise,
// no allocation: the coefficient objects are assigned in place).
#include <juce_dsp/juce_dsp.h>
#include <array>

namespace waveamp::plugin {

class ToneStack {
public:
    static constexpr int kBands = 4;
    static constexpr int kMaxChannels = 2;
    static constexpr int kUpdateInterval = 16;

    void prepare(double sampleRate);
    void reset() noexcept;
    // Targets in dB: bass, mid, treble, presence.
    void setGains(float bassDb, float midDb, float trebleDb, float presenceDb) noexcept;
    void process(juce::dsp::AudioBlock<float> block) noexcept;

private:
    void updateCoefficients() noexcept;

    double sampleRate_ = 48000.0;
    std::array<juce::SmoothedValue<float>, kBands> gainsDb_;
    std::array<juce::dsp::IIR::Coefficients<float>::Ptr, kBands> coefficients_;
    std::array<std::array<juce::dsp::IIR::Filter<float>, kBands>, kMaxChannels> filters_;
    bool flat_ = true;
};

// A noise gate whose detector sees the signal before the model: a peak envelope opens the gate
// above the threshold and closes it below threshold - hysteresis; the gain opens in ~1 ms and
// closes over the release time.
class NoiseGate {
public:
    void prepare(double sampleRate) noexcept;
    void reset() noexcept;
    void setParameters(bool enabled, float thresholdDb, float hysteresisDb, float releaseMs) noexcept;
    // Applies the gate to every channel of the block; the detector uses the loudest channel.
    void process(juce::dsp::AudioBlock<float> block) noexcept;
    bool isOpen() const noexcept { return open_; }

private:
    double sampleRate_ = 48000.0;
    bool enabled_ = true;
    float openLevel_ = 0.0f, closeLevel_ = 0.0f;
    float envelope_ = 0.0f, envelopeDecay_ = 0.0f;
    float gain_ = 1.0f, attackCoeff_ = 0.0f, releaseCoeff_ = 0.0f;
    float releaseMs_ = -1.0f;
    bool open_ = true;
};

} // namespace waveamp::plugin
