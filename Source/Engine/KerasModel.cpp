#include "KerasModel.h"
#include <algorithm>

namespace waveamp {

KerasModel::KerasModel(std::vector<std::unique_ptr<SequenceLayer>> layers, Gains gains, ModelInfo info)
    : layers_(std::move(layers)), gains_(gains), info_(std::move(info))
{
    long long macs = 0;
    for (const auto& l : layers_) {
        recurrent_ = recurrent_ || l->recurrent();
        lookback_ += l->lookback();
        macs += l->macsPerSample();
    }
    info_.macsPerSample = macs;
}

int KerasModel::receptiveField() const noexcept
{
    return lookback_ + (recurrent_ ? kRecurrentSettleSamples : 1);
}

void KerasModel::prepareModel(int maxBlockSize)
{
    buffers_.clear();
    for (auto& l : layers_) {
        l->prepare(maxBlockSize, isa_);
        buffers_.emplace_back(Eigen::MatrixXf::Zero(l->outputSize(), maxBlockSize));
    }
    input_.setZero(maxBlockSize);
}

void KerasModel::resetModel() noexcept
{
    for (auto& l : layers_)
        l->reset();
}

void KerasModel::processChunk(const float* in, float* out, int n) noexcept
{
    auto x = input_.head(n);
    x = Eigen::Map<const Eigen::RowVectorXf>(in, n) * gains_.input;
    const float* current = x.data();
    for (size_t i = 0; i < layers_.size(); ++i) {
        layers_[i]->process(current, buffers_[i].data(), n);
        current = buffers_[i].data();
    }
    Eigen::Map<Eigen::RowVectorXf> y(out, n);
    y = buffers_.back().topRows(1).leftCols(n);
    if (gains_.inputSkip) y += x;
    if (gains_.output != 1.0f) y *= gains_.output;
}

bool KerasModel::settledOnSilence() const noexcept
{
    if (!recurrent_) return Model::settledOnSilence();
    // Every convolution's history and every recurrent state constant over the last frames:
    // then the whole state is a fixed point of a zero input (two frames of margin).
    const long long need = lookback_ + 2LL;
    if (silentRun_ < need) return false;
    return std::all_of(layers_.begin(), layers_.end(), [need](const auto& l) { return l->unchangedRun() >= need; });
}

} // namespace waveamp
