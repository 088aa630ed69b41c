#include "PluginProcessor.h"
#include "ModelLoader.h"
#include "PluginEditor.h"
#include "StateCodec.h"
#include "WaveAmpBinaryData.h"
#include <cmath>
#include <condition_variable>

namespace waveamp::plugin {

namespace {

constexpr double kCrossfadeSeconds = 0.030;
constexpr double kMaxWarmInSeconds = 0.200;

ModelSource embeddedDefaultModel()
{
    ModelSource s;
    s.text.assign(WaveAmpBinaryData::default_json, static_cast<size_t>(WaveAmpBinaryData::default_jsonSize));
    s.name = "default.json (embedded default model)";
    s.isDefault = true;
    return s;
}

inline void sanitize(float* x, int n) noexcept
{
    for (int i = 0; i < n; ++i)
        if (!std::isfinite(x[i])) x[i] = 0.0f;
}

// Multiplies every channel by a smoothed gain: per sample while it moves, vectorised after.
void applyGain(juce::SmoothedValue<float>& gain, float* const* ch, int chans, int n) noexcept
{
    if (gain.isSmoothing()) {
        for (int i = 0; i < n; ++i) {
            const float g = gain.getNextValue();
            for (int c = 0; c < chans; ++c) ch[c][i] *= g;
        }
    } else if (const float g = gain.getTargetValue(); g != 1.0f) {
        for (int c = 0; c < chans; ++c) juce::FloatVectorOperations::multiply(ch[c], g, n);
    }
}

inline float peakOf(const float* x, int n) noexcept
{
    float p = 0.0f;
    for (int i = 0; i < n; ++i) p = std::max(p, std::abs(x[i]));
    return p;
}

} // namespace

//==================================================================================================
// The worker: runs jobs in order, and between jobs frees the models the audio thread retired.
class WaveAmpProcessor::Worker : public juce::Thread {
public:
    explicit Worker(WaveAmpProcessor& owner) : juce::Thread("WaveAmp loader"), owner_(owner)
    {
        startThread();
    }
    ~Worker() override
    {
        signalThreadShouldExit();
        wake_.signal();
        stopThread(10000);
    }
    void add(std::function<void()> job)
    {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            jobs_.push_back(std::move(job));
        }
        wake_.signal();
    }
    bool idle()
    {
        std::lock_guard<std::mutex> lock(mutex_);
        return jobs_.empty() && !busy_;
    }
    void run() override
    {
        while (!threadShouldExit()) {
            std::function<void()> job;
            {
                std::lock_guard<std::mutex> lock(mutex_);
                if (!jobs_.empty()) {
                    job = std::move(jobs_.front());
                    jobs_.pop_front();
                    busy_ = true;
                }
            }
            if (job) {
                try {
                    job();
                } catch (const std::exception& e) {
                    owner_.reportModelError({}, e.what());
                } catch (...) {
                    owner_.reportModelError({}, "unexpected error while loading");
                }
                std::lock_guard<std::mutex> lock(mutex_);
                busy_ = false;
                continue;
            }
            owner_.drainRetired();
            owner_.followModelSize();
            wake_.wait(20);
        }
        owner_.drainRetired();
    }

private:
    WaveAmpProcessor& owner_;
    std::mutex mutex_;
    std::deque<std::function<void()>> jobs_;
    bool busy_ = false;
    juce::WaitableEvent wake_;
};

//==================================================================================================
WaveAmpProcessor::WaveAmpProcessor()
    : AudioProcessor(BusesProperties()
                         .withInput("Input", juce::AudioChannelSet::stereo(), true)
                         .withOutput("Output", juce::AudioChannelSet::stereo(), true)),
      apvts(*this, nullptr, "PARAMETERS", params::createLayout())
{
    auto raw = [this](const juce::ParameterID& id) {
        auto* p = apvts.getRawParameterValue(id.getParamID());
        jassert(p != nullptr);
        return p;
    };
    raw_ = { raw(params::inputGain), raw(params::gateEnabled), raw(params::gateThreshold),
             raw(params::gateHysteresis), raw(params::gateRelease), raw(params::bass),
             raw(params::mid), raw(params::treble), raw(params::presence), raw(params::cabEnabled),
             raw(params::outputLevel), raw(params::mix), raw(params::bypass),
             raw(params::stereoMode), raw(params::inputCalibration), raw(params::interfaceLevel),
             raw(params::normalizeOutput), raw(params::modelSize) };

    latestSource_ = embeddedDefaultModel();
    {
        // Show the default model's details before anything is prepared.
        try {
            auto m = ModelLoader::loadString(latestSource_.text, latestSource_.name.toStdString());
            status_.modelName = latestSource_.name;
            status_.modelSampleRate = m->info().sampleRate;
            status_.modelDescription = ModelBundle::describe(m->info());
        } catch (const std::exception& e) {
            status_.modelError = e.what();
        }
    }
    latencyRelay_->owner = this;
    worker_ = std::make_unique<Worker>(*this);
}

