#include "GruLayer.h"
#include "LstmLayer.h"  // sigmoidInPlace, tanhInPlace

namespace waveamp {

void GruLayer::setWeights(const Eigen::MatrixXf& inputWeights, const Eigen::MatrixXf& recurrentWeights,
                          const Eigen::VectorXf& inputBias, const Eigen::VectorXf& recurrentBias, bool resetAfter)
{
    inputWeights_ = inputWeights;
    recurrentWeights_ = recurrentWeights;
    inputBias_ = inputBias;
    resetAfter_ = resetAfter;
    recurrentBias_ = resetAfter ? recurrentBias : Eigen::VectorXf::Zero(recurrentWeights.rows());
    h_.setZero(recurrentWeights.cols());
}

void GruLayer::prepare(int maxBlock, kernels::Isa isa)
{
    isa_ = isa;
    const int hidden = outputSize();
    recurrentPart_.setZero(3 * hidden);
    candidate_.setZero(hidden);
    resetHidden_.setZero(hidden);
    blockInput_.setZero(3 * hidden, maxBlock);
    reset();
}

void GruLayer::reset() noexcept
{
    h_.setZero();
    unchangedRun_ = 0;
}

void GruLayer::process(const float* in, float* out, int n) noexcept
{
    const int hidden = outputSize();
    const Eigen::Map<const Eigen::MatrixXf> x(in, inputSize(), n);
    auto block = blockInput_.leftCols(n);
    block.noalias() = inputWeights_ * x;
    block.colwise() += inputBias_;
    float* h = h_.data();
    float* rec = recurrentPart_.data();
    float* cand = candidate_.data();
    for (int frame = 0; frame < n; ++frame) {
        const float* xPart = block.col(frame).data();
        if (resetAfter_) {
            recurrentPart_ = recurrentBias_;
            recurrentPart_.noalias() += recurrentWeights_ * h_;
        } else {
            // z and r first; the candidate's recurrent term needs r ⊙ h.
            recurrentPart_.head(2 * hidden).noalias() = recurrentWeights_.topRows(2 * hidden) * h_;
        }
        for (int k = 0; k < 2 * hidden; ++k) rec[k] += xPart[k];
        sigmoidInPlace(isa_, rec, 2 * hidden);  // rec[0:H) = z, rec[H:2H) = r
        if (resetAfter_) {
            for (int k = 0; k < hidden; ++k) cand[k] = xPart[2 * hidden + k] + rec[hidden + k] * rec[2 * hidden + k];
        } else {
            for (int k = 0; k < hidden; ++k) resetHidden_[k] = rec[hidden + k] * h[k];
            candidate_.noalias() = recurrentWeights_.bottomRows(hidden) * resetHidden_;
            for (int k = 0; k < hidden; ++k) cand[k] += xPart[2 * hidden + k];
        }
        tanhInPlace(isa_, cand, hidden);
        bool changed = false;
        float* y = out + static_cast<size_t>(frame) * static_cast<size_t>(hidden);
        for (int k = 0; k < hidden; ++k) {
            const float z = rec[k];
            const float next = z * h[k] + (1.0f - z) * cand[k];
            changed |= next != h[k];
            h[k] = next;
            y[k] = next;
        }
        unchangedRun_ = changed ? 0 : unchangedRun_ + 1;
    }
}

} // namespace waveamp
