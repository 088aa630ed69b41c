#include "WaveNetVALoader.h"
#include "JsonFields.h"
#include "Limits.h"
#include "ModelError.h"
#include "WaveNetVAModel.h"
#include <cmath>
#include <map>
#include <utility>

namespace waveamp {
namespace {

using jsonfields::Json;

// Tensors arrive TensorFlow-style, (k, in, out) row-major; the engine takes PyTorch's
// (out, in, k) row-major.
std::vector<float> tfToTorch(const std::vector<float>& tf, int k, int in, int out)
{
    std::vector<float> pt(tf.size());
    for (int j = 0; j < k; ++j)
        for (int i = 0; i < in; ++i)
            for (int o = 0; o < out; ++o)
                pt[static_cast<size_t>((o * in + i) * k + j)] = tf[static_cast<size_t>((j * in + i) * out + o)];
    return pt;
}

std::string layerName(int idx, int numLayers)
{
    if (idx == -1) return "input layer (layer_idx -1)";
    if (idx == numLayers) return "output layer (layer_idx " + std::to_string(idx) + ")";
    return "layer " + std::to_string(idx);
}

class VariableTable {
public:
    VariableTable(const Json& variables, int numLayers) : numLayers_(numLayers)
    {
        if (!variables.is_array())
            throw ModelError(ModelErrorKind::WrongType, "\"variables\" should be a list but is " + jsonfields::typeName(variables));
        for (size_t v = 0; v < variables.size(); ++v) {
            const std::string where = "variables[" + std::to_string(v) + "]";
            int idx = 0;
            try {
                idx = jsonfields::requireInt(variables[v], "layer_idx", where, -1, numLayers);
            } catch (const ModelError& e) {
                // Out of range is a wrong index here, not a size that would exhaust resources.
                if (e.kind() != ModelErrorKind::LimitExceeded) throw;
                throw ModelError(ModelErrorKind::WrongType, std::string(e.what()) + ": the model has "
                                     + std::to_string(numLayers) + " layers (dilations), so layer_idx runs from -1 "
                                     "(input layer) to " + std::to_string(numLayers) + " (output layer)");
            }
            const std::string name = jsonfields::requireString(variables[v], "name", where);
            if (!expected(idx, name))
                throw ModelError(ModelErrorKind::WrongType, "unknown variable \"" + name + "\" for "
                                     + layerName(idx, numLayers) + " (" + where + "); expected "
                                     + (idx == -1 || idx == numLayers ? "W and b" : "W_conv, b_conv, W_out and b_out"));
            const auto key = std::make_pair(idx, name);
            if (tensors_.count(key))
                throw ModelError(ModelErrorKind::WrongType, "variable \"" + name + "\" for " + layerName(idx, numLayers) + " appears twice");
            tensors_[key] = &jsonfields::require(variables[v], "data", where);
        }
    }