WaveAmpProcessor::~WaveAmpProcessor()
{
    // Off the message thread, the message thread is parked until every member is gone (see
    // teardownLock_). JUCE's VST3 wrapper on Linux already holds this lock here; the lock is
    // reentrant for the thread that holds it, and free on the message thread itself.
    if (auto* mm = juce::MessageManager::getInstanceWithoutCreating();
        mm != nullptr && !mm->currentThreadHasLockedMessageManager())
        teardownLock_.emplace();
    {
        std::lock_guard<std::mutex> lock(latencyRelay_->mutex);  // waits out a message in progress
        latencyRelay_->owner = nullptr;
    }
    worker_.reset();  // joins; nothing else touches the models after this
    delete pending_.exchange(nullptr);
    delete pendingIr_.exchange(nullptr);
    drainRetired();
    delete next_;
    delete current_;
}

//==================================================================================================
bool WaveAmpProcessor::isBusesLayoutSupported(const BusesLayout& layouts) const
{
    const auto in = layouts.getMainInputChannelSet();
    const auto out = layouts.getMainOutputChannelSet();
    const auto monoOrStereo = [](const juce::AudioChannelSet& s) {
        return s == juce::AudioChannelSet::mono() || s == juce::AudioChannelSet::stereo();
    };
    if (!monoOrStereo(out)) return false;
    if (in.isDisabled()) return true;
    return monoOrStereo(in) && in.size() <= out.size();
}

void WaveAmpProcessor::prepareToPlay(double sampleRate, int maximumExpectedSamplesPerBlock)
{
    const HostConfig cfg { sampleRate, std::max(1, maximumExpectedSamplesPerBlock) };
    audioConfig_ = cfg;
    const auto maxBlock = static_cast<juce::uint32>(cfg.maxBlockSize);
    const juce::dsp::ProcessSpec spec { sampleRate, maxBlock, 2 };

    gate_.prepare(sampleRate);
    tone_.prepare(sampleRate);
    work_.setSize(2, cfg.maxBlockSize);
    scratchA_.setSize(2, cfg.maxBlockSize);
    scratchB_.setSize(2, cfg.maxBlockSize);
    cabOut_.setSize(2, cfg.maxBlockSize);
    mono_.assign(static_cast<size_t>(cfg.maxBlockSize), 0.0f);

    ModelSource source;
    {
        std::lock_guard<std::mutex> lock(configMutex_);
        config_ = cfg;
        cab_.prepare(spec);
        source = latestSource_;
        delete pending_.exchange(nullptr);  // built for the old configuration
    }

    // Rebuild the playing model for the new rate and block size, here, with audio stopped.
    delete next_;
    next_ = nullptr;
    switchInFlight_ = false;
    std::unique_ptr<ModelBundle> bundle;
    try {
        bundle = ModelBundle::build(source, cfg, raw_.modelSize->load());
    } catch (const std::exception& e) {
        reportModelError(source.name, e.what());
        bundle = ModelBundle::build(embeddedDefaultModel(), cfg);
        std::lock_guard<std::mutex> lock(configMutex_);
        latestSource_ = bundle->source();
    }
    noteSlimmable(bundle->info());
    delete current_;
    current_ = bundle.release();
    activeLatency_ = current_->latencySamples();
    setLatencySamples(activeLatency_);
    {
        std::lock_guard<std::mutex> lock(statusMutex_);
        status_.modelName = current_->source().name;
        status_.modelDescription = current_->description();
        status_.modelSampleRate = current_->info().sampleRate;
        status_.latencySamples = activeLatency_;
    }
    bumpStatus();

    dryWet_.prepare(spec);
    dryWet_.setMixingRule(juce::dsp::DryWetMixingRule::linear);
    dryWet_.setWetLatency(static_cast<float>(activeLatency_));
    dryWet_.reset();

    for (auto* s : { &inputGain_, &outputGain_, &cabMix_ })
        s->reset(sampleRate, 0.02);
    fadeLength_ = std::max(1, static_cast<int>(std::lround(kCrossfadeSeconds * sampleRate)));
    summedActive_ = static_cast<int>(raw_.stereoMode->load()) == params::summed;
    duckState_ = 0;
    duckGain_ = 1.0f;
    duckStep_ = static_cast<float>(1.0 / (0.005 * sampleRate));
    warmRemaining_ = fadePos_ = 0;
    updateParameters();
    inputGain_.setCurrentAndTargetValue(inputGain_.getTargetValue());
    outputGain_.setCurrentAndTargetValue(outputGain_.getTargetValue());
    cabMix_.setCurrentAndTargetValue(cabMix_.getTargetValue());
    tone_.reset();
    gate_.reset();
    ticksPerSecond_ = static_cast<double>(juce::Time::getHighResolutionTicksPerSecond());
}

