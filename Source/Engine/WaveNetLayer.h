#pragma once
// One residual WaveNet layer, shared by the WaveNetVA and NAM formats:
//   z    = dilated_conv(x) [+ mixin(condition)]        (C -> B, or 2B with a gating mode)
//   a    = act(z)                                       (gating none)
//        = act(z[:B]) * secondary(z[B:])                (gated; secondary is sigmoid by default)
//        = s * act(z[:B]) + (1 - s) * z[:B], s = secondary(z[B:])   (blended)
//   head += head1x1(a) if the layer has one, else headWeights (.) a, else a
//   out  = x + layer1x1(a), or x when the layer has no layer1x1   (the next layer's input)
// B (the bottleneck) is C in the classic layer. The dilated conv, layer1x1 and head1x1 may be
// grouped (stored as block-diagonal dense matrices: the zero blocks add exact zeros).
// Two implementations: the SIMD kernel of the selected ISA (kernels/) for the classic shape
// (B == C, layer1x1, no head1x1, gating none or sigmoid-gated), and the Eigen reference path,
// used when forced (WAVEAMP_KERNEL=reference) or for any other shape.
#include "Activation.h"
#include "AlignedFloats.h"
#include "CausalConv1d.h"
#include "Conv1x1.h"
#include "LayerHistory.h"
#include "kernels/LayerKernel.h"
#include <vector>

namespace waveamp {

enum class Gating { None, Gated, Blended };

class WaveNetLayer {
public:
    CausalConv1d conv;
    Conv1x1 mixin;      // condition -> conv outputs, no bias (NAM); unused when hasMixin is false
    Conv1x1 residual;   // layer1x1: B -> C with bias; unused when hasResidual is false
    Conv1x1 head1x1;    // B -> head channels with bias; unused when hasHead1x1 is false
    Activation activation;
    Activation secondary { Activation::Type::Sigmoid, 0.01f };  // gate / blend activation
    Gating gating = Gating::None;
    bool hasMixin = false;
    bool hasResidual = true;
    bool hasHead1x1 = false;
    Eigen::VectorXf headWeights;  // B weights, or empty for a plain sum

    int channels() const noexcept { return conv.inChannels(); }
    int bottleneck() const noexcept { return gating == Gating::None ? conv.outChannels() : conv.outChannels() / 2; }
    int headChannels() const noexcept { return hasHead1x1 ? head1x1.outChannels() : bottleneck(); }
    long long macsPerSample() const noexcept;

    // The padded channel count a layer of `channels` channels wants on `isa` (for SIMD lanes).
    static int paddedChannelsFor(kernels::Isa isa, int channels) noexcept;
    // Packs weights for `isa` (if it has a kernel for this shape) and allocates scratch.
    // paddedChannels: frame stride of the input/output buffers (>= C); headStride: frame stride
    // of the head accumulator (>= headChannels()). The kernel runs only when both equal its
    // own padding; otherwise the reference path does (it accepts any strides).
    void prepare(int maxBlock, kernels::Isa isa, int paddedChannels, int headStride);
    // The classic form: pads for `isa` itself and returns the padded channel count.
    int prepare(int maxBlock, kernels::Isa isa);
    bool usesKernel() const noexcept { return kernel_ != nullptr; }
    // The packed weights the kernel runs on, or nullptr when the reference path runs.
    const kernels::LayerView* kernelView() const noexcept { return kernel_ ? &view_ : nullptr; }
    int paddedChannels() const noexcept { return paddedChannels_; }

    // x: this layer's input history (current block written). condition: n samples (or
    // nullptr). out: where the next layer's input goes (frame stride paddedChannels), or
    // nullptr. head: accumulator (frame stride headStride), or nullptr.
    void process(const LayerHistory& x, const float* condition, int n, float* out, float* head) noexcept;

private:
    void processReference(const LayerHistory& x, const float* condition, int n, float* out, float* head) noexcept;
    bool kernelShape() const noexcept;
    void packKernel(int lanes, int cp);

    kernels::LayerFn kernel_ = nullptr;
    kernels::LayerView view_ {};
    AlignedFloats packedConv_, packedConvBias_, packedMixin_, packedResidual_, packedResidualBias_,
        packedHead_;
    int paddedChannels_ = 0;
    int headStride_ = 0;
    Eigen::MatrixXf z_;    // reference path scratch (conv outputs)
    Eigen::MatrixXf pre_;  // blended: the pre-activation values
};

} // namespace waveamp
