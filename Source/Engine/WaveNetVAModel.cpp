#include "WaveNetVAModel.h"

namespace waveamp {

WaveNetVAModel::WaveNetVAModel(int channels, Activation activation, bool gated, ModelInfo info)
    : channels_(channels), activation_(activation), gated_(gated), info_(std::move(info))
{
}

void WaveNetVAModel::setInputLayer(const float* weights, const float* bias)
{
    input_.setWeights(1, channels_, weights, bias);
}

void WaveNetVAModel::addLayer(int kernelSize, int dilation, const float* convWeights,
                              const float* convBias, const float* residualWeights,
                              const float* residualBias)
{
    WaveNetLayer layer;
    const int convOut = gated_ ? 2 * channels_ : channels_;
    layer.conv.setWeights(channels_, convOut, kernelSize, dilation, convWeights, convBias);
    layer.residual.setWeights(channels_, channels_, residualWeights, residualBias);
    layer.activation = activation_;
    layer.gated = gated_;
    layers_.push_back(std::move(layer));
}

void WaveNetVAModel::setOutputMix(const float* weights, float bias)
{
    mixWeights_.clear();
    for (size_t l = 0; l < layers_.size(); ++l)
        mixWeights_.emplace_back(Eigen::Map<const Eigen::RowVectorXf>(
            weights + l * static_cast<size_t>(channels_), channels_));
    mixBias_ = bias;
}

void WaveNetVAModel::finalise()
{
    receptiveField_ = 1;
    long long macs = channels_ + 1LL * channels_ * static_cast<long long>(layers_.size());
    for (const auto& layer : layers_) {
        receptiveField_ += layer.conv.lookback();
        macs += layer.macsPerSample();
    }
    info_.macsPerSample = macs;
}

void WaveNetVAModel::prepareModel(int maxBlockSize)
{
    histories_.resize(layers_.size());
    for (size_t l = 0; l < layers_.size(); ++l) {
        histories_[l].prepare(channels_, layers_[l].conv.lookback(), maxBlockSize);
        layers_[l].prepare(maxBlockSize);
    }
    mixed_.setZero(maxBlockSize);
    lastOut_.setZero(channels_, maxBlockSize);
}

void WaveNetVAModel::reset() noexcept
{
    for (auto& h : histories_)
        h.reset();
}

void WaveNetVAModel::processChunk(const float* in, float* out, int n) noexcept
{
    const Eigen::Map<const Eigen::RowVectorXf> x(in, n);
    input_.process(x, histories_[0].next(n));

    auto mixed = mixed_.leftCols(n);
    mixed.setConstant(mixBias_);
    const size_t numLayers = layers_.size();
    for (size_t l = 0; l < numLayers; ++l) {
        // The last layer's residual output feeds nothing (only its skip is used).
        const bool last = l + 1 == numLayers;
        if (last)
            layers_[l].process(histories_[l], x, n, lastOut_.leftCols(n), false);
        else
            layers_[l].process(histories_[l], x, n, histories_[l + 1].next(n), true);
        mixed.noalias() += mixWeights_[l] * layers_[l].skip(n);
    }
    for (auto& h : histories_)
        h.advance(n);

    const float gain = levelAdjust_ != 0.0f ? levelAdjust_ : 1.0f;
    Eigen::Map<Eigen::RowVectorXf>(out, n) = mixed * gain;
}

} // namespace waveamp