void WaveAmpProcessor::releaseResources()
{
    dryWet_.reset();
    cab_.reset();
}

double WaveAmpProcessor::getTailLengthSeconds() const
{
    return 0.5;  // the cabinet IR and the model's memory
}

juce::AudioProcessorParameter* WaveAmpProcessor::getBypassParameter() const
{
    return apvts.getParameter(params::bypass.getParamID());
}

//==================================================================================================
// Audio thread

void WaveAmpProcessor::takePendingIr() noexcept
{
    if (spentIr_.load(std::memory_order_acquire) != nullptr)
        return;  // the worker has not collected the last holder yet: take this one next block
    PendingIr* ir = pendingIr_.exchange(nullptr, std::memory_order_acq_rel);
    if (ir == nullptr) return;
    // Moves the buffer into JUCE's fixed-size command queue: no allocation on this thread.
    cab_.loadImpulseResponse(std::move(ir->samples), ir->sampleRate,
                             ir->stereo ? juce::dsp::Convolution::Stereo::yes : juce::dsp::Convolution::Stereo::no,
                             juce::dsp::Convolution::Trim::no, juce::dsp::Convolution::Normalise::yes);
    spentIr_.store(ir, std::memory_order_release);
}

void WaveAmpProcessor::updateParameters() noexcept
{
    const auto load = [](std::atomic<float>* p) { return p->load(std::memory_order_relaxed); };
    inputGain_.setTargetValue(juce::Decibels::decibelsToGain(load(raw_.inputGain)));
    outputGain_.setTargetValue(juce::Decibels::decibelsToGain(load(raw_.outputLevel), -100.0f));
    gate_.setParameters(load(raw_.gateEnabled) > 0.5f, load(raw_.gateThreshold),
                        load(raw_.gateHysteresis), load(raw_.gateRelease));
    tone_.setGains(load(raw_.bass), load(raw_.mid), load(raw_.treble), load(raw_.presence));
    const bool cabOn = load(raw_.cabEnabled) > 0.5f && irLoaded_.load(std::memory_order_acquire);
    cabMix_.setTargetValue(cabOn ? 1.0f : 0.0f);
    const bool bypassed = load(raw_.bypass) > 0.5f;
    dryWet_.setWetMixProportion(bypassed ? 0.0f : juce::jlimit(0.0f, 1.0f, load(raw_.mix) / 100.0f));
}

float WaveAmpProcessor::inputTrimFor(const ModelBundle& b) const noexcept
{
    if (raw_.inputCalibration->load(std::memory_order_relaxed) > 0.5f && b.hasInputLevel())
        return juce::Decibels::decibelsToGain(raw_.interfaceLevel->load(std::memory_order_relaxed)
                                              - b.inputLevelDbu());
    return 1.0f;
}

float WaveAmpProcessor::outputTrimFor(const ModelBundle& b) const noexcept
{
    if (raw_.normalizeOutput->load(std::memory_order_relaxed) > 0.5f && b.hasLoudness())
        return juce::Decibels::decibelsToGain(params::kNormalizedLoudnessDb - b.loudnessDb());
    return 1.0f;
}

