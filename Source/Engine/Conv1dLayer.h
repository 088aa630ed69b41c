#pragma once
// A causal dilated 1-D convolution over the frame sequence (Keras Conv1D as RTNeural streams
// it, torch.nn.Conv1d with left zero padding): y[t] = b + Σ_j W_j x[t - (k-1-j) d]. Grouped
// convolutions arrive already expanded to their block-diagonal dense weights.
#include "CausalConv1d.h"
#include "LayerHistory.h"
#include "SequenceLayer.h"

namespace waveamp {

class Conv1dLayer final : public SequenceLayer {
public:
    // weights in PyTorch layout (out, in, k), row-major (dense, i.e. groups already expanded).
    Conv1dLayer(int in, int out, int kernelSize, int dilation, const float* weights, const float* bias)
    {
        conv_.setWeights(in, out, kernelSize, dilation, weights, bias);
    }

    int inputSize() const noexcept override { return conv_.inChannels(); }
    int outputSize() const noexcept override { return conv_.outChannels(); }
    long long macsPerSample() const noexcept override
    {
        return 1LL * conv_.inChannels() * conv_.outChannels() * conv_.kernelSize();
    }
    int lookback() const noexcept override { return conv_.lookback(); }
    void prepare(int maxBlock, kernels::Isa) override { history_.prepare(inputSize(), lookback(), maxBlock); }
    void reset() noexcept override { history_.reset(); }
    void process(const float* in, float* out, int n) noexcept override
    {
        history_.next(n) = Eigen::Map<const Eigen::MatrixXf>(in, inputSize(), n);
        conv_.process(history_, n, Eigen::Map<Eigen::MatrixXf>(out, outputSize(), n));
        history_.advance(n);
    }

private:
    CausalConv1d conv_;
    LayerHistory history_;
};

} // namespace waveamp
