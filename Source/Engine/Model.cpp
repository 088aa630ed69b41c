#include "Model.h"
#include <algorithm>
#include <cmath>
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
    if (std::all_of(in, in + numSamples, [](float x) { return std::isfinite(x); })) {
        for (int done = 0; done < numSamples;) {
            const int n = std::min(maxBlock_, numSamples - done);
            processChunk(in + done, out + done, n);
            done += n;
        }
    } else {
        // NaN/Inf input (a broken plugin upstream) is played as silence: it must not reach the
        // model's state, where a recurrent model would keep it forever (a WaveNet for its
        // receptive field). Copied through a stack buffer: in and out may alias.
        constexpr int kClean = 256;
        float clean[kClean];
        for (int done = 0; done < numSamples;) {
            const int n = std::min({ kClean, maxBlock_, numSamples - done });
            for (int i = 0; i < n; ++i) clean[i] = std::isfinite(in[done + i]) ? in[done + i] : 0.0f;
            processChunk(clean, out + done, n);
            done += n;
        }
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