bool WaveAmpProcessor::retire(ModelBundle* bundle) noexcept
{
    if (bundle == nullptr) return true;
    if (retireFifo_.getFreeSpace() < 1) return false;
    const auto scope = retireFifo_.write(1);
    if (scope.blockSize1 > 0) retireSlots_[static_cast<size_t>(scope.startIndex1)] = bundle;
    else retireSlots_[static_cast<size_t>(scope.startIndex2)] = bundle;
    return true;
}

void WaveAmpProcessor::takePendingModel() noexcept
{
    if (next_ != nullptr || retireFifo_.getFreeSpace() < 1)
        return;  // one switch at a time; a newer pending model waits (and replaces older ones)
    ModelBundle* b = pending_.exchange(nullptr, std::memory_order_acq_rel);
    if (b == nullptr) return;
    if (!(b->host() == audioConfig_)) {  // built for another configuration: never play it
        retire(b);
        return;
    }
    if (current_ == nullptr) {
        current_ = b;
        return;
    }
    next_ = b;
    switchInFlight_.store(true, std::memory_order_release);
    // Let the new model hear the live signal for its receptive field before it is heard.
    warmRemaining_ = std::min(b->receptiveFieldHostSamples(),
                              static_cast<int>(kMaxWarmInSeconds * audioConfig_.sampleRate));
    fadePos_ = 0;
}

void WaveAmpProcessor::runBundle(ModelBundle& b, const float* const* in, float* const* out,
                                 int numModels, int n, bool, float inTrim, float outTrim) noexcept
{
    for (int m = 0; m < numModels; ++m) {
        float* tmp = scratchA_.getWritePointer(m);
        const float* x = in[m];
        for (int i = 0; i < n; ++i) tmp[i] = x[i] * inTrim;
        b.process(m, tmp, out[m], n);
        float* y = out[m];
        for (int i = 0; i < n; ++i) y[i] = std::isfinite(y[i]) ? y[i] * outTrim : 0.0f;
    }
}

void WaveAmpProcessor::runModelStage(float* const* channels, int numChannels, int n) noexcept
{
    // Switching between summed and dual mono changes which model histories play: duck the
    // model's output (5 ms out, switch, 5 ms in) instead of clicking.
    const bool requested = numChannels == 1
                           || static_cast<int>(raw_.stereoMode->load(std::memory_order_relaxed)) == params::summed;
    if (duckState_ == 0 && requested != summedActive_) duckState_ = -1;
    if (duckState_ == -1 && duckGain_ <= 0.0f) {
        summedActive_ = requested;
        duckState_ = 1;
    }
    const bool summed = numChannels == 1 || summedActive_;
    float* monoPtr = mono_.data();
    float* modelIo[2] = { channels[0], numChannels > 1 ? channels[1] : nullptr };
    int numModels = numChannels;
    if (summed) {
        if (numChannels > 1)
            for (int i = 0; i < n; ++i) monoPtr[i] = 0.5f * (channels[0][i] + channels[1][i]);
        else
            std::copy(channels[0], channels[0] + n, monoPtr);
        modelIo[0] = monoPtr;
        numModels = 1;
    }

    if (next_ != nullptr) {
        // The incoming model first (it reads the input the current one then overwrites).
        float* nextOut[2] = { scratchB_.getWritePointer(0), scratchB_.getWritePointer(1) };
        runBundle(*next_, modelIo, nextOut, numModels, n, summed, inputTrimFor(*next_), outputTrimFor(*next_));
        runBundle(*current_, modelIo, modelIo, numModels, n, summed, inputTrimFor(*current_),
                  outputTrimFor(*current_));
        int i = 0;
        if (warmRemaining_ > 0) {
            const int warm = std::min(warmRemaining_, n);
            warmRemaining_ -= warm;
            i = warm;
        }
        for (; i < n && fadePos_ < fadeLength_; ++i, ++fadePos_) {
            const float t = static_cast<float>(fadePos_ + 1) / static_cast<float>(fadeLength_);
            const float g = 0.5f - 0.5f * std::cos(juce::MathConstants<float>::pi * t);
            for (int m = 0; m < numModels; ++m)
                modelIo[m][i] += g * (nextOut[m][i] - modelIo[m][i]);
        }
        for (; i < n; ++i)
            for (int m = 0; m < numModels; ++m) modelIo[m][i] = nextOut[m][i];
        if (fadePos_ >= fadeLength_ && warmRemaining_ == 0) {
            retire(current_);  // space was reserved when the switch began
            current_ = next_;
            next_ = nullptr;
            if (current_->latencySamples() != activeLatency_) {
                activeLatency_ = current_->latencySamples();
                dryWet_.setWetLatency(static_cast<float>(activeLatency_));
            }
            switchInFlight_.store(false, std::memory_order_release);
        }
    } else if (current_ != nullptr) {
        runBundle(*current_, modelIo, modelIo, numModels, n, summed, inputTrimFor(*current_),
                  outputTrimFor(*current_));
    }

    if (duckState_ != 0) {
        for (int i = 0; i < n; ++i) {
            duckGain_ = juce::jlimit(0.0f, 1.0f, duckGain_ + static_cast<float>(duckState_) * duckStep_);
            for (int m = 0; m < numModels; ++m) modelIo[m][i] *= duckGain_;
        }
        if (duckState_ == 1 && duckGain_ >= 1.0f) duckState_ = 0;
    }

    if (summed)
        for (int ch = 0; ch < numChannels; ++ch) std::copy(monoPtr, monoPtr + n, channels[ch]);
}

