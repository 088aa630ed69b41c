#pragma once
// The interface every playable model implements. Real-time contract:
//  - prepare() does all allocation and sizing;
//  - process() never allocates, locks, waits or does I/O, for any n >= 1
//    (blocks larger than the prepared size are processed in chunks);
//  - reset() and prewarm() are for the non-real-time side (they do not allocate either).
#include "kernels/LayerKernel.h"
#include <string>
#include <vector>

namespace waveamp {

struct ModelInfo {
    std::string format;        // "WaveNetVA JSON" or "NAM"
    std::string architecture;  // e.g. "WaveNet (gated, 16 ch, 10 layers)"
    std::string name;          // metadata name, or empty
    std::string modeledBy;     // NAM metadata
    std::string gearMake, gearModel, gearType, toneType;
    std::string version;       // .nam file version
    double sampleRate = 48000.0;  // rate the model was trained at
    bool sampleRateKnown = false; // false when the file did not say (NAM assumes 48 kHz)
    // Optional level metadata; *Known flags say whether the file carried the value.
    double loudness = 0.0;  bool loudnessKnown = false;        // NAM: dB of output on a standard input
    double inputLevelDbu = 0.0;  bool inputLevelKnown = false; // NAM: interface level at 0 dBFS input
    double outputLevelDbu = 0.0; bool outputLevelKnown = false;
    double gain = 0.0;  bool gainKnown = false;                // NAM metadata "gain"
    double levelAdjust = 0.0;  // SmartGuitarAmp: linear output gain, applied by the model when non-zero
    long long macsPerSample = 0;  // multiply-accumulates per output sample
    long long parameterCount = 0;
    // SlimmableContainer (NAM A2): each submodel's max_value, ascending, and which one this
    // model is (see LoadOptions::slimmableSize). Empty / -1 for every other model.
    std::vector<double> submodelMaxValues;
    int activeSubmodel = -1;
};

// Recurrent models settle to their silent steady state in far less than this in practice (NAM's
// trainer burns an LSTM's initial state in on 48,000 zeros); it caps prewarm() for them.
inline constexpr int kRecurrentSettleSamples = 48000;

class Model {
public:
    virtual ~Model() = default;

    // hostSampleRate is the rate process() will be fed at; WaveAmp's callers resample
    // to info().sampleRate, so normally the two match. Allocates.
    void prepare(double hostSampleRate, int maxBlockSize);
    // Any numSamples >= 1; blocks larger than the prepared size are processed in chunks.
    // in and out may be the same buffer.
    void process(const float* in, float* out, int numSamples) noexcept;
    // Returns to the initial state: zero history (PyTorch's zero padding); a recurrent model's
    // initial hidden/cell state (zeros, or the one a NAM LSTM file stores).
    void reset() noexcept;

    // Samples of past input that influence the current output, current sample included.
    // Recurrent models remember without bound: for them it is the horizon within which their
    // state settles in practice (the prewarm limit, and how long the plugin warms a new model in).
    virtual int receptiveField() const noexcept = 0;
    virtual const ModelInfo& info() const noexcept = 0;
    // For loaders that wrap a built model (a container adds its metadata): every model keeps
    // its ModelInfo as a plain member, so this is the same object info() returns.
    ModelInfo& mutableInfo() noexcept { return const_cast<ModelInfo&>(info()); }

    // Runs silence through the model (from reset()) until its state is the steady state for
    // silence, at most receptiveField() samples, so that playback starts without a start-up
    // thump. Requires prepare().
    void prewarm() noexcept;

    int maxBlockSize() const noexcept { return maxBlock_; }
    // Idle skipping is on by default; off only to prove in tests that it changes nothing.
    void setIdleSkipping(bool enabled) noexcept { idleSkipping_ = enabled; }
    // The instruction set the layer kernels run on (chosen in prepare(); see LayerKernel.h).
    kernels::Isa kernelIsa() const noexcept { return isa_; }
    double hostSampleRate() const noexcept { return hostRate_; }

protected:
    virtual void prepareModel(int maxBlockSize) = 0;             // allocate for maxBlockSize
    virtual void resetModel() noexcept = 0;
    virtual void processChunk(const float* in, float* out, int n) noexcept = 0;  // n <= max
    // True when the state provably is the steady state for silence: every further zero input
    // gives the same output, bit for bit. By default, after a receptive field of zeros; recurrent
    // models also need their state to have stopped changing (NamLstmModel, KerasModel).
    virtual bool settledOnSilence() const noexcept { return silentRun_ >= receptiveField(); }

    int maxBlock_ = 0;
    double hostRate_ = 0.0;
    // Idle skipping: once settledOnSilence() (e.g. a receptive field of exact-zero input), the
    // state is the silent steady state and every output equals the last one computed, so further
    // silent blocks are answered without running the network (bit-identical output).
    bool idleSkipping_ = true;
    long long silentRun_ = 0;
    float steadyOutput_ = 0.0f;
    kernels::Isa isa_ = kernels::Isa::Reference;
};

} // namespace waveamp
