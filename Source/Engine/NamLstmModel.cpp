#include "NamLstmModel.h"

namespace waveamp {

long long NamLstmModel::expectedWeightCount(const NamLstmSpec& s)
{
    long long count = 0;
    const long long h = s.hiddenSize;
    for (int layer = 0; layer < s.numLayers; ++layer) {
        const long long in = layer == 0 ? s.inputSize : h;
        count += 4 * h * (in + h) + 4 * h + 2 * h;
    }
    return count + h + 1;
}

NamLstmModel::NamLstmModel(const NamLstmSpec& s, const std::vector<float>& weights, ModelInfo info)
    : info_(std::move(info))
{
    const int h = s.hiddenSize;
    const float* p = weights.data();
    long long macs = 0;
    for (int layer = 0; layer < s.numLayers; ++layer) {
        const int in = layer == 0 ? s.inputSize : h;
        // NAM concatenates torch's weight_ih and weight_hh along columns, row-major.
        const Eigen::Map<const Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> w(p, 4 * h, in + h);
        p += 4LL * h * (in + h);
        const Eigen::VectorXf bias = Eigen::Map<const Eigen::VectorXf>(p, 4 * h);
        p += 4 * h;
        const float* h0 = p;
        const float* c0 = p + h;
        p += 2 * h;
        LstmLayer l;
        l.setWeights(w.leftCols(in), w.rightCols(h), bias, h0, c0);
        macs += l.macsPerSample();
        layers_.push_back(std::move(l));
    }
    headWeights_ = Eigen::Map<const Eigen::RowVectorXf>(p, h);
    headBias_ = p[h];
    info_.macsPerSample = macs + h;
}

void NamLstmModel::prepareModel(int maxBlockSize)
{
    outputs_.clear();
    for (auto& l : layers_) {
        l.prepare(maxBlockSize, isa_);
        outputs_.emplace_back(Eigen::MatrixXf::Zero(l.hiddenSize(), maxBlockSize));
    }
}

void NamLstmModel::resetModel() noexcept
{
    for (auto& l : layers_)
        l.reset();
}

void NamLstmModel::processChunk(const float* in, float* out, int n) noexcept
{
    const float* x = in;
    for (size_t i = 0; i < layers_.size(); ++i) {
        layers_[i].process(x, outputs_[i].data(), n);
        x = outputs_[i].data();
    }
    Eigen::Map<Eigen::RowVectorXf> y(out, n);
    y.noalias() = headWeights_ * outputs_.back().leftCols(n);
    y.array() += headBias_;
}

bool NamLstmModel::settledOnSilence() const noexcept
{
    // Two frames of margin: the last layer's input must itself have been constant.
    constexpr long long kFrames = 2;
    if (silentRun_ < kFrames) return false;
    for (const auto& l : layers_)
        if (l.unchangedRun() < kFrames) return false;
    return true;
}

} // namespace waveamp