void WaveAmpProcessor::processChunk(juce::AudioBuffer<float>& buffer, int start, int n, int numIn,
                                    int numOut) noexcept
{
    const int chans = std::min(numOut, 2);
    for (int ch = 0; ch < chans; ++ch) {
        float* w = work_.getWritePointer(ch);
        if (numIn > 0) {
            const float* src = buffer.getReadPointer(std::min(ch, numIn - 1), start);
            std::copy(src, src + n, w);
            sanitize(w, n);
        } else {
            std::fill(w, w + n, 0.0f);
        }
    }
    auto block = juce::dsp::AudioBlock<float>(work_).getSubsetChannelBlock(0, static_cast<size_t>(chans))
                     .getSubBlock(0, static_cast<size_t>(n));
    dryWet_.pushDrySamples(block);

    float* ch[2] = { work_.getWritePointer(0), work_.getWritePointer(1) };
    applyGain(inputGain_, ch, chans, n);
    float inPeak = 0.0f;
    for (int c = 0; c < chans; ++c) inPeak = std::max(inPeak, peakOf(ch[c], n));
    inputPeak_.store(std::max(inPeak, inputPeak_.load(std::memory_order_relaxed)), std::memory_order_relaxed);

    gate_.process(block);

    const auto t0 = juce::Time::getHighResolutionTicks();
    runModelStage(ch, chans, n);
    const auto t1 = juce::Time::getHighResolutionTicks();
    const double budget = n / audioConfig_.sampleRate;
    const float load = static_cast<float>(static_cast<double>(t1 - t0) / ticksPerSecond_ / budget);
    const float a = std::min(1.0f, static_cast<float>(n) / static_cast<float>(0.3 * audioConfig_.sampleRate));
    cpuSmoothed_ += a * (load - cpuSmoothed_);
    cpuLoad_.store(cpuSmoothed_, std::memory_order_relaxed);

    tone_.process(block);

    if (cabMix_.isSmoothing() || cabMix_.getTargetValue() > 0.0f) {
        auto wet = juce::dsp::AudioBlock<float>(cabOut_).getSubsetChannelBlock(0, static_cast<size_t>(chans))
                       .getSubBlock(0, static_cast<size_t>(n));
        wet.copyFrom(block);
        cab_.process(juce::dsp::ProcessContextReplacing<float>(wet));
        for (int i = 0; i < n; ++i) {
            const float m = cabMix_.getNextValue();
            for (int c = 0; c < chans; ++c) {
                const float c0 = cabOut_.getSample(c, i);
                ch[c][i] += m * ((std::isfinite(c0) ? c0 : 0.0f) - ch[c][i]);
            }
        }
    }

    applyGain(outputGain_, ch, chans, n);

    dryWet_.mixWetSamples(block);

    float outPeak = 0.0f;
    for (int c = 0; c < numOut; ++c) {
        const float* src = work_.getReadPointer(std::min(c, chans - 1));
        buffer.copyFrom(c, start, src, n);
        outPeak = std::max(outPeak, peakOf(src, n));
    }
    outputPeak_.store(std::max(outPeak, outputPeak_.load(std::memory_order_relaxed)), std::memory_order_relaxed);
}

