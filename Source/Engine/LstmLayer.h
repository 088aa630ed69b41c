#pragma once
// One LSTM layer (torch.nn.LSTM / Keras LSTM / NAM's LSTM cell), run over a block of frames:
//   i = σ(W_i x + U_i h + b_i)   f = σ(W_f x + U_f h + b_f)   g = tanh(W_g x + U_g h + b_g)
//   o = σ(W_o x + U_o h + b_o)   c' = f ⊙ c + i ⊙ g           h' = o ⊙ tanh(c')
// The input half (W x + b) of a whole block is one matrix product; only U h is per frame.
// Blocks are channel-contiguous: frame t of a block with C features starts at base + t * C.
#include "SequenceLayer.h"
#include "kernels/RecurrentKernel.h"
#include <Eigen/Core>

namespace waveamp {

class LstmLayer final : public SequenceLayer {
public:
    // Gate rows in PyTorch / Keras / NAM order (i, f, g, o), each block `hidden` rows:
    // inputWeights (4H x I) and recurrentWeights (4H x H) as Eigen matrices, bias 4H values.
    // initialHidden / initialCell: H values each, or nullptr for zeros.
    void setWeights(const Eigen::MatrixXf& inputWeights, const Eigen::MatrixXf& recurrentWeights,
                    const Eigen::VectorXf& bias, const float* initialHidden, const float* initialCell);

    int inputSize() const noexcept override { return static_cast<int>(inputWeights_.cols()); }
    int outputSize() const noexcept override { return hiddenSize(); }
    int hiddenSize() const noexcept { return static_cast<int>(h_.size()); }
    long long macsPerSample() const noexcept override { return inputWeights_.size() + recurrentWeights_.size(); }

    void prepare(int maxBlock, kernels::Isa isa) override;
    void reset() noexcept override;  // back to the initial state
    void process(const float* in, float* out, int n) noexcept override;

    // Once one frame leaves (h, c) unchanged, the same input keeps it there forever.
    bool recurrent() const noexcept override { return true; }
    long long unchangedRun() const noexcept override { return unchangedRun_; }

private:
    // Rows stored in the order (i, f, o, g): one sigmoid over 3H, one tanh over H.
    Eigen::MatrixXf inputWeights_, recurrentWeights_;
    Eigen::VectorXf bias_;
    Eigen::VectorXf initialH_, initialC_;
    Eigen::VectorXf h_, c_, gates_, tanhC_;
    Eigen::MatrixXf blockGates_;  // 4H x maxBlock: W x + b for the current block
    // The SIMD path (RecurrentKernel.h): gate blocks padded to P rows, U column-major.
    kernels::LstmStepFn step_ = nullptr;
    int padded_ = 0;
    Eigen::MatrixXf packedInput_;      // 4P x I
    Eigen::VectorXf packedBias_;       // 4P
    Eigen::MatrixXf packedRecurrent_;  // 4P x H (column-major: column j is U[:, j])
    Eigen::VectorXf packedH_, packedC_;
    void processPacked(const float* in, float* out, int n) noexcept;
    kernels::Isa isa_ = kernels::Isa::Reference;
    long long unchangedRun_ = 0;
};

// The gate nonlinearities on the ISA the model runs on (Eigen's on the reference path).
void sigmoidInPlace(kernels::Isa isa, float* data, int n) noexcept;
void tanhInPlace(kernels::Isa isa, float* data, int n) noexcept;

} // namespace waveamp
