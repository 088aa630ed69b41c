#pragma once
// One residual WaveNet layer, shared by the WaveNetVA and NAM formats:
//   z   = dilated_conv(x) [+ mixin(condition)]              (C -> C, or 2C when gated)
//   a   = gated ? act(z[:C]) * sigmoid(z[C:]) : act(z)       (the skip / head term)
//   out = x + residual_1x1(a)                               (the next layer's input)
// The caller reads a through skip() to build the skip mix or head sum.
#include "Activation.h"
#include "CausalConv1d.h"
#include "Conv1x1.h"
#include "LayerHistory.h"

namespace waveamp {

class WaveNetLayer {
public:
    CausalConv1d conv;
    Conv1x1 mixin;  // condition -> conv outputs, no bias (NAM); unused when hasMixin is false
    Conv1x1 residual;
    Activation activation;
    bool gated = false;
    bool hasMixin = false;

    int channels() const noexcept { return residual.outChannels(); }
    long long macsPerSample() const noexcept;

    void prepare(int maxBlock);  // allocates the scratch block

    // x: this layer's input history (current block already written); condition: 1 x n
    // (may be empty when !hasMixin). Writes x + residual(a) into out when computeOutput.
    template <typename Cond, typename Dst>
    void process(const LayerHistory& x, const Cond& condition, int n, Dst&& out,
                 bool computeOutput) noexcept
    {
        auto z = z_.leftCols(n);
        conv.process(x, n, z);
        if (hasMixin)
            z.noalias() += mixin.weights() * condition;
        const int c = channels();
        if (gated) {
            activation.apply(z.topRows(c));
            z.topRows(c).array() *= z.bottomRows(c).array().logistic();
        } else {
            activation.apply(z);
        }
        if (computeOutput) {
            out = x.delayed(0, n);
            residual.accumulate(z.topRows(c), out);
        }
    }

    // The post-activation block of the last process() call (C x n).
    auto skip(int n) const noexcept { return z_.topRows(channels()).leftCols(n); }

private:
    Eigen::MatrixXf z_;
};

} // namespace waveamp
