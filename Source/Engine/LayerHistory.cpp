#include "LayerHistory.h"
#include <algorithm>

namespace waveamp {

void LayerHistory::prepare(int channels, int lookback, int maxBlock, int paddedChannels)
{
    channels_ = channels;
    lookback_ = lookback;
    maxBlock_ = maxBlock;
    // 2*lookback + spare: when we rewind, position_ > 2*lookback, so the copied range
    // [position_-lookback, position_) never overlaps its destination [0, lookback).
    const int spare = std::max({ 2 * maxBlock, lookback, 256 });
    buffer_.setZero(std::max(channels, paddedChannels), 2 * lookback + spare);
    position_ = lookback_;
}

void LayerHistory::reset() noexcept
{
    buffer_.setZero();
    position_ = lookback_;
}

void LayerHistory::advance(int n) noexcept
{
    position_ += n;
    if (position_ + maxBlock_ > buffer_.cols()) {
        if (lookback_ > 0)
            buffer_.leftCols(lookback_) = buffer_.middleCols(position_ - lookback_, lookback_);
        position_ = lookback_;
    }
}

} // namespace waveamp
