#pragma once
// One residual WaveNet layer, shared by the WaveNetVA and NAM formats:
//   z    = dilated_conv(x) [+ mixin(condition)]              (C -> C, or 2C when gated)
//   a    = gated ? act(z[:C]) * sigmoid(z[C:]) : act(z)       (the skip / head term)
//   head += headWeights (.) a   (NAM: plain sum; WaveNetVA: that layer's slice of the skip mix)
//   out  = x + residual_1x1(a)                               (the next layer's input)
// Two implementations: the SIMD kernel of the selected ISA (kernels/), and the Eigen reference
// path, used when forced (WAVEAMP_KERNEL=reference) or for shapes the kernels do not cover.
#include "Activation.h"
#include "CausalConv1d.h"
#include "Conv1x1.h"
#include "LayerHistory.h"
#include "kernels/LayerKernel.h"
#include <vector>

namespace waveamp {

class WaveNetLayer {
public:
    CausalConv1d conv;
    Conv1x1 mixin;  // condition -> conv outputs, no bias (NAM); unused when hasMixin is false
    Conv1x1 residual;
    Activation activation;
    bool gated = false;
    bool hasMixin = false;
    Eigen::VectorXf headWeights;  // C weights, or empty for a plain sum

    int channels() const noexcept { return residual.outChannels(); }
    long long macsPerSample() const noexcept;

    // Packs weights for `isa` (if it has a kernel for this shape) and allocates scratch.
    // Returns the padded channel count the layer's input/output/head buffers must use.
    int prepare(int maxBlock, kernels::Isa isa);
    bool usesKernel() const noexcept { return kernel_ != nullptr; }
    int paddedChannels() const noexcept { return paddedChannels_; }

    // x: this layer's input history (current block written). condition: n samples (or
    // nullptr). out: where x + residual(a) goes (frame stride paddedChannels), or nullptr.
    // head: accumulator (frame stride paddedChannels), or nullptr.
    void process(const LayerHistory& x, const float* condition, int n, float* out, float* head) noexcept;

private:
    void processReference(const LayerHistory& x, const float* condition, int n, float* out, float* head) noexcept;

    kernels::LayerFn kernel_ = nullptr;
    kernels::LayerView view_ {};
    std::vector<float> packedConv_, packedConvBias_, packedMixin_, packedResidual_, packedResidualBias_,
        packedHead_;
    int paddedChannels_ = 0;
    Eigen::MatrixXf z_;  // reference path scratch
};

} // namespace waveamp
