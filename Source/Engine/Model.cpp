#include "Model.h"
#include <algorithm>
#include <stdexcept>

namespace waveamp {

void Model::prepare(double hostSampleRate, int maxBlockSize)
{
    if (maxBlockSize < 1)
        throw std::invalid_argument("Model::prepare: maxBlockSize must be >= 1");
    hostRate_ = hostSampleRate;
    maxBlock_ = maxBlockSize;
    isa_ = kernels::selectedIsa();
    prepareModel(maxBlockSize);
    reset();
}

void Model::reset() noexcept
{
    silentRun_ = 0;
    steadyOutput_ = 0.0f;
    resetModel();
}

void Model::process(const float* in, float* out, int numSamples) noexcept
{
    if (maxBlock_ <= 0 || numSamples <= 0) {  // not prepared: silence, never unsized buffers
        std::fill(out, out + std::max(numSamples, 0), 0.0f);
        return;
    }
    const bool silent = std::all_of(in, in + numSamples, [](float x) { return x == 0.0f; });
    if (silent && idleSkipping_ && settledOnSilence()) {
        std::fill(out, out + numSamples, steadyOutput_);
        return;
    }
    for (int done = 0; done < numSamples;) {
        const int n = std::min(maxBlock_, numSamples - done);
        processChunk(in + done, out + done, n);
        done += n;
    }
    silentRun_ = silent ? silentRun_ + numSamples : 0;
    steadyOutput_ = out[numSamples - 1];
}

void Model::prewarm() noexcept
{
    reset();
    constexpr int kChunk = 64;
    const float silence[kChunk] = {};
    float discard[kChunk];
    for (int done = 0; done < receptiveField() && !settledOnSilence();) {
        const int n = std::min(kChunk, receptiveField() - done);
        process(silence, discard, n);
        done += n;
    }
}

} // namespace waveamp
