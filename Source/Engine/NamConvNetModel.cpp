#include "NamConvNetModel.h"
#include "JsonFields.h"
#include "Limits.h"
#include "ModelError.h"
#include <cmath>
#include <set>

namespace waveamp {

NamConvNetSpec readNamConvNetConfig(const nlohmann::json& config)
{
    using namespace jsonfields;
    static const std::set<std::string> known = { "channels", "dilations", "batchnorm", "activation" };
    if (!config.is_object())
        throw ModelError(ModelErrorKind::WrongType, "\"config\" should be a JSON object but is " + typeName(config));
    for (auto it = config.begin(); it != config.end(); ++it)
        if (!known.count(it.key()))
            throw ModelError(ModelErrorKind::Unsupported, "the ConvNet option config." + it.key() + " is not supported yet");
    NamConvNetSpec s;
    s.channels = requireInt(config, "channels", "config", 1, limits::kMaxChannels);
    s.dilations = requireIntArray(config, "dilations", "config", 1, limits::kMaxDilation, limits::kMaxLayers);
    s.batchnorm = requireBool(config, "batchnorm", "config");
    const std::string activation = requireString(config, "activation", "config");
    if (!Activation::fromName(activation, s.activation))
        throw ModelError(ModelErrorKind::Unsupported, "config: activation \"" + activation + "\" is not supported yet");
    long long receptive = 1, macs = 1LL * s.channels;
    for (size_t i = 0; i < s.dilations.size(); ++i) {
        receptive += s.dilations[i];
        macs += 1LL * s.channels * (i == 0 ? 1 : s.channels) * NamConvNetModel::kKernelSize;
    }
    if (receptive > limits::kMaxReceptiveField)
        throw ModelError(ModelErrorKind::LimitExceeded, "the receptive field is " + std::to_string(receptive)
                             + " samples; at most " + std::to_string(limits::kMaxReceptiveField) + " are supported");
    if (macs > limits::kMaxMacsPerSample || receptive * s.channels > limits::kMaxHistoryFloats)
        throw ModelError(ModelErrorKind::LimitExceeded, "the model needs " + std::to_string(macs)
                             + " multiply-adds per sample; that is too large to run in real time");
    return s;
}

long long NamConvNetModel::expectedWeightCount(const NamConvNetSpec& s)
{
    long long count = 0;
    for (size_t i = 0; i < s.dilations.size(); ++i) {
        count += CausalConv1d::weightCount(i == 0 ? 1 : s.channels, s.channels, kKernelSize, 1, !s.batchnorm);
        if (s.batchnorm) count += 4LL * s.channels + 1;
    }
    return count + s.channels + 1;
}

NamConvNetModel::NamConvNetModel(const NamConvNetSpec& s, const std::vector<float>& weights, ModelInfo info)
    : activation_(s.activation), info_(std::move(info))
{
    const int c = s.channels;
    size_t pos = 0;
    auto take = [&](long long n) { const float* p = weights.data() + pos; pos += static_cast<size_t>(n); return p; };
    long long macs = c;
    for (size_t i = 0; i < s.dilations.size(); ++i) {
        Block b;
        const int in = i == 0 ? 1 : c;
        const float* w = take(CausalConv1d::weightCount(in, c, kKernelSize, 1, false));
        b.conv.setWeights(in, c, kKernelSize, s.dilations[i], w, s.batchnorm ? nullptr : take(c));
        b.batchnorm = s.batchnorm;
        if (s.batchnorm) {
            const Eigen::Map<const Eigen::VectorXf> mean(take(c), c), var(take(c), c), gamma(take(c), c), beta(take(c), c);
            const float eps = *take(1);
            for (int k = 0; k < c; ++k)
                if (!(var(k) + eps > 0.0f))
                    throw ModelError(ModelErrorKind::WrongType, "ConvNet block " + std::to_string(i)
                                         + ": batchnorm running_var + eps is not positive (channel "
                                         + std::to_string(k) + "); the file is corrupt");
            b.scale = gamma.array() / (var.array() + eps).sqrt();
            b.shift = beta.array() - b.scale.array() * mean.array();
        }
        receptiveField_ += b.conv.lookback();
        macs += b.conv.macsPerSample();
        blocks_.push_back(std::move(b));
    }
    headWeights_ = Eigen::Map<const Eigen::RowVectorXf>(take(c), c);
    headBias_ = *take(1);
    info_.macsPerSample = macs;
    info_.architecture = "ConvNet (" + std::to_string(c) + " ch, " + std::to_string(blocks_.size()) + " blocks, "
                         + activation_.name() + (s.batchnorm ? ", batchnorm" : "") + ")";
}

void NamConvNetModel::prepareModel(int maxBlockSize)
{
    inputs_.resize(blocks_.size());
    for (size_t i = 0; i < blocks_.size(); ++i)
        inputs_[i].prepare(blocks_[i].conv.inChannels(), blocks_[i].conv.lookback(), maxBlockSize);
    last_.setZero(blocks_.back().conv.outChannels(), maxBlockSize);
}

void NamConvNetModel::resetModel() noexcept
{
    for (auto& h : inputs_)
        h.reset();
}

void NamConvNetModel::processChunk(const float* in, float* out, int n) noexcept
{
    inputs_[0].next(n) = Eigen::Map<const Eigen::RowVectorXf>(in, n);
    auto run = [&](const Block& b, const LayerHistory& x, auto&& y) {
        b.conv.process(x, n, y);
        if (b.batchnorm)
            y = ((y.array().colwise() * b.scale.array()).colwise() + b.shift.array()).matrix();
        activation_.apply(y);
    };
    for (size_t i = 0; i + 1 < blocks_.size(); ++i)
        run(blocks_[i], inputs_[i], inputs_[i + 1].next(n));
    run(blocks_.back(), inputs_.back(), last_.leftCols(n));
    Eigen::Map<Eigen::RowVectorXf> y(out, n);
    y.noalias() = headWeights_ * last_.leftCols(n);
    y.array() += headBias_;
    for (auto& h : inputs_)
        h.advance(n);
}

} // namespace waveamp
