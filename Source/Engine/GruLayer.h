#pragma once
// One GRU layer, run over a block of frames. Gates in Keras order (z, r, h); torch.nn.GRU
// (r, z, n) is the same arithmetic once its gates are reordered:
//   z = σ(W_z x + b_z + U_z h + c_z)      r = σ(W_r x + b_r + U_r h + c_r)
//   resetAfter (Keras reset_after=True, Keras 2's default, RTNeural, torch):
//       ĥ = tanh(W_h x + b_h + r ⊙ (U_h h + c_h))
//   otherwise (Keras reset_after=False, one bias row, no c):
//       ĥ = tanh(W_h x + b_h + U_h (r ⊙ h))
//   h' = z ⊙ h + (1 - z) ⊙ ĥ
#include "SequenceLayer.h"
#include <Eigen/Core>

namespace waveamp {

class GruLayer final : public SequenceLayer {
public:
    // inputWeights (3H x I), recurrentWeights (3H x H), inputBias and recurrentBias 3H values
    // each (recurrentBias ignored, and must be zero-sized, when !resetAfter). Rows z, r, h.
    void setWeights(const Eigen::MatrixXf& inputWeights, const Eigen::MatrixXf& recurrentWeights,
                    const Eigen::VectorXf& inputBias, const Eigen::VectorXf& recurrentBias, bool resetAfter);

    int inputSize() const noexcept override { return static_cast<int>(inputWeights_.cols()); }
    int outputSize() const noexcept override { return static_cast<int>(h_.size()); }
    long long macsPerSample() const noexcept override { return inputWeights_.size() + recurrentWeights_.size(); }

    void prepare(int maxBlock, kernels::Isa isa) override;
    void reset() noexcept override;  // zero state
    void process(const float* in, float* out, int n) noexcept override;

    bool recurrent() const noexcept override { return true; }
    long long unchangedRun() const noexcept override { return unchangedRun_; }

private:
    Eigen::MatrixXf inputWeights_, recurrentWeights_;
    Eigen::VectorXf inputBias_, recurrentBias_;
    bool resetAfter_ = true;
    Eigen::VectorXf h_, recurrentPart_, candidate_, resetHidden_;
    Eigen::MatrixXf blockInput_;  // 3H x maxBlock: W x + b for the current block
    kernels::Isa isa_ = kernels::Isa::Reference;
    long long unchangedRun_ = 0;
};

} // namespace waveamp
