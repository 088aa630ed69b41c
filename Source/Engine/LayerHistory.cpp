#include "LayerHistory.h"
#include <algorithm>
#include <cstring>

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

void LayerHistory::rewind() noexcept
{
    if (lookback_ > 0)
        std::memcpy(buffer_.data(), buffer_.data() + static_cast<Eigen::Index>(position_ - lookback_) * buffer_.rows(),
                    sizeof(float) * static_cast<size_t>(lookback_ * buffer_.rows()));
    position_ = lookback_;
}

} // namespace waveamp
