#pragma once
// WaveAmp's AudioProcessor. Signal chain, per channel (mono, or stereo as summed or dual mono):
//   input gain -> noise gate -> model (at its training rate) -> tone stack -> cabinet IR
//   -> output level -> dry/wet -> bypass
//
// Threads:
//  - audio thread: processBlock only. Never allocates, locks or waits.
//  - message thread: parameters, state, load requests (loadModelFile, loadImpulseResponse...).
//  - worker thread ("WaveAmp loader"): parses, validates, builds, prepares and prewarms models,
//    reads impulse responses, and frees retired models.
// A built model reaches the audio thread through one atomic pointer (pending_), is crossfaded
// in over ~30 ms, and the old one leaves through a lock-free FIFO to the worker, which deletes it.
#include "ModelBundle.h"
#include "Parameters.h"
#include "ToneStack.h"
#include <juce_audio_processors/juce_audio_processors.h>
#include <juce_dsp/juce_dsp.h>
#include <atomic>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>

namespace waveamp::plugin {

class WaveAmpProcessor : public juce::AudioProcessor {
public:
    WaveAmpProcessor();
    ~WaveAmpProcessor() override;

    // --- juce::AudioProcessor
    void prepareToPlay(double sampleRate, int maximumExpectedSamplesPerBlock) override;
    void releaseResources() override;
    bool isBusesLayoutSupported(const BusesLayout& layouts) const override;
    void processBlock(juce::AudioBuffer<float>&, juce::MidiBuffer&) override;
    using AudioProcessor::processBlock;

    juce::AudioProcessorEditor* createEditor() override;
    bool hasEditor() const override { return true; }
    const juce::String getName() const override { return "WaveAmp"; }
    bool acceptsMidi() const override { return false; }
    bool producesMidi() const override { return false; }
    bool isMidiEffect() const override { return false; }
    double getTailLengthSeconds() const override;
    int getNumPrograms() override { return 1; }
    int getCurrentProgram() override { return 0; }
    void setCurrentProgram(int) override {}
    const juce::String getProgramName(int) override { return "Default"; }
    void changeProgramName(int, const juce::String&) override {}
    void getStateInformation(juce::MemoryBlock& destData) override;
    void setStateInformation(const void* data, int sizeInBytes) override;
    juce::AudioProcessorParameter* getBypassParameter() const override;

    // --- Loading (message thread; the work happens on the worker thread)
    void loadModelFile(const juce::File& file);
    void loadModel(ModelSource source);
    void loadDefaultModel();
    void loadImpulseResponseFile(const juce::File& file);
    void loadImpulseResponse(juce::AudioBuffer<float> samples, double sampleRate,
                             const juce::String& name, const juce::String& path);
    void clearImpulseResponse();
    static bool isModelFile(const juce::File& f);
    static bool isImpulseResponseFile(const juce::File& f);

    // What the editor shows. Safe from any thread except the audio thread.
    struct Status {
        juce::String modelName, modelDescription, modelError;
        juce::String irName, irError;
        double modelSampleRate = 0.0;
        int latencySamples = 0;
        bool irLoaded = false;
        // SlimmableContainer (NAM A2): the size control applies; which submodel of how many plays.
        bool modelSlimmable = false;
        int activeSubmodel = -1, submodelCount = 0;
    };
    Status getStatus() const;
    // Bumped whenever getStatus() would return something new.
    int statusVersion() const noexcept { return statusVersion_.load(); }
    ModelSource currentModelSource() const;

    // Meters for the editor (audio thread writes, anyone reads).
    // Peak since the last call (linear), for the editor's meters.
    float takeInputPeak() noexcept { return inputPeak_.exchange(0.0f, std::memory_order_relaxed); }
    float takeOutputPeak() noexcept { return outputPeak_.exchange(0.0f, std::memory_order_relaxed); }
    // Model time as a fraction of the block's real-time budget (smoothed).
    float modelCpuLoad() const noexcept { return cpuLoad_.load(std::memory_order_relaxed); }

    // For tests and tools: waits until the worker has nothing queued and the audio thread has
    // taken (or been offered) the newest model. Returns false on timeout.
    bool waitForWorker(int timeoutMs);
    bool isModelSwitchInFlight() const noexcept;
    int crossfadeLengthSamples() const noexcept { return fadeLength_; }

private:
    // Held from the top of the destructor until apvts (declared after it, so destroyed before
    // it) is gone. apvts is a juce::Timer whose callback runs on the message thread outside any
    // lock we could take; a host that destroys the plugin on another thread (an LV2 host's
    // cleanup, or any host without JUCE's VST3 wrapper, which takes this same lock) would
    // otherwise free apvts while that callback runs.
    std::optional<juce::MessageManagerLock> teardownLock_;

public:
    juce::AudioProcessorValueTreeState apvts;

private:
    class Worker;
    friend class StateCodec;

