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
    layer.gating = gated_ ? Gating::Gated : Gating::None;
    layers_.push_back(std::move(layer));
}

void WaveNetVAModel::setOutputMix(const float* weights, float bias)
{
    for (size_t l = 0; l < layers_.size(); ++l)
        layers_[l].headWeights = Eigen::Map<const Eigen::VectorXf>(weights + l * static_cast<size_t>(channels_), channels_);
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
    int padded = channels_;
    for (auto& layer : layers_)
        padded = layer.prepare(maxBlockSize, isa_);  // the same for every layer (same shape)
    for (size_t l = 0; l < layers_.size(); ++l)
        histories_[l].prepare(channels_, layers_[l].conv.lookback(), maxBlockSize, padded);
    skipSum_.setZero(padded, maxBlockSize);
    frameKernel_ = nullptr;
    frameLayers_.clear();
    frameInputs_.assign(layers_.size(), nullptr);
    for (const auto& layer : layers_) {
        if (!layer.kernelView()) {  // no kernel for this shape: layer by layer
            frameLayers_.clear();
            break;
        }
        frameLayers_.push_back(layer.kernelView());
    }
    frameIsStack_ = false;
    frameChain_.clear();
    if (frameLayers_.empty()) return;
    const int lanes = frameLayers_[0]->lanes, activation = static_cast<int>(activation_.type);
    if (gated_) frameKernel_ = kernels::gatedFrameKernel(isa_, lanes, channels_, activation);
    if (frameKernel_) {  // on its own copy of the weights
        frameGated_.pack(frameLayers_);
        frameLayers_ = frameGated_.views();
        packFrameChain(frameLayers_, frameChain_);
    } else {
        frameKernel_ = kernels::stackFrameKernel(isa_, lanes, channels_, gated_, activation);
        frameIsStack_ = frameKernel_ != nullptr;
    }
}

void WaveNetVAModel::resetModel() noexcept
{
    for (auto& h : histories_)
        h.reset();
}

void WaveNetVAModel::processChunk(const float* in, float* out, int n) noexcept
{
    const Eigen::Map<const Eigen::RowVectorXf> x(in, n);
    input_.process(x, histories_[0].next(n));

    skipSum_.leftCols(n).setZero();
    const size_t numLayers = layers_.size();
    if (n == 1 && frameKernel_) {
        for (size_t l = 0; l < numLayers; ++l)
            frameInputs_[l] = histories_[l].current();
        frameKernel_({ frameLayers_.data(), frameInputs_.data(), nullptr, nullptr, skipSum_.data(), frameChain_.data(),
                       nullptr, static_cast<int>(numLayers) });
    } else {
        for (size_t l = 0; l < numLayers; ++l) {
            // The last layer's residual output feeds nothing (only its skip is used).
            float* next = l + 1 < numLayers ? histories_[l + 1].current() : nullptr;
            layers_[l].process(histories_[l], nullptr, n, next, skipSum_.data());
        }
    }
    for (auto& h : histories_)
        h.advance(n);

    const float gain = levelAdjust_ != 0.0f ? levelAdjust_ : 1.0f;
    Eigen::Map<Eigen::RowVectorXf>(out, n)
        = ((skipSum_.topRows(channels_).leftCols(n).colwise().sum().array() + mixBias_) * gain).matrix();
}

} // namespace waveamp
