#include "LstmLayer.h"

namespace waveamp {

void sigmoidInPlace(kernels::Isa isa, float* data, int n) noexcept
{
    if (isa == kernels::Isa::Reference) {
        Eigen::Map<Eigen::ArrayXf> a(data, n);
        a = a.logistic();
        return;
    }
    kernels::applyActivation(isa, kernels::kSigmoid, 0.0f, data, n);
}

void tanhInPlace(kernels::Isa isa, float* data, int n) noexcept
{
    if (isa == kernels::Isa::Reference) {
        Eigen::Map<Eigen::ArrayXf> a(data, n);
        a = a.tanh();
        return;
    }
    kernels::applyActivation(isa, kernels::kTanh, 0.0f, data, n);
}

namespace {

// (i, f, g, o) -> (i, f, o, g): the three sigmoid gates first.
Eigen::MatrixXf reorderGates(const Eigen::MatrixXf& m, int hidden)
{
    Eigen::MatrixXf r(m.rows(), m.cols());
    r.topRows(2 * hidden) = m.topRows(2 * hidden);
    r.middleRows(2 * hidden, hidden) = m.middleRows(3 * hidden, hidden);
    r.bottomRows(hidden) = m.middleRows(2 * hidden, hidden);
    return r;
}

} // namespace

void LstmLayer::setWeights(const Eigen::MatrixXf& inputWeights, const Eigen::MatrixXf& recurrentWeights,
                           const Eigen::VectorXf& bias, const float* initialHidden, const float* initialCell)
{
    const int hidden = static_cast<int>(recurrentWeights.cols());
    inputWeights_ = reorderGates(inputWeights, hidden);
    recurrentWeights_ = reorderGates(recurrentWeights, hidden);
    bias_ = reorderGates(bias, hidden);
    initialH_ = initialHidden ? Eigen::VectorXf(Eigen::Map<const Eigen::VectorXf>(initialHidden, hidden))
                              : Eigen::VectorXf::Zero(hidden);
    initialC_ = initialCell ? Eigen::VectorXf(Eigen::Map<const Eigen::VectorXf>(initialCell, hidden))
                            : Eigen::VectorXf::Zero(hidden);
    h_ = initialH_;
    c_ = initialC_;
}

namespace {

// (4H x cols) in gate blocks of H rows -> (4P x cols), each block's padding rows zero.
Eigen::MatrixXf padGates(const Eigen::MatrixXf& m, int hidden, int padded)
{
    Eigen::MatrixXf r = Eigen::MatrixXf::Zero(4 * padded, m.cols());
    for (int g = 0; g < 4; ++g) r.middleRows(g * padded, hidden) = m.middleRows(g * hidden, hidden);
    return r;
}

} // namespace

void LstmLayer::prepare(int maxBlock, kernels::Isa isa)
{
    isa_ = isa;
    const int hidden = hiddenSize();
    gates_.setZero(4 * hidden);
    tanhC_.setZero(hidden);
    int lanes = 4;
    step_ = kernels::lstmStepKernel(isa, lanes);
    padded_ = (hidden + lanes - 1) / lanes * lanes;
    if (step_) {
        packedInput_ = padGates(inputWeights_, hidden, padded_);
        packedBias_ = padGates(bias_, hidden, padded_);
        packedRecurrent_ = padGates(recurrentWeights_, hidden, padded_);
        packedH_.setZero(padded_);
        packedC_.setZero(padded_);
        blockGates_.setZero(4 * padded_, maxBlock);
    } else {
        blockGates_.setZero(4 * hidden, maxBlock);
    }
    reset();
}

void LstmLayer::reset() noexcept
{
    h_ = initialH_;
    c_ = initialC_;
    if (step_) {
        packedH_.head(hiddenSize()) = initialH_;
        packedC_.head(hiddenSize()) = initialC_;
    }
    unchangedRun_ = 0;
}

void LstmLayer::processPacked(const float* in, float* out, int n) noexcept
{
    const int hidden = hiddenSize();
    auto block = blockGates_.leftCols(n);
    block.noalias() = packedInput_ * Eigen::Map<const Eigen::MatrixXf>(in, inputSize(), n);
    block.colwise() += packedBias_;
    for (int frame = 0; frame < n; ++frame) {
        // The block's column is this frame's W x + b, and the kernel's scratch afterwards.
        const bool changed = step_(packedRecurrent_.data(), hidden, padded_, block.col(frame).data(), packedH_.data(),
                                   packedC_.data());
        Eigen::Map<Eigen::VectorXf>(out + static_cast<size_t>(frame) * static_cast<size_t>(hidden), hidden)
            = packedH_.head(hidden);
        unchangedRun_ = changed ? 0 : unchangedRun_ + 1;
    }
}

void LstmLayer::process(const float* in, float* out, int n) noexcept
{
    if (step_) {
        processPacked(in, out, n);
        return;
    }
    const int hidden = hiddenSize();
    const Eigen::Map<const Eigen::MatrixXf> x(in, inputSize(), n);
    auto block = blockGates_.leftCols(n);
    block.noalias() = inputWeights_ * x;
    block.colwise() += bias_;
    float* h = h_.data();
    float* c = c_.data();
    float* g = gates_.data();
    float* t = tanhC_.data();
    for (int frame = 0; frame < n; ++frame) {
        gates_ = block.col(frame);
        gates_.noalias() += recurrentWeights_ * h_;
        sigmoidInPlace(isa_, g, 3 * hidden);
        tanhInPlace(isa_, g + 3 * hidden, hidden);
        bool changed = false;
        for (int k = 0; k < hidden; ++k) {
            const float next = g[hidden + k] * c[k] + g[k] * g[3 * hidden + k];
            changed |= next != c[k];
            c[k] = next;
            t[k] = next;
        }
        tanhInPlace(isa_, t, hidden);
        float* y = out + static_cast<size_t>(frame) * static_cast<size_t>(hidden);
        for (int k = 0; k < hidden; ++k) {
            const float next = g[2 * hidden + k] * t[k];
            changed |= next != h[k];
            h[k] = next;
            y[k] = next;
        }
        unchangedRun_ = changed ? 0 : unchangedRun_ + 1;
    }
}

} // namespace waveamp