    // The tensor's values, checked to be exactly `count` finite numbers.
    std::vector<float> take(int idx, const std::string& name, long long count, const std::string& shape) const
    {
        auto it = tensors_.find(std::make_pair(idx, name));
        const std::string what = layerName(idx, numLayers_) + " \"" + name + "\"";
        if (it == tensors_.end())
            throw ModelError(ModelErrorKind::MissingField, what + " is missing from \"variables\"");
        if (!it->second->is_array())
            throw ModelError(ModelErrorKind::WrongType, what + " data should be a list of numbers");
        if (static_cast<long long>(it->second->size()) != count)
            throw ModelError(ModelErrorKind::WeightCount, what + " has " + std::to_string(it->second->size())
                                 + " values; expected " + std::to_string(count) + " (" + shape + ")");
        return jsonfields::readWeights(*it->second, what, count);
    }

private:
    bool expected(int idx, const std::string& name) const
    {
        if (idx == -1 || idx == numLayers_) return name == "W" || name == "b";
        return name == "W_conv" || name == "b_conv" || name == "W_out" || name == "b_out";
    }
    int numLayers_;
    std::map<std::pair<int, std::string>, const Json*> tensors_;
};

} // namespace

bool looksLikeWaveNetVA(const Json& d)
{
    return d.is_object() && d.contains("variables") && (d.contains("dilations") || d.contains("residual_channels"));
}

std::unique_ptr<Model> loadWaveNetVA(const Json& d)
{
    using namespace jsonfields;
    const std::string top = "the model";
    const std::string activationName = requireString(d, "activation", top);
    Activation activation;
    bool gated = false;
    if (activationName == "gated") {
        gated = true;
        activation.type = Activation::Type::Tanh;
    } else if (!Activation::fromName(activationName, activation)) {
        throw ModelError(ModelErrorKind::Unsupported, "activation \"" + activationName
                             + "\" is not supported (expected gated, tanh, relu or linear)");
    }
    const int inputs = requireInt(d, "input_channels", top, 1, limits::kMaxChannels);
    const int outputs = requireInt(d, "output_channels", top, 1, limits::kMaxChannels);
    if (inputs != 1 || outputs != 1)
        throw ModelError(ModelErrorKind::Unsupported, "WaveAmp plays mono models (1 input, 1 output); this one has "
                             + std::to_string(inputs) + " input and " + std::to_string(outputs) + " output channels");
    const int c = requireInt(d, "residual_channels", top, 1, limits::kMaxChannels);
    const int k = requireInt(d, "filter_width", top, 1, limits::kMaxKernelSize);
    const std::vector<int> dilations = requireIntArray(d, "dilations", top, 1, limits::kMaxDilation, limits::kMaxLayers);
    const int numLayers = static_cast<int>(dilations.size());
    const int convOut = gated ? 2 * c : c;

    long long receptive = 1, history = 0;
    for (int dil : dilations) {
        receptive += 1LL * (k - 1) * dil;
        history += 1LL * c * (k - 1) * dil;
    }
    const long long macs = c + numLayers * (1LL * convOut * c * k + 1LL * c * c + c);
    const long long weights = 2LL * c + numLayers * (1LL * k * c * convOut + convOut + 1LL * c * c + c) + 1LL * c * numLayers + 1;
    if (receptive > limits::kMaxReceptiveField)
        throw ModelError(ModelErrorKind::LimitExceeded, "the receptive field is " + std::to_string(receptive)
                             + " samples; at most " + std::to_string(limits::kMaxReceptiveField) + " are supported");
    if (macs > limits::kMaxMacsPerSample || weights > limits::kMaxWeights || history > limits::kMaxHistoryFloats)
        throw ModelError(ModelErrorKind::LimitExceeded, "the model needs " + std::to_string(macs)
                             + " multiply-adds per sample and " + std::to_string(weights)
                             + " weights; that is too large to run in real time");

    ModelInfo info;
    info.format = "WaveNetVA JSON";
    info.architecture = std::string("WaveNet (") + (gated ? "gated" : activation.name()) + ", "
                        + std::to_string(c) + " ch, kernel " + std::to_string(k) + ", "
                        + std::to_string(numLayers) + " layers)";
    info.parameterCount = weights - 1;
    double sr = 0;
    if (optionalNumber(d, "sample_rate", sr) && sr > 0) {
        if (sr < 8000 || sr > 384000)  // the same range the .nam loader accepts
            throw ModelError(ModelErrorKind::WrongType, "sample_rate " + Json(sr).dump() + " Hz is not a usable audio rate");
        info.sampleRate = sr;
        info.sampleRateKnown = true;
    }
    double levelAdjust = 0;
    // SmartGuitarAmp's output gain (linear; 0 = not applied). Beyond +-1000 (60 dB) it is a
    // corrupt file, not a level: refuse it rather than play inf or a deafening signal.
    if (optionalNumber(d, "level_adjust", levelAdjust) && std::abs(levelAdjust) > 1000.0)
        throw ModelError(ModelErrorKind::WrongType, "level_adjust " + Json(levelAdjust).dump()
                             + " is outside the usable range -1000...1000 (a linear output gain; 0 = none)");
    info.levelAdjust = levelAdjust;
    info.name = optionalString(d, "name");

    const VariableTable vars(require(d, "variables", top), numLayers);
    auto model = std::make_unique<WaveNetVAModel>(c, activation, gated, info);
    const auto inW = vars.take(-1, "W", c, "1 x 1 x " + std::to_string(c));
    const auto inB = vars.take(-1, "b", c, std::to_string(c));
    model->setInputLayer(inW.data(), inB.data());  // (1, 1, C) is already (C, 1) order
    for (int l = 0; l < numLayers; ++l) {
        const std::string convShape = "filter_width " + std::to_string(k) + " x " + std::to_string(c) + " in x "
                                      + std::to_string(convOut) + " out";
        const auto wConv = tfToTorch(vars.take(l, "W_conv", 1LL * k * c * convOut, convShape), k, c, convOut);
        const auto bConv = vars.take(l, "b_conv", convOut, std::to_string(convOut));
        const auto wOut = tfToTorch(vars.take(l, "W_out", 1LL * c * c, "1 x " + std::to_string(c) + " x " + std::to_string(c)), 1, c, c);
        const auto bOut = vars.take(l, "b_out", c, std::to_string(c));
        model->addLayer(k, dilations[static_cast<size_t>(l)], wConv.data(), bConv.data(), wOut.data(), bOut.data());
    }
    const auto mixW = vars.take(numLayers, "W", 1LL * c * numLayers,
                                "1 x " + std::to_string(c) + " channels x " + std::to_string(numLayers) + " layers x 1");
    const auto mixB = vars.take(numLayers, "b", 1, "1");
    model->setOutputMix(mixW.data(), mixB[0]);
    model->setLevelAdjust(static_cast<float>(levelAdjust));
    model->finalise();
    return model;
}

} // namespace waveamp
