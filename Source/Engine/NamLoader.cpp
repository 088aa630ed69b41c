#include "NamLoader.h"
#include "JsonFields.h"
#include "Limits.h"
#include "ModelError.h"
#include "NamWaveNetModel.h"
#include <cstdio>
#include <set>

namespace waveamp {
namespace {

using jsonfields::Json;

void checkVersion(const std::string& version)
{
    int major = -1, minor = -1, patch = -1;
    if (std::sscanf(version.c_str(), "%d.%d.%d", &major, &minor, &patch) < 2)
        throw ModelError(ModelErrorKind::WrongType, "the .nam \"version\" \"" + version + "\" is not a version number");
    // 0.5.x is the format of nearly every capture; 0.6/0.7 kept the standard WaveNet config
    // (their new options are refused one by one below).
    if (major != 0 || minor < 5 || minor > 7)
        throw ModelError(ModelErrorKind::Unsupported, ".nam file version " + version
                             + " is not supported yet (WaveAmp reads versions 0.5.x to 0.7.x)");
}

Activation readActivation(const Json& layer, const std::string& where)
{
    const Json& v = jsonfields::require(layer, "activation", where);
    Activation a;
    if (v.is_string()) {
        if (!Activation::fromName(v.get<std::string>(), a))
            throw ModelError(ModelErrorKind::Unsupported, where + ": activation \"" + v.get<std::string>() + "\" is not supported yet");
        return a;
    }
    if (v.is_object()) {  // newer files: {"type": "LeakyReLU", "negative_slope": 0.01}
        const std::string type = jsonfields::requireString(v, "type", where + ".activation");
        if (!Activation::fromName(type, a))
            throw ModelError(ModelErrorKind::Unsupported, where + ": activation \"" + type + "\" is not supported yet");
        double slope = 0.01;
        if (jsonfields::optionalNumber(v, "negative_slope", slope)) a.negativeSlope = static_cast<float>(slope);
        for (auto it = v.begin(); it != v.end(); ++it)
            if (it.key() != "type" && it.key() != "negative_slope")
                throw ModelError(ModelErrorKind::Unsupported, where + ": activation option \"" + it.key() + "\" is not supported yet");
        return a;
    }
    throw ModelError(ModelErrorKind::Unsupported, where + ": per-layer activation lists are not supported yet");
}

NamLayerArraySpec readLayerArray(const Json& layer, const std::string& where)
{
    static const std::set<std::string> known = { "input_size", "condition_size", "head_size", "channels",
                                                 "kernel_size", "dilations", "activation", "gated", "head_bias" };
    if (!layer.is_object())
        throw ModelError(ModelErrorKind::WrongType, where + " should be a JSON object but is " + jsonfields::typeName(layer));
    for (auto it = layer.begin(); it != layer.end(); ++it)
        if (!known.count(it.key()))
            throw ModelError(ModelErrorKind::Unsupported, where + ": the WaveNet option \"" + it.key()
                                 + "\" (from a newer NAM version) is not supported yet");
    using namespace jsonfields;
    NamLayerArraySpec s;
    s.inputSize = requireInt(layer, "input_size", where, 1, limits::kMaxChannels);
    s.conditionSize = requireInt(layer, "condition_size", where, 1, limits::kMaxChannels);
    s.headSize = requireInt(layer, "head_size", where, 1, limits::kMaxChannels);
    s.channels = requireInt(layer, "channels", where, 1, limits::kMaxChannels);
    s.kernelSize = requireInt(layer, "kernel_size", where, 1, limits::kMaxKernelSize);
    s.dilations = requireIntArray(layer, "dilations", where, 1, limits::kMaxDilation, limits::kMaxLayers);
    s.activation = readActivation(layer, where);
    s.gated = requireBool(layer, "gated", where);
    s.headBias = requireBool(layer, "head_bias", where);
    if (s.conditionSize != 1)
        throw ModelError(ModelErrorKind::Unsupported, where + ": condition_size " + std::to_string(s.conditionSize)
                             + " is not supported (WaveAmp conditions on the mono input)");
    return s;
}

void checkChain(const std::vector<NamLayerArraySpec>& specs)
{
    long long receptive = 1, macs = 0, history = 0, layers = 0;
    for (size_t i = 0; i < specs.size(); ++i) {
        const auto& s = specs[i];
        const std::string where = "config.layers[" + std::to_string(i) + "]";
        const int expectedInput = i == 0 ? 1 : specs[i - 1].channels;
        if (s.inputSize != expectedInput)
            throw ModelError(ModelErrorKind::WrongType, where + ".input_size is " + std::to_string(s.inputSize)
                                 + " but must be " + std::to_string(expectedInput)
                                 + (i == 0 ? " (the mono input)" : " (the previous array's channels)"));
        if (i + 1 < specs.size() && s.headSize != specs[i + 1].channels)
            throw ModelError(ModelErrorKind::WrongType, where + ".head_size is " + std::to_string(s.headSize)
                                 + " but the next array has " + std::to_string(specs[i + 1].channels) + " channels");
        if (i + 1 == specs.size() && s.headSize != 1)
            throw ModelError(ModelErrorKind::Unsupported, where + ".head_size is " + std::to_string(s.headSize)
                                 + "; the last array must output 1 channel (mono)");
        const long long z = s.gated ? 2 * s.channels : s.channels;
        for (int d : s.dilations) {
            receptive += 1LL * (s.kernelSize - 1) * d;
            history += 1LL * s.channels * (s.kernelSize - 1) * d;
            macs += z * s.channels * s.kernelSize + z + 1LL * s.channels * s.channels;
        }
        layers += static_cast<long long>(s.dilations.size());
    }
    if (layers > limits::kMaxLayers)
        throw ModelError(ModelErrorKind::LimitExceeded, "the model has " + std::to_string(layers)
                             + " layers; at most " + std::to_string(limits::kMaxLayers) + " are supported");
    if (receptive > limits::kMaxReceptiveField)
        throw ModelError(ModelErrorKind::LimitExceeded, "the receptive field is " + std::to_string(receptive)
                             + " samples; at most " + std::to_string(limits::kMaxReceptiveField) + " are supported");
    if (macs > limits::kMaxMacsPerSample || history > limits::kMaxHistoryFloats)
        throw ModelError(ModelErrorKind::LimitExceeded, "the model needs " + std::to_string(macs)
                             + " multiply-adds per sample; that is too large to run in real time");
}

void readMetadata(const Json& d, ModelInfo& info)
{
    using namespace jsonfields;
    double v = 0;
    if (optionalNumber(d, "sample_rate", v)) {
        if (v < 8000 || v > 384000)
            throw ModelError(ModelErrorKind::WrongType, "sample_rate " + Json(v).dump() + " Hz is not a usable audio rate");
        info.sampleRate = v;
        info.sampleRateKnown = true;
    }
    auto it = d.find("metadata");
    if (it == d.end() || !it->is_object()) return;
    const Json& m = *it;
    // Metadata is informative: a malformed entry is ignored rather than refusing the model.
    auto number = [&](const char* key, double& out, bool& known) {
        try { known = optionalNumber(m, key, out); } catch (const ModelError&) { known = false; }
    };
    number("loudness", info.loudness, info.loudnessKnown);
    number("input_level_dbu", info.inputLevelDbu, info.inputLevelKnown);
    number("output_level_dbu", info.outputLevelDbu, info.outputLevelKnown);
    number("gain", info.gain, info.gainKnown);
    info.name = optionalString(m, "name");
    info.modeledBy = optionalString(m, "modeled_by");
    info.gearMake = optionalString(m, "gear_make");
    info.gearModel = optionalString(m, "gear_model");
    info.gearType = optionalString(m, "gear_type");
    info.toneType = optionalString(m, "tone_type");
}

} // namespace

bool looksLikeNam(const Json& d)
{
    return d.is_object() && d.contains("architecture") && d.contains("config") && d.contains("weights");
}

std::unique_ptr<Model> loadNam(const Json& d)
{
    using namespace jsonfields;
    const std::string top = "the .nam file";
    const std::string version = requireString(d, "version", top);
    const std::string architecture = requireString(d, "architecture", top);
    if (architecture != "WaveNet")
        throw ModelError(ModelErrorKind::Unsupported, "this .nam file is a \"" + architecture
                             + "\" model; WaveAmp plays NAM WaveNet models so far (" + architecture
                             + " is not supported yet)");
    checkVersion(version);

    const Json& config = require(d, "config", top);
    static const std::set<std::string> knownConfig = { "layers", "head", "head_scale" };
    if (config.is_object())
        for (auto it = config.begin(); it != config.end(); ++it)
            if (!knownConfig.count(it.key()))
                throw ModelError(ModelErrorKind::Unsupported, "the WaveNet option config." + it.key() + " is not supported yet");
    const Json& layers = require(config, "layers", "config");
    if (!layers.is_array() || layers.empty())
        throw ModelError(ModelErrorKind::WrongType, "config.layers should be a non-empty list of layer arrays");
    if (layers.size() > static_cast<size_t>(limits::kMaxLayerArrays))
        throw ModelError(ModelErrorKind::LimitExceeded, "config.layers has " + std::to_string(layers.size())
                             + " layer arrays; at most " + std::to_string(limits::kMaxLayerArrays) + " are supported");
    auto head = config.find("head");
    if (head != config.end() && !head->is_null())
        throw ModelError(ModelErrorKind::Unsupported, "WaveNet with a post-stack \"head\" is not supported yet");

    std::vector<NamLayerArraySpec> specs;
    for (size_t i = 0; i < layers.size(); ++i)
        specs.push_back(readLayerArray(layers[i], "config.layers[" + std::to_string(i) + "]"));
    checkChain(specs);

    const long long expected = NamWaveNetModel::expectedWeightCount(specs);
    const Json& weightsJson = require(d, "weights", top);
    if (!weightsJson.is_array())
        throw ModelError(ModelErrorKind::WrongType, "\"weights\" should be a list of numbers but is " + typeName(weightsJson));
    if (static_cast<long long>(weightsJson.size()) != expected)
        throw ModelError(ModelErrorKind::WeightCount, "\"weights\" has " + std::to_string(weightsJson.size())
                             + " values but this WaveNet config needs " + std::to_string(expected)
                             + "; the file is truncated or its config does not match its weights");
    const std::vector<float> weights = readWeights(weightsJson, "\"weights\"", expected);

    ModelInfo info;
    info.format = "NAM";
    info.version = version;
    readMetadata(d, info);
    long long layerCount = 0;
    std::string shape;
    for (const auto& s : specs) {
        layerCount += static_cast<long long>(s.dilations.size());
        shape += (shape.empty() ? "" : "/") + std::to_string(s.channels);
    }
    info.architecture = "WaveNet (" + shape + " ch, " + std::to_string(layerCount) + " layers, "
                        + specs.front().activation.name() + (specs.front().gated ? ", gated" : "") + ")";
    info.parameterCount = expected;
    return std::make_unique<NamWaveNetModel>(specs, weights, info);
}

} // namespace waveamp