void WaveAmpProcessor::processBlock(juce::AudioBuffer<float>& buffer, juce::MidiBuffer&)
{
    juce::ScopedNoDenormals noDenormals;
    const int numIn = std::min(getTotalNumInputChannels(), buffer.getNumChannels());
    const int numOut = std::min(getTotalNumOutputChannels(), buffer.getNumChannels());
    const int n = buffer.getNumSamples();
    if (numOut <= 0 || n <= 0) return;
    if (current_ == nullptr || !audioConfig_.valid() || work_.getNumSamples() < 1) {
        buffer.clear();
        return;
    }
    updateParameters();
    takePendingModel();
    takePendingIr();
    const int maxChunk = audioConfig_.maxBlockSize;
    for (int start = 0; start < n; start += maxChunk)
        processChunk(buffer, start, std::min(maxChunk, n - start), numIn, numOut);
    for (int c = numOut; c < buffer.getNumChannels(); ++c) buffer.clear(c, 0, n);
}

//==================================================================================================
// Loading

bool WaveAmpProcessor::isModelFile(const juce::File& f)
{
    return f.hasFileExtension(".json;.nam");
}

bool WaveAmpProcessor::isImpulseResponseFile(const juce::File& f)
{
    return f.hasFileExtension(".wav;.aif;.aiff");
}

void WaveAmpProcessor::enqueue(std::function<void()> job)
{
    worker_->add(std::move(job));
}

void WaveAmpProcessor::loadModelFile(const juce::File& file)
{
    enqueue([this, file] {
        if (!file.existsAsFile()) {
            reportModelError(file.getFileName(), "file not found: " + file.getFullPathName());
            return;
        }
        const auto size = file.getSize();
        if (size > 64LL * 1024 * 1024) {
            reportModelError(file.getFileName(), "file too large (" + juce::String(size / (1024 * 1024))
                                                     + " MiB; the limit is 64 MiB)");
            return;
        }
        juce::MemoryBlock bytes;
        if (!file.loadFileAsData(bytes)) {
            reportModelError(file.getFileName(), "could not read " + file.getFullPathName());
            return;
        }
        ModelSource source;
        source.text.assign(static_cast<const char*>(bytes.getData()), bytes.getSize());
        source.name = file.getFileName();
        source.path = file.getFullPathName();
        buildAndPublish(source);
    });
}

void WaveAmpProcessor::loadModel(ModelSource source)
{
    enqueue([this, source = std::move(source)] { buildAndPublish(source); });
}

void WaveAmpProcessor::loadDefaultModel()
{
    loadModel(embeddedDefaultModel());
}

void WaveAmpProcessor::noteSlimmable(const ModelInfo& info)
{
    {
        std::lock_guard<std::mutex> lock(configMutex_);
        latestMaxValues_ = info.submodelMaxValues;
        latestSubmodel_ = info.activeSubmodel;
    }
    std::lock_guard<std::mutex> lock(statusMutex_);
    status_.modelSlimmable = !info.submodelMaxValues.empty();
    status_.activeSubmodel = info.activeSubmodel;
    status_.submodelCount = static_cast<int>(info.submodelMaxValues.size());
}

void WaveAmpProcessor::followModelSize()
{
    ModelSource source;
    int wanted = -1, playing = -1;
    {
        std::lock_guard<std::mutex> lock(configMutex_);
        if (latestMaxValues_.empty()) return;
        wanted = slimmableSubmodelFor(latestMaxValues_, raw_.modelSize->load());
        playing = latestSubmodel_;
        if (wanted == playing) {
            requestedSubmodel_ = playing;
            return;
        }
        if (wanted == requestedSubmodel_) return;  // tried already (and failed): do not retry in a loop
        requestedSubmodel_ = wanted;
        source = latestSource_;
    }
    buildAndPublish(source);
}

