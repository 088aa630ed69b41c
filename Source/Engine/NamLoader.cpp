#include "NamLoader.h"
#include "JsonFields.h"
#include "Limits.h"
#include "ModelError.h"
#include "NamConvNetModel.h"
#include "NamLinearModel.h"
#include "NamLstmLoader.h"
#include "NamWaveNetConfig.h"
#include <cstdio>

namespace waveamp {
namespace {

using jsonfields::Json;

std::unique_ptr<Model> loadNamAt(const Json& d, const LoadOptions& options, int depth);

void checkVersion(const std::string& version)
{
    int major = -1, minor = -1, patch = -1;
    if (std::sscanf(version.c_str(), "%d.%d.%d", &major, &minor, &patch) < 2)
        throw ModelError(ModelErrorKind::WrongType, "the .nam \"version\" \"" + version + "\" is not a version number");
    // 0.5.x is the format of nearly every capture; 0.6/0.7 add options (A2, gating modes, ...)
    // that are read or refused one by one.
    if (major != 0 || minor < 5 || minor > 7)
        throw ModelError(ModelErrorKind::Unsupported, ".nam file version " + version
                             + " is not supported yet (WaveAmp reads versions 0.5.x to 0.7.x)");
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

// The flat "weights" array, which must hold exactly `expected` values.
std::vector<float> readFlatWeights(const Json& d, long long expected, const std::string& architecture)
{
    using namespace jsonfields;
    const Json& weightsJson = require(d, "weights", "the .nam file");
    if (!weightsJson.is_array())
        throw ModelError(ModelErrorKind::WrongType, "\"weights\" should be a list of numbers but is " + typeName(weightsJson));
    if (static_cast<long long>(weightsJson.size()) != expected)
        throw ModelError(ModelErrorKind::WeightCount, "\"weights\" has " + std::to_string(weightsJson.size())
                             + " values but this " + architecture + " config needs " + std::to_string(expected)
                             + "; the file is truncated or its config does not match its weights");
    return readWeights(weightsJson, "\"weights\"", expected);
}

// Architectures with one flat weight array: read the config, check the weight count, build.
template <typename ModelType, typename Spec>
std::unique_ptr<Model> build(const Json& d, const Spec& spec, const char* architecture, ModelInfo info)
{
    const long long expected = ModelType::expectedWeightCount(spec);
    const std::vector<float> weights = readFlatWeights(d, expected, architecture);
    info.parameterCount = expected;
    return std::make_unique<ModelType>(spec, weights, std::move(info));
}

// NAM A2: {"submodels": [{"max_value": v, "model": <a whole .nam document>}, ...]}, sorted by
// ascending max_value, the last >= 1. One submodel is built (the one the size selects); the
// plugin switches size by loading again with another LoadOptions::slimmableSize.
std::unique_ptr<Model> loadSlimmable(const Json& d, const LoadOptions& options, int depth)
{
    using namespace jsonfields;
    const Json& config = require(d, "config", "the .nam file");
    const Json& submodels = require(config, "submodels", "config");
    if (!submodels.is_array() || submodels.empty())
        throw ModelError(ModelErrorKind::WrongType, "config.submodels should be a non-empty list");
    if (submodels.size() > static_cast<size_t>(limits::kMaxSubmodels))
        throw ModelError(ModelErrorKind::LimitExceeded, "config.submodels has " + std::to_string(submodels.size())
                             + " entries; at most " + std::to_string(limits::kMaxSubmodels) + " are supported");
    std::vector<double> maxValues;
    for (size_t i = 0; i < submodels.size(); ++i) {
        const std::string where = "config.submodels[" + std::to_string(i) + "]";
        const Json& value = require(submodels[i], "max_value", where);
        if (!value.is_number())
            throw ModelError(ModelErrorKind::WrongType, where + ".max_value should be a number but is " + typeName(value));
        const double v = value.get<double>();
        if (!maxValues.empty() && v <= maxValues.back())
            throw ModelError(ModelErrorKind::WrongType, "SlimmableContainer submodels must be sorted by ascending max_value ("
                                 + where + ".max_value = " + Json(v).dump() + ")");
        maxValues.push_back(v);
        require(submodels[i], "model", where);
    }
    if (maxValues.back() < 1.0)
        throw ModelError(ModelErrorKind::WrongType, "the last SlimmableContainer submodel's max_value is "
                             + Json(maxValues.back()).dump() + "; it must be at least 1.0");
    const auto active = static_cast<size_t>(slimmableSubmodelFor(maxValues, options.slimmableSize));
    // Every submodel is validated (a broken lite model should not wait to fail until chosen).
    std::unique_ptr<Model> chosen;
    for (size_t i = 0; i < submodels.size(); ++i) {
        const std::string where = "config.submodels[" + std::to_string(i) + "].model";
        try {
            auto m = loadNamAt(submodels[i]["model"], options, depth + 1);
            if (i == active) chosen = std::move(m);
        } catch (const ModelError& e) {
            throw ModelError(e.kind(), where + ": " + e.what());
        }
    }
    ModelInfo& info = chosen->mutableInfo();
    info.submodelMaxValues = maxValues;
    info.activeSubmodel = static_cast<int>(active);
    info.architecture = "SlimmableContainer, submodel " + std::to_string(active + 1) + " of "
                        + std::to_string(maxValues.size()) + ": " + info.architecture;
    ModelInfo outer = info;
    readMetadata(d, outer);  // the container's own metadata (loudness, levels) wins
    info = outer;
    return chosen;
}

std::unique_ptr<Model> loadNamAt(const Json& d, const LoadOptions& options, int depth)
{
    using namespace jsonfields;
    const std::string top = "the .nam file";
    if (depth > 2)
        throw ModelError(ModelErrorKind::LimitExceeded, "model containers are nested too deeply");
    const std::string version = requireString(d, "version", top);
    const std::string architecture = requireString(d, "architecture", top);
    checkVersion(version);
    if (architecture == "SlimmableContainer")
        return loadSlimmable(d, options, depth);

    ModelInfo info;
    info.format = "NAM";
    info.version = version;
    readMetadata(d, info);
    const Json& config = require(d, "config", top);
    if (architecture == "WaveNet") {
        const NamWaveNetSpec spec = readNamWaveNetConfig(config);
        info.architecture = describe(spec);
        return build<NamWaveNetModel>(d, spec, "WaveNet", std::move(info));
    }
    if (architecture == "ConvNet") return build<NamConvNetModel>(d, readNamConvNetConfig(config), "ConvNet", std::move(info));
    if (architecture == "Linear") return build<NamLinearModel>(d, readNamLinearConfig(config), "Linear", std::move(info));
    if (architecture == "LSTM") return loadNamLstm(d, std::move(info));
    throw ModelError(ModelErrorKind::Unsupported, "this .nam file is a \"" + architecture
                         + "\" model; " + architecture + " is not supported yet (WaveAmp plays NAM WaveNet,"
                           " LSTM, ConvNet, Linear and SlimmableContainer models)");
}

} // namespace

bool looksLikeNam(const Json& d)
{
    return d.is_object() && d.contains("architecture") && d.contains("config") && d.contains("weights");
}

std::unique_ptr<Model> loadNam(const Json& d, const LoadOptions& options)
{
    return loadNamAt(d, options, 0);
}

} // namespace waveamp
