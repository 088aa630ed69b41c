#pragma once
// One layer of a sequential model run over a block of frames (Keras-style models from AIDA-X /
// RTNeural, and NAM's LSTM stack). Blocks are channel-contiguous: frame t of a block with C
// features starts at base + t * C. prepare() allocates; process() and reset() never do.
#include "kernels/LayerKernel.h"
#include <limits>

namespace waveamp {

class SequenceLayer {
public:
    virtual ~SequenceLayer() = default;
    virtual int inputSize() const noexcept = 0;
    virtual int outputSize() const noexcept = 0;
    virtual long long macsPerSample() const noexcept = 0;
    virtual void prepare(int maxBlock, kernels::Isa isa) = 0;
    virtual void reset() noexcept = 0;
    // in: inputSize() x n, out: outputSize() x n, n <= maxBlock. in and out never alias.
    virtual void process(const float* in, float* out, int n) noexcept = 0;
    // Past input frames an output frame depends on, besides the current one (convolutions).
    virtual int lookback() const noexcept { return 0; }
    virtual bool recurrent() const noexcept { return false; }
    // Recurrent layers: frames at the end of the last block across which the state did not
    // change, bit for bit. Stateless layers: unbounded.
    virtual long long unchangedRun() const noexcept { return std::numeric_limits<long long>::max(); }
};

} // namespace waveamp
