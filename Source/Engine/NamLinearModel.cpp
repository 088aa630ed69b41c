#include "NamLinearModel.h"
#include "JsonFields.h"
#include "Limits.h"
#include "ModelError.h"
#include <set>

namespace waveamp {

NamLinearSpec readNamLinearConfig(const nlohmann::json& config)
{
    using namespace jsonfields;
    static const std::set<std::string> known = { "receptive_field", "bias", "in_channels", "out_channels", "implementation" };
    if (!config.is_object())
        throw ModelError(ModelErrorKind::WrongType, "\"config\" should be a JSON object but is " + typeName(config));
    for (auto it = config.begin(); it != config.end(); ++it)
        if (!known.count(it.key()))
            throw ModelError(ModelErrorKind::Unsupported, "the Linear option config." + it.key() + " is not supported yet");
    for (const char* key : { "in_channels", "out_channels" })
        if (config.contains(key) && requireInt(config, key, "config", 1, limits::kMaxChannels) != 1)
            throw ModelError(ModelErrorKind::Unsupported, std::string("config.") + key
                                 + " is not 1; WaveAmp plays mono Linear models");
    // "implementation" (auto / direct / fft) only says how the reference computes the same sum.
    NamLinearSpec s;
    const int cap = static_cast<int>(std::min<long long>(limits::kMaxReceptiveField, limits::kMaxMacsPerSample));
    s.receptiveField = requireInt(config, "receptive_field", "config", 1, cap);
    s.bias = requireBool(config, "bias", "config");
    return s;
}

NamLinearModel::NamLinearModel(const NamLinearSpec& spec, const std::vector<float>& weights, ModelInfo info)
    : info_(std::move(info))
{
    const int rf = spec.receptiveField;
    reversed_.resize(rf);
    for (int i = 0; i < rf; ++i)
        reversed_(i) = weights[static_cast<size_t>(rf - 1 - i)];
    bias_ = spec.bias ? weights[static_cast<size_t>(rf)] : 0.0f;
    info_.macsPerSample = rf;
    info_.architecture = "Linear (impulse response, " + std::to_string(rf) + " taps" + (spec.bias ? ", bias" : "") + ")";
}

void NamLinearModel::prepareModel(int maxBlockSize)
{
    input_.prepare(1, receptiveField() - 1, maxBlockSize);
}

void NamLinearModel::resetModel() noexcept
{
    input_.reset();
}

void NamLinearModel::processChunk(const float* in, float* out, int n) noexcept
{
    input_.next(n) = Eigen::Map<const Eigen::RowVectorXf>(in, n);
    const int rf = receptiveField();
    // One channel: the history is contiguous, so the window ending at frame t is one vector.
    const float* newest = input_.current();
    for (int t = 0; t < n; ++t)
        out[t] = bias_ + reversed_.dot(Eigen::Map<const Eigen::VectorXf>(newest + t - (rf - 1), rf));
    input_.advance(n);
}

} // namespace waveamp