    // Worker side
    void enqueue(std::function<void()> job);
    void buildAndPublish(const ModelSource& source);
    // Worker, when idle: rebuilds a SlimmableContainer model when the size parameter now selects
    // another submodel (the new one is crossfaded in like any model switch).
    void followModelSize();
    void noteSlimmable(const ModelInfo& info);  // status and latestSubmodels_ (worker / stopped)
    void reportModelError(const juce::String& name, const juce::String& message);
    void installImpulseResponse(juce::AudioBuffer<float> samples, double sampleRate,
                                const juce::String& name, const juce::String& path);
    void drainRetired();
    void updateLatencyFromWorker(int latency);
    std::atomic<int> pendingHostLatency_ { 0 };
    // Latency changes found on the worker reach the host on the message thread. The message holds
    // this relay, not `this`: a host may destroy the plugin on a thread other than JUCE's message
    // thread (Ardour's VST3 host does, while JUCE runs its own message thread on Linux), so the
    // destructor clears `owner` under the mutex and a late message finds nothing to call.
    struct LatencyRelay {
        std::mutex mutex;
        WaveAmpProcessor* owner = nullptr;
    };
    std::shared_ptr<LatencyRelay> latencyRelay_ = std::make_shared<LatencyRelay>();
    void bumpStatus() { statusVersion_.fetch_add(1); }

    // Audio side
    void processChunk(juce::AudioBuffer<float>& buffer, int start, int n, int numIn, int numOut) noexcept;
    void runModelStage(float* const* channels, int numChannels, int n) noexcept;
    void runBundle(ModelBundle& bundle, const float* const* in, float* const* out, int numChannels,
                   int n, bool summed, float inTrim, float outTrim) noexcept;
    void takePendingModel() noexcept;
    bool retire(ModelBundle* bundle) noexcept;
    void updateParameters() noexcept;
    float inputTrimFor(const ModelBundle& b) const noexcept;
    float outputTrimFor(const ModelBundle& b) const noexcept;

    // --- parameters (audio thread reads these directly)
    struct Raw {
        std::atomic<float>* inputGain; std::atomic<float>* gateEnabled; std::atomic<float>* gateThreshold;
        std::atomic<float>* gateHysteresis; std::atomic<float>* gateRelease; std::atomic<float>* bass;
        std::atomic<float>* mid; std::atomic<float>* treble; std::atomic<float>* presence;
        std::atomic<float>* cabEnabled; std::atomic<float>* outputLevel; std::atomic<float>* mix;
        std::atomic<float>* bypass; std::atomic<float>* stereoMode; std::atomic<float>* inputCalibration;
        std::atomic<float>* interfaceLevel; std::atomic<float>* normalizeOutput; std::atomic<float>* modelSize;
    } raw_ {};

    // --- worker and configuration
    std::unique_ptr<Worker> worker_;
    mutable std::mutex configMutex_;   // worker <-> message thread only, never the audio thread
    HostConfig config_;                 // guarded by configMutex_
    ModelSource latestSource_;          // newest successfully built model (guarded)
    std::vector<double> latestMaxValues_;  // its submodels' max_values, if slimmable (guarded)
    int latestSubmodel_ = -1;              // the submodel it plays (guarded)
    int requestedSubmodel_ = -1;           // worker only: the last size-driven rebuild tried

    // --- status (guarded by statusMutex_)
    mutable std::mutex statusMutex_;
    Status status_;
    juce::AudioBuffer<float> irSamples_;  // the loaded IR as loaded (for saved state)
    double irSampleRate_ = 0.0;
    juce::String irPath_;
    std::atomic<int> statusVersion_ { 0 };

    // --- model hand-off
    std::atomic<ModelBundle*> pending_ { nullptr };
    static constexpr int kRetireSlots = 32;
    juce::AbstractFifo retireFifo_ { kRetireSlots };
    std::array<ModelBundle*, kRetireSlots> retireSlots_ {};
    ModelBundle* current_ = nullptr;  // audio thread (and prepareToPlay while stopped)
    ModelBundle* next_ = nullptr;     // audio thread: being warmed in / faded in
    int warmRemaining_ = 0, fadePos_ = 0, fadeLength_ = 0;
    std::atomic<bool> switchInFlight_ { false };
    int activeLatency_ = 0;
    bool summedActive_ = true;  // stereo mode in use (changes are ducked, see runModelStage)
    int duckState_ = 0;         // -1 fading out, +1 fading in, 0 steady
    float duckGain_ = 1.0f, duckStep_ = 0.0f;

    // --- DSP (audio thread)
    HostConfig audioConfig_;
    NoiseGate gate_;
    ToneStack tone_;
    juce::dsp::Convolution cab_;
    std::atomic<bool> irLoaded_ { false };
    // A cabinet IR on its way to the audio thread, which hands it to cab_ itself: JUCE's
    // Convolution keeps a not-yet-queued IR in a member that both loadImpulseResponse and process
    // touch, so loading on the worker while audio ran was a data race (found by the TSan stress
    // test). The emptied holder goes back to the worker (spentIr_), which deletes it.
    struct PendingIr {
        juce::AudioBuffer<float> samples;
        double sampleRate = 0.0;
        bool stereo = false;
    };
    std::atomic<PendingIr*> pendingIr_ { nullptr };
    std::atomic<PendingIr*> spentIr_ { nullptr };
    void takePendingIr() noexcept;
    static constexpr int kMaxLatency = 16384;
    juce::dsp::DryWetMixer<float> dryWet_ { kMaxLatency };
    juce::SmoothedValue<float> inputGain_, outputGain_, cabMix_, inTrim_, outTrim_;
    juce::AudioBuffer<float> work_, scratchA_, scratchB_, cabOut_;
    std::vector<float> mono_;

    std::atomic<float> inputPeak_ { 0.0f }, outputPeak_ { 0.0f }, cpuLoad_ { 0.0f };
    float cpuSmoothed_ = 0.0f;
    double ticksPerSecond_ = 1.0;

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR(WaveAmpProcessor)
};

} // namespace waveamp::plugin
