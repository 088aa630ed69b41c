#pragma once
// A causal dilated 1-D convolution with exactly the semantics of
//   torch.nn.Conv1d(in, out, k, dilation=d, padding=(k-1)*d)  with the trailing (k-1)*d outputs
// dropped (PedalNetRT's CausalConv1d):
//   y[t] = b + sum_j W[:, :, j] . x[t - (k-1-j)*d]      (tap 0 is the oldest sample)
// The input comes from the layer's LayerHistory, so a block of n frames is k contiguous
// (out x in) * (in x n) matrix products rather than a per-sample loop.
#include "AlignedFloats.h"
#include "FrameProduct.h"
#include "kernels/LayerKernel.h"
#include "LayerHistory.h"
#include <Eigen/Core>
#include <vector>

namespace waveamp {

class CausalConv1d {
public:
    // weights: PyTorch layout (out, in / groups, k), row-major; bias: `out` values or nullptr
    // (no bias). A grouped conv is stored as its block-diagonal dense equivalent.
    void setWeights(int inChannels, int outChannels, int kernelSize, int dilation,
                    const float* weights, const float* bias, int groups = 1);
    static long long weightCount(int inChannels, int outChannels, int kernelSize, int groups, bool bias)
    {
        return 1LL * outChannels * (inChannels / groups) * kernelSize + (bias ? outChannels : 0);
    }

    int inChannels() const noexcept { return inChannels_; }
    int outChannels() const noexcept { return outChannels_; }
    int kernelSize() const noexcept { return static_cast<int>(taps_.size()); }
    int dilation() const noexcept { return dilation_; }
    int groups() const noexcept { return groups_; }
    long long macsPerSample() const noexcept { return 1LL * outChannels_ * (inChannels_ / groups_) * kernelSize(); }
    int lookback() const noexcept { return (kernelSize() - 1) * dilation_; }
    const Eigen::MatrixXf& tap(int j) const noexcept { return taps_[static_cast<size_t>(j)]; }
    const Eigen::VectorXf& bias() const noexcept { return bias_; }

    // The instruction set's mixing kernel when this is a 1x1 of a shape it has
    // (kernels/MixKernel.h); Reference (the default) keeps FrameProduct and Eigen.
    void selectKernel(kernels::Isa isa) noexcept
    {
        mix_ = kernelSize() == 1 ? kernels::mixKernel(isa, inChannels_, outChannels_) : nullptr;
    }

    // y (out x n) = conv of the last n frames in `x` (x.lookback() must be >= lookback()).
    template <typename Dst>
    void process(const LayerHistory& x, int n, Dst&& y) const noexcept
    {
        if (y.rowStride() == 1 && processSmall(x, n, y.data(), y.colStride()))
            return;
        if (hasBias_)
            y.colwise() = bias_;
        else
            y.setZero();
        const int k = kernelSize();
        for (int j = 0; j < k; ++j)
            y.noalias() += taps_[static_cast<size_t>(j)] * x.delayed((k - 1 - j) * dilation_, n);
    }

private:
    // The fixed-size loops of FrameProduct.h, when the shape has one (returns false otherwise).
    bool processSmall(const LayerHistory& x, int n, float* y, Eigen::Index yStride) const noexcept;

    std::vector<Eigen::MatrixXf> taps_;  // taps_[j] is W[:, :, j], (out x in)
    AlignedFloats packedTaps_;           // the taps back to back, for processSmall()
    Eigen::VectorXf bias_;
    bool hasBias_ = false;
    int inChannels_ = 0, outChannels_ = 0, dilation_ = 1, groups_ = 1;
    kernels::MixFn mix_ = nullptr;
};

} // namespace waveamp