void WaveAmpProcessor::buildAndPublish(const ModelSource& source)
{
    try {
        HostConfig cfg;
        {
            std::lock_guard<std::mutex> lock(configMutex_);
            cfg = config_;
        }
        if (!cfg.valid()) {
            // Not prepared yet: validate now, build in prepareToPlay.
            LoadOptions options;
            options.slimmableSize = raw_.modelSize->load();
            auto model = ModelLoader::loadString(source.text, source.name.toStdString(), options);
            {
                std::lock_guard<std::mutex> lock(configMutex_);
                latestSource_ = source;
            }
            noteSlimmable(model->info());
            std::lock_guard<std::mutex> lock(statusMutex_);
            status_.modelName = source.name;
            status_.modelDescription = ModelBundle::describe(model->info());
            status_.modelSampleRate = model->info().sampleRate;
            status_.modelError = {};
        } else {
            int latency = 0;
            juce::String description;
            double rate = 0.0;
            std::vector<double> maxValues;
            int submodel = -1;
            for (;;) {
                auto bundle = ModelBundle::build(source, cfg, raw_.modelSize->load());
                std::lock_guard<std::mutex> lock(configMutex_);
                if (!(config_ == cfg)) {  // prepareToPlay ran meanwhile: build again
                    cfg = config_;
                    continue;
                }
                latency = bundle->latencySamples();
                description = bundle->description();
                rate = bundle->info().sampleRate;
                latestSource_ = source;
                maxValues = bundle->info().submodelMaxValues;
                submodel = bundle->info().activeSubmodel;
                delete pending_.exchange(bundle.release(), std::memory_order_acq_rel);
                break;
            }
            ModelInfo slim;
            slim.submodelMaxValues = std::move(maxValues);
            slim.activeSubmodel = submodel;
            noteSlimmable(slim);
            {
                std::lock_guard<std::mutex> lock(statusMutex_);
                status_.modelName = source.name;
                status_.modelDescription = description;
                status_.modelSampleRate = rate;
                status_.modelError = {};
                status_.latencySamples = latency;
            }
            updateLatencyFromWorker(latency);
        }
        bumpStatus();
    } catch (const std::exception& e) {
        reportModelError(source.name, e.what());
    }
}

void WaveAmpProcessor::updateLatencyFromWorker(int latency)
{
    // The host hears about latency changes on the message thread.
    pendingHostLatency_.store(latency);
    if (juce::MessageManager::getInstanceWithoutCreating() == nullptr) {
        setLatencySamples(latency);
        return;
    }
    juce::MessageManager::callAsync([relay = latencyRelay_] {
        std::lock_guard<std::mutex> lock(relay->mutex);
        if (relay->owner != nullptr)
            relay->owner->setLatencySamples(relay->owner->pendingHostLatency_.load());
    });
}

void WaveAmpProcessor::reportModelError(const juce::String& name, const juce::String& message)
{
    {
        std::lock_guard<std::mutex> lock(statusMutex_);
        status_.modelError = (name.isNotEmpty() ? name + ": " : juce::String()) + message;
    }
    bumpStatus();
}

void WaveAmpProcessor::loadImpulseResponseFile(const juce::File& file)
{
    enqueue([this, file] {
        juce::AudioFormatManager formats;
        formats.registerBasicFormats();
        std::unique_ptr<juce::AudioFormatReader> reader(formats.createReaderFor(file));
        juce::String error;
        if (!file.existsAsFile()) error = "file not found: " + file.getFullPathName();
        else if (reader == nullptr) error = "not a WAV or AIFF file";
        else if (reader->sampleRate <= 0 || reader->lengthInSamples < 1) error = "empty impulse response";
        else if (reader->lengthInSamples > static_cast<juce::int64>(reader->sampleRate * 10.0))
            error = "impulse response longer than 10 s";
        if (error.isNotEmpty()) {
            {
                std::lock_guard<std::mutex> lock(statusMutex_);
                status_.irError = file.getFileName() + ": " + error;
            }
            bumpStatus();
            return;
        }
        const int channels = static_cast<int>(std::min<juce::uint32>(2, reader->numChannels));
        juce::AudioBuffer<float> samples(channels, static_cast<int>(reader->lengthInSamples));
        reader->read(&samples, 0, samples.getNumSamples(), 0, true, channels > 1);
        installImpulseResponse(std::move(samples), reader->sampleRate, file.getFileName(), file.getFullPathName());
    });
}

void WaveAmpProcessor::loadImpulseResponse(juce::AudioBuffer<float> samples, double sampleRate,
                                           const juce::String& name, const juce::String& path)
{
    enqueue([this, samples = std::move(samples), sampleRate, name, path]() mutable {
        installImpulseResponse(std::move(samples), sampleRate, name, path);
    });
}

