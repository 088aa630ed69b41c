#pragma once
// The input history of one dilated layer: a channels-by-time buffer (column-major, so a time
// frame is one contiguous column) holding the last `lookback` frames plus room for new blocks.
// Columns may be padded to a SIMD-friendly height (paddedChannels >= channels; padding rows
// stay zero). It is a linear buffer that rewinds: blocks are appended until the next one might
// not fit, then the last `lookback` frames are copied to the front. Spare room of at least
// max(lookback, 2*maxBlock) frames keeps that copy to well under one frame per frame processed,
// and lets every tap of a block be read as one contiguous column range.
#include <Eigen/Core>
#include <cstring>

namespace waveamp {

class LayerHistory {
public:
    // Allocates. lookback = (kernel_size - 1) * dilation.
    void prepare(int channels, int lookback, int maxBlock, int paddedChannels = 0);
    void reset() noexcept;  // zero history (PyTorch's zero padding)

    int channels() const noexcept { return channels_; }
    int paddedChannels() const noexcept { return static_cast<int>(buffer_.rows()); }
    int lookback() const noexcept { return lookback_; }

    // Where the next n frames (n <= maxBlock) are written (the real channels only).
    auto next(int n) noexcept { return buffer_.middleCols(position_, n).topRows(channels_); }
    // Zeroes the next n frames, padding rows included (for accumulators).
    // (One memset: Eigen clears a block of a few rows column by column.)
    void clearNext(int n) noexcept
    {
        std::memset(current(), 0, sizeof(float) * static_cast<size_t>(n * buffer_.rows()));
    }
    // The current block's n frames, delayed by `delay` frames (0 <= delay <= lookback).
    auto delayed(int delay, int n) const noexcept
    {
        return buffer_.middleCols(position_ - delay, n).topRows(channels_);
    }
    // The current block's first frame, for kernels (frame stride paddedChannels()).
    float* current() noexcept { return buffer_.data() + static_cast<Eigen::Index>(position_) * buffer_.rows(); }
    const float* current() const noexcept
    {
        return buffer_.data() + static_cast<Eigen::Index>(position_) * buffer_.rows();
    }
    // Commits the n frames written through next(n) / current(). (Inline: at block size 1 a
    // model advances every layer's history once per sample.)
    void advance(int n) noexcept
    {
        position_ += n;
        if (position_ + maxBlock_ > buffer_.cols())
            rewind();
    }

private:
    void rewind() noexcept;  // the last lookback frames to the front

    Eigen::MatrixXf buffer_;
    int channels_ = 0;
    int lookback_ = 0;
    int maxBlock_ = 0;
    int position_ = 0;
};

} // namespace waveamp
