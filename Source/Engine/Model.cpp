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

void Model::process(const float* in, float* out, int numSamples) noexcept
{
    if (maxBlock_ <= 0) {  // not prepared: output silence rather than touching unsized buffers
        std::fill(out, out + std::max(numSamples, 0), 0.0f);
        return;
    }
    for (int done = 0; done < numSamples;) {
        const int n = std::min(maxBlock_, numSamples - done);
        processChunk(in + done, out + done, n);
        done += n;
    }
}

void Model::prewarm() noexcept
{
    reset();
    constexpr int kChunk = 64;
    const float silence[kChunk] = {};
    float discard[kChunk];
    for (int done = 0; done < receptiveField();) {
        const int n = std::min(kChunk, receptiveField() - done);
        process(silence, discard, n);
        done += n;
    }
}

} // namespace waveamp
