#pragma once
// A pointwise (kernel 1) convolution: a channel-mixing matrix, optionally with a bias.
#include "FrameProduct.h"
#include "kernels/LayerKernel.h"
#include <Eigen/Core>
#include <type_traits>

namespace waveamp {

class Conv1x1 {
public:
    // weights: (out, in / groups) row-major (PyTorch layout with the kernel axis of size 1
    // dropped). A grouped 1x1 is stored as its block-diagonal dense equivalent.
    void setWeights(int inChannels, int outChannels, const float* weights, const float* bias, int groups = 1);
    static long long weightCount(int inChannels, int outChannels, int groups, bool bias)
    {
        return 1LL * outChannels * (inChannels / groups) + (bias ? outChannels : 0);
    }

    int inChannels() const noexcept { return static_cast<int>(weights_.cols()); }
    int outChannels() const noexcept { return static_cast<int>(weights_.rows()); }
    const Eigen::MatrixXf& weights() const noexcept { return weights_; }
    const Eigen::VectorXf& bias() const noexcept { return bias_; }
    int groups() const noexcept { return groups_; }
    long long macsPerSample() const noexcept { return 1LL * outChannels() * (inChannels() / groups_); }

    // The instruction set's mixing kernel for this shape, if it has one (kernels/MixKernel.h);
    // Reference (the default) keeps FrameProduct and Eigen. Not on the audio thread.
    void selectKernel(kernels::Isa isa) noexcept { mix_ = kernels::mixKernel(isa, inChannels(), outChannels()); }

    // y = W x (+ b)
    template <typename Src, typename Dst>
    void process(const Src& x, Dst&& y) const noexcept
    {
        if (weights_.cols() == 1 && y.rowStride() == 1) {
            // One input channel (a WaveNet's input rechannel): an outer product, frame by
            // frame. Eigen evaluates it column by column with alignment checks per column.
            // The common widths get a compile-time row count (the loop then vectorises; with
            // a runtime count it stayed scalar: 3 % of NAM nano's time for 4 rows).
            auto outer = [&](auto rowsConstant) {
                constexpr int R = decltype(rowsConstant)::value;
                const Eigen::Index rows = R > 0 ? R : weights_.rows();
                const float* w = weights_.data();
                const float* b = hasBias_ ? bias_.data() : nullptr;
                for (Eigen::Index t = 0; t < x.cols(); ++t) {
                    const float s = x.coeff(0, t);
                    float* yt = y.data() + t * y.colStride();
                    if (b)
                        for (Eigen::Index o = 0; o < rows; ++o) yt[o] = w[o] * s + b[o];
                    else
                        for (Eigen::Index o = 0; o < rows; ++o) yt[o] = w[o] * s;
                }
            };
            switch (weights_.rows()) {
            case 2: outer(std::integral_constant<int, 2> {}); break;
            case 4: outer(std::integral_constant<int, 4> {}); break;
            case 8: outer(std::integral_constant<int, 8> {}); break;
            case 16: outer(std::integral_constant<int, 16> {}); break;
            default: outer(std::integral_constant<int, 0> {}); break;
            }
            return;
        }
        if constexpr (requires { x.data(); x.colStride(); x.rowStride(); }) {
            if (mix_ && x.rowStride() == 1 && y.rowStride() == 1
                && kernels::mixTakesStrides(inChannels(), outChannels(), x.colStride(), y.colStride())) {
                mix_({ weights_.data(), hasBias_ ? bias_.data() : nullptr, x.data(), static_cast<long>(x.colStride()),
                       y.data(), static_cast<long>(y.colStride()), static_cast<long>(x.cols()), false });
                return;
            }
            if (x.rowStride() == 1 && y.rowStride() == 1
                && frameProduct({ weights_.data(), hasBias_ ? bias_.data() : nullptr, inChannels(), outChannels(),
                                  x.data(), x.colStride(), y.data(), y.colStride(), x.cols(), false }))
                return;
        }
        y.noalias() = weights_ * x;
        if (hasBias_)
            y.colwise() += bias_;
    }
    // y += W x (+ b)
    template <typename Src, typename Dst>
    void accumulate(const Src& x, Dst&& y) const noexcept
    {
        y.noalias() += weights_ * x;
        if (hasBias_)
            y.colwise() += bias_;
    }

private:
    Eigen::MatrixXf weights_;
    Eigen::VectorXf bias_;
    bool hasBias_ = false;
    int groups_ = 1;
    kernels::MixFn mix_ = nullptr;
};

} // namespace waveamp
