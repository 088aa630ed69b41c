#include "NamLstmLoader.h"
#include "JsonFields.h"
#include "Limits.h"
#include "ModelError.h"
#include "NamLstmModel.h"

namespace waveamp {

std::unique_ptr<Model> loadNamLstm(const nlohmann::json& d, ModelInfo info)
{
    using namespace jsonfields;
    const Json& config = require(d, "config", "the .nam file");
    if (!config.is_object())
        throw ModelError(ModelErrorKind::WrongType, "\"config\" should be a JSON object but is " + typeName(config));
    for (auto it = config.begin(); it != config.end(); ++it)
        if (it.key() != "input_size" && it.key() != "hidden_size" && it.key() != "num_layers")
            throw ModelError(ModelErrorKind::Unsupported, "the LSTM option config." + it.key() + " is not supported yet");
    NamLstmSpec spec;
    spec.numLayers = requireInt(config, "num_layers", "config", 1, limits::kMaxRecurrentLayers);
    spec.inputSize = requireInt(config, "input_size", "config", 1, limits::kMaxFeatures);
    spec.hiddenSize = requireInt(config, "hidden_size", "config", 1, limits::kMaxHiddenSize);
    if (spec.inputSize != 1)
        throw ModelError(ModelErrorKind::Unsupported, "config.input_size is " + std::to_string(spec.inputSize)
                             + ": parametric LSTM models (extra knob inputs) are not supported yet; WaveAmp feeds the mono input");

    const long long expected = NamLstmModel::expectedWeightCount(spec);
    const Json& weightsJson = require(d, "weights", "the .nam file");
    if (!weightsJson.is_array())
        throw ModelError(ModelErrorKind::WrongType, "\"weights\" should be a list of numbers but is " + typeName(weightsJson));
    if (static_cast<long long>(weightsJson.size()) != expected)
        throw ModelError(ModelErrorKind::WeightCount, "\"weights\" has " + std::to_string(weightsJson.size())
                             + " values but this LSTM config (" + std::to_string(spec.numLayers) + " layer(s) of "
                             + std::to_string(spec.hiddenSize) + " units) needs " + std::to_string(expected)
                             + "; the file is truncated or its config does not match its weights");
    const std::vector<float> weights = readWeights(weightsJson, "\"weights\"", expected);

    info.architecture = "LSTM (" + std::to_string(spec.numLayers) + " x " + std::to_string(spec.hiddenSize) + ")";
    info.parameterCount = expected;
    return std::make_unique<NamLstmModel>(spec, weights, std::move(info));
}

} // namespace waveamp