void WaveAmpProcessor::installImpulseResponse(juce::AudioBuffer<float> samples, double sampleRate,
                                              const juce::String& name, const juce::String& path)
{
    juce::String error;
    if (samples.getNumChannels() < 1 || samples.getNumSamples() < 1) error = "empty impulse response";
    else if (!(sampleRate >= 8000.0 && sampleRate <= 768000.0)) error = "unusable sample rate";
    else {
        for (int c = 0; c < samples.getNumChannels() && error.isEmpty(); ++c)
            for (int i = 0; i < samples.getNumSamples(); ++i)
                if (!std::isfinite(samples.getSample(c, i))) {
                    error = "NaN or Inf in the impulse response";
                    break;
                }
    }
    if (error.isNotEmpty()) {
        {
            std::lock_guard<std::mutex> lock(statusMutex_);
            status_.irError = name + ": " + error;
        }
        bumpStatus();
        return;
    }
    if (samples.getNumChannels() > 2) samples.setSize(2, samples.getNumSamples(), true);
    juce::AudioBuffer<float> copy(samples);
    const auto stereo = samples.getNumChannels() > 1 ? juce::dsp::Convolution::Stereo::yes
                                                      : juce::dsp::Convolution::Stereo::no;
    auto* ir = new PendingIr { std::move(samples), sampleRate, stereo == juce::dsp::Convolution::Stereo::yes };
    delete pendingIr_.exchange(ir, std::memory_order_acq_rel);  // an older one the audio thread never took
    delete spentIr_.exchange(nullptr, std::memory_order_acq_rel);
    irLoaded_.store(true, std::memory_order_release);
    {
        std::lock_guard<std::mutex> lock(statusMutex_);
        irSamples_ = std::move(copy);
        irSampleRate_ = sampleRate;
        irPath_ = path;
        status_.irName = name;
        status_.irError = {};
        status_.irLoaded = true;
    }
    bumpStatus();
}

void WaveAmpProcessor::clearImpulseResponse()
{
    enqueue([this] {
        irLoaded_.store(false, std::memory_order_release);
        {
            std::lock_guard<std::mutex> lock(statusMutex_);
            irSamples_.setSize(0, 0);
            irSampleRate_ = 0.0;
            irPath_ = {};
            status_.irName = {};
            status_.irError = {};
            status_.irLoaded = false;
        }
        bumpStatus();
    });
}

void WaveAmpProcessor::drainRetired()
{
    delete spentIr_.exchange(nullptr, std::memory_order_acq_rel);
    const int ready = retireFifo_.getNumReady();
    if (ready <= 0) return;
    const auto scope = retireFifo_.read(ready);
    scope.forEach([this](int index) {
        delete retireSlots_[static_cast<size_t>(index)];
        retireSlots_[static_cast<size_t>(index)] = nullptr;
    });
}

//==================================================================================================

WaveAmpProcessor::Status WaveAmpProcessor::getStatus() const
{
    std::lock_guard<std::mutex> lock(statusMutex_);
    return status_;
}

ModelSource WaveAmpProcessor::currentModelSource() const
{
    std::lock_guard<std::mutex> lock(configMutex_);
    return latestSource_;
}

bool WaveAmpProcessor::waitForWorker(int timeoutMs)
{
    const auto deadline = juce::Time::getMillisecondCounter() + static_cast<juce::uint32>(timeoutMs);
    while (!worker_->idle()) {
        if (juce::Time::getMillisecondCounter() > deadline) return false;
        juce::Thread::sleep(2);
    }
    return true;
}

bool WaveAmpProcessor::isModelSwitchInFlight() const noexcept
{
    return pending_.load(std::memory_order_acquire) != nullptr || switchInFlight_.load(std::memory_order_acquire);
}

//==================================================================================================

void WaveAmpProcessor::getStateInformation(juce::MemoryBlock& destData)
{
    StateCodec::save(*this, destData);
}

void WaveAmpProcessor::setStateInformation(const void* data, int sizeInBytes)
{
    StateCodec::restore(*this, data, sizeInBytes);
}

juce::AudioProcessorEditor* WaveAmpProcessor::createEditor()
{
    return new WaveAmpEditor(*this);
}

} // namespace waveamp::plugin

// The plugin wrappers' entry point.
juce::AudioProcessor* JUCE_CALLTYPE createPluginFilter()
{
    return new waveamp::plugin::WaveAmpProcessor();
}
