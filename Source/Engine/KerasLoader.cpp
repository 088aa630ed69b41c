#include "KerasLoader.h"
#include "Conv1dLayer.h"
#include "DenseLayer.h"
#include "ElementwiseLayer.h"
#include "GruLayer.h"
#include "JsonFields.h"
#include "KerasModel.h"
#include "Limits.h"
#include "LstmLayer.h"
#include "ModelError.h"
#include <cmath>

namespace waveamp {
namespace {

using jsonfields::Json;
using RowMajor = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

std::string shapeText(const std::vector<int>& shape)
{
    std::string s = "(";
    for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + (shape.size() == 1 ? ",)" : ")");
}

void gather(const Json& v, const std::vector<int>& shape, size_t depth, const std::string& what, std::vector<float>& out)
{
    const std::string expected = what + " should have shape " + shapeText(shape);
    if (!v.is_array())
        throw ModelError(ModelErrorKind::WrongType, expected + " but is " + jsonfields::typeName(v));
    if (static_cast<long long>(v.size()) != shape[depth])
        throw ModelError(ModelErrorKind::WeightCount, expected + " but has " + std::to_string(v.size()) + " entries along axis "
                             + std::to_string(depth) + " (expected " + std::to_string(shape[depth]) + ")");
    if (depth + 1 == shape.size()) {
        const auto values = jsonfields::readWeights(v, what, shape[depth]);
        out.insert(out.end(), values.begin(), values.end());
        return;
    }
    for (const auto& item : v) gather(item, shape, depth + 1, what, out);
}

// A nested array of exactly `shape`, row-major.
std::vector<float> readTensor(const Json& v, const std::vector<int>& shape, const std::string& what)
{
    std::vector<float> out;
    gather(v, shape, 0, what, out);
    return out;
}

// Every number in a nested array (PReLU slopes come as (1, C), (C,) or (1, 1, C)).
void flatten(const Json& v, const std::string& what, std::vector<float>& out, long long maxCount, int depth = 0)
{
    if (depth > 4 || static_cast<long long>(out.size()) > maxCount)
        throw ModelError(ModelErrorKind::WrongType, what + " is nested too deeply or too large");
    if (v.is_array() && !v.empty() && v.front().is_array()) {
        for (const auto& item : v) flatten(item, what, out, maxCount, depth + 1);
        return;
    }
    const auto values = jsonfields::readWeights(v, what, maxCount);
    out.insert(out.end(), values.begin(), values.end());
}

// "kernel_size": [3] or 3.
int intOrSingleton(const Json& layer, const char* key, const std::string& where, int min, int max, int fallback)
{
    auto it = layer.find(key);
    if (it == layer.end() || it->is_null()) return fallback;
    Json holder = Json::object();
    holder[key] = it->is_array() && it->size() == 1 ? (*it)[0] : *it;
    return jsonfields::requireInt(holder, key, where, min, max);
}

struct Builder {
    std::vector<std::unique_ptr<SequenceLayer>> layers;
    int features = 1;       // the next layer's input size
    long long macs = 0, weights = 0, lookback = 0;

    void add(std::unique_ptr<SequenceLayer> layer)
    {
        macs += layer->macsPerSample();
        lookback += layer->lookback();
        features = layer->outputSize();
        layers.push_back(std::move(layer));
    }

    // Refuses a layer of `count` MACs per sample before its weights are read or expanded.
    void checkCost(long long count, const std::string& where) const
    {
        if (macs + count > limits::kMaxMacsPerSample)
            throw ModelError(ModelErrorKind::LimitExceeded, where + " brings the model to " + std::to_string(macs + count)
                                 + " multiply-adds per sample; that is too large to run in real time");
    }

    void addActivation(const std::string& name, const std::string& where)
    {
        if (name.empty() || name == "linear") return;
        ElementwiseLayer::Kind kind;
        if (!ElementwiseLayer::kindFromName(name, kind))
            throw ModelError(ModelErrorKind::Unsupported, where + ": activation \"" + name
                                 + "\" is not supported (RTNeural models use tanh, relu, sigmoid, softmax, elu)");
        add(std::make_unique<ElementwiseLayer>(kind, features));
    }
};

const Json& weightAt(const Json& weights, size_t i, size_t count, const std::string& where)
{
    if (!weights.is_array() || weights.size() != count)
        throw ModelError(ModelErrorKind::WeightCount, where + ".weights should be a list of " + std::to_string(count)
                             + " tensors but " + (weights.is_array() ? "has " + std::to_string(weights.size())
                                                                     : "is " + jsonfields::typeName(weights)));
    return weights[i];
}

int unitsOf(const Json& layer, const std::string& where, int max)
{
    const Json& shape = jsonfields::require(layer, "shape", where);
    if (!shape.is_array() || shape.empty())
        throw ModelError(ModelErrorKind::WrongType, where + ".shape should be a list like [null, null, 8]");
    const Json& units = shape.back();
    const double v = units.is_number() ? units.get<double>() : -1.0;
    if (!units.is_number() || v != std::floor(v) || v < 1)
        throw ModelError(ModelErrorKind::WrongType, where + ".shape should end with a whole number of units but ends with "
                             + jsonfields::typeName(units));
    if (v > max)
        throw ModelError(ModelErrorKind::LimitExceeded, where + ".shape asks for " + units.dump() + " units; at most "
                             + std::to_string(max) + " are supported");
    return static_cast<int>(v);
}

void addRecurrent(Builder& b, const Json& layer, const std::string& where, bool lstm)
{
    const int h = unitsOf(layer, where, limits::kMaxHiddenSize);
    const std::string activation = jsonfields::optionalString(layer, "activation");
    if (!activation.empty() && activation != "tanh")
        throw ModelError(ModelErrorKind::Unsupported, where + ": a recurrent cell with activation \"" + activation
                             + "\" is not supported (only tanh, as Keras, RTNeural and PyTorch use)");
    const int gates = lstm ? 4 : 3;
    b.checkCost(1LL * gates * h * (b.features + h), where);
    const Json& w = jsonfields::require(layer, "weights", where);
    const auto kernel = readTensor(weightAt(w, 0, 3, where), { b.features, gates * h }, where + ".weights[0] (kernel)");
    const auto recurrent = readTensor(weightAt(w, 1, 3, where), { h, gates * h }, where + ".weights[1] (recurrent kernel)");
    const Eigen::MatrixXf wx = Eigen::Map<const RowMajor>(kernel.data(), b.features, gates * h).transpose();
    const Eigen::MatrixXf wh = Eigen::Map<const RowMajor>(recurrent.data(), h, gates * h).transpose();
    const Json& biasJson = weightAt(w, 2, 3, where);
    b.weights += static_cast<long long>(kernel.size() + recurrent.size());
    if (lstm) {
        const auto bias = readTensor(biasJson, { gates * h }, where + ".weights[2] (bias)");
        auto cell = std::make_unique<LstmLayer>();
        cell->setWeights(wx, wh, Eigen::Map<const Eigen::VectorXf>(bias.data(), gates * h), nullptr, nullptr);
        b.add(std::move(cell));
        return;
    }
    const bool resetAfter = biasJson.is_array() && !biasJson.empty() && biasJson.front().is_array();
    auto cell = std::make_unique<GruLayer>();
    if (resetAfter) {
        const auto bias = readTensor(biasJson, { 2, gates * h }, where + ".weights[2] (bias, reset_after)");
        cell->setWeights(wx, wh, Eigen::Map<const Eigen::VectorXf>(bias.data(), gates * h),
                         Eigen::Map<const Eigen::VectorXf>(bias.data() + gates * h, gates * h), true);
    } else {
        const auto bias = readTensor(biasJson, { gates * h }, where + ".weights[2] (bias)");
        cell->setWeights(wx, wh, Eigen::Map<const Eigen::VectorXf>(bias.data(), gates * h), Eigen::VectorXf(), false);
    }
    b.add(std::move(cell));
}

void addDense(Builder& b, const Json& layer, const std::string& where)
{
    const int units = unitsOf(layer, where, limits::kMaxFeatures);
    b.checkCost(1LL * b.features * units, where);
    const Json& w = jsonfields::require(layer, "weights", where);
    const auto kernel = readTensor(weightAt(w, 0, 2, where), { b.features, units }, where + ".weights[0] (kernel)");
    const auto bias = readTensor(weightAt(w, 1, 2, where), { units }, where + ".weights[1] (bias)");
    b.weights += static_cast<long long>(kernel.size());
    b.add(std::make_unique<DenseLayer>(Eigen::Map<const RowMajor>(kernel.data(), b.features, units).transpose(),
                                       Eigen::Map<const Eigen::VectorXf>(bias.data(), units)));
    b.addActivation(jsonfields::optionalString(layer, "activation"), where);
}

void addConv1d(Builder& b, const Json& layer, const std::string& where)
{
    const int units = unitsOf(layer, where, limits::kMaxFeatures);
    const int k = intOrSingleton(layer, "kernel_size", where, 1, limits::kMaxKernelSize, -1);
    if (k < 0) throw ModelError(ModelErrorKind::MissingField, where + " has no \"kernel_size\" field");
    const int d = intOrSingleton(layer, "dilation", where, 1, limits::kMaxDilation, 1);
    const int groups = intOrSingleton(layer, "groups", where, 1, limits::kMaxFeatures, 1);
    if (intOrSingleton(layer, "strides", where, 1, 1 << 20, 1) != 1)
        throw ModelError(ModelErrorKind::Unsupported, where + ": strided conv1d is not supported (it changes the sample rate)");
    const int in = b.features;
    if (in % groups != 0 || units % groups != 0)
        throw ModelError(ModelErrorKind::WrongType, where + ": groups = " + std::to_string(groups) + " must divide both its "
                             + std::to_string(in) + " inputs and " + std::to_string(units) + " outputs");
    const int inPerGroup = in / groups, outPerGroup = units / groups;
    b.checkCost(1LL * units * in * k, where);  // run as a dense (block-diagonal) convolution
    const Json& w = jsonfields::require(layer, "weights", where);
    const auto kernel = readTensor(weightAt(w, 0, 2, where), { k, inPerGroup, units }, where + ".weights[0] (kernel)");
    const auto bias = readTensor(weightAt(w, 1, 2, where), { units }, where + ".weights[1] (bias)");
    std::vector<float> dense(static_cast<size_t>(units) * in * k, 0.0f);  // torch layout (out, in, k)
    for (int o = 0; o < units; ++o)
        for (int j = 0; j < inPerGroup; ++j)
            for (int tap = 0; tap < k; ++tap) {
                const int ic = (o / outPerGroup) * inPerGroup + j;
                dense[(static_cast<size_t>(o) * in + ic) * k + tap] = kernel[(static_cast<size_t>(tap) * inPerGroup + j) * units + o];
            }
    b.weights += static_cast<long long>(kernel.size());
    b.add(std::make_unique<Conv1dLayer>(in, units, k, d, dense.data(), bias.data()));
    b.addActivation(jsonfields::optionalString(layer, "activation"), where);
}

void addPrelu(Builder& b, const Json& layer, const std::string& where)
{
    std::vector<float> alpha;
    flatten(weightAt(jsonfields::require(layer, "weights", where), 0, 1, where), where + ".weights[0] (alpha)", alpha,
            limits::kMaxFeatures);
    if (alpha.size() != 1 && alpha.size() != static_cast<size_t>(b.features))
        throw ModelError(ModelErrorKind::WeightCount, where + ".weights[0] (alpha) has " + std::to_string(alpha.size())
                             + " values; expected " + std::to_string(b.features) + " (one per feature) or 1");
    Eigen::VectorXf slopes = alpha.size() == 1 ? Eigen::VectorXf::Constant(b.features, alpha[0])
                                               : Eigen::VectorXf(Eigen::Map<const Eigen::VectorXf>(alpha.data(), b.features));
    b.add(std::make_unique<ElementwiseLayer>(ElementwiseLayer::Kind::PReLU, b.features, std::move(slopes)));
}

void addBatchNorm(Builder& b, const Json& layer, const std::string& where)
{
    const Json& w = jsonfields::require(layer, "weights", where);
    const int c = b.features;
    const auto gamma = readTensor(weightAt(w, 0, 4, where), { c }, where + ".weights[0] (gamma)");
    const auto beta = readTensor(w[1], { c }, where + ".weights[1] (beta)");
    const auto mean = readTensor(w[2], { c }, where + ".weights[2] (moving mean)");
    const auto variance = readTensor(w[3], { c }, where + ".weights[3] (moving variance)");
    double epsilon = 0.001;  // Keras's default
    jsonfields::optionalNumber(layer, "epsilon", epsilon);
    Eigen::VectorXf scale(c), offset(c);
    for (int i = 0; i < c; ++i) {
        if (variance[i] + epsilon <= 0.0)
            throw ModelError(ModelErrorKind::WrongType, where + ": moving variance plus epsilon must be positive");
        scale[i] = static_cast<float>(gamma[i] / std::sqrt(variance[i] + epsilon));
        offset[i] = beta[i] - mean[i] * scale[i];
    }
    b.add(std::make_unique<ElementwiseLayer>(ElementwiseLayer::Kind::Affine, c, std::move(scale), std::move(offset)));
}

void addLayer(Builder& b, const Json& layer, const std::string& where)
{
    const std::string type = jsonfields::requireString(layer, "type", where);
    const std::string named = where + " (" + type + ")";
    ElementwiseLayer::Kind kind;
    if (type == "lstm") addRecurrent(b, layer, named, true);
    else if (type == "gru") addRecurrent(b, layer, named, false);
    else if (type == "dense" || type == "time-distributed-dense") addDense(b, layer, named);
    else if (type == "conv1d") addConv1d(b, layer, named);
    else if (type == "prelu") addPrelu(b, layer, named);
    else if (type == "batchnorm") addBatchNorm(b, layer, named);
    else if (type == "activation") b.addActivation(jsonfields::requireString(layer, "activation", named), named);
    else if (ElementwiseLayer::kindFromName(type, kind)) b.addActivation(type, named);
    else
        throw ModelError(ModelErrorKind::Unsupported, where + ": the layer type \"" + type + "\" is not supported "
                             "(WaveAmp plays lstm, gru, dense, conv1d, prelu, batchnorm and activation layers)");
    if (!b.layers.empty() && layer.contains("shape") && b.layers.back()->outputSize() != unitsOf(layer, named, limits::kMaxFeatures))
        throw ModelError(ModelErrorKind::WrongType, named + ".shape says " + std::to_string(unitsOf(layer, named, limits::kMaxFeatures))
                             + " features but its weights give " + std::to_string(b.layers.back()->outputSize()));
}

std::unique_ptr<KerasModel> build(const Json& d, bool applyGains)
{
    using namespace jsonfields;
    const std::string top = "the Keras-style model";
    const Json& inShape = require(d, "in_shape", top);
    if (!inShape.is_array() || inShape.empty())
        throw ModelError(ModelErrorKind::WrongType, "\"in_shape\" should be a list like [null, null, 1]");
    Json holder = Json::object();
    holder["in_shape"] = inShape.back();
    const int inputs = requireInt(holder, "in_shape", "the model's last \"in_shape\" entry", 1, limits::kMaxFeatures);
    if (inputs != 1)
        throw ModelError(ModelErrorKind::Unsupported, "\"in_shape\" asks for " + std::to_string(inputs)
                             + " inputs per sample: conditioned (knob) models are not supported yet; WaveAmp feeds the mono input");
    const Json& layers = require(d, "layers", top);
    if (!layers.is_array() || layers.empty())
        throw ModelError(ModelErrorKind::WrongType, "\"layers\" should be a non-empty list of layers");
    if (layers.size() > static_cast<size_t>(limits::kMaxSequentialLayers))
        throw ModelError(ModelErrorKind::LimitExceeded, "the model has " + std::to_string(layers.size()) + " layers; at most "
                             + std::to_string(limits::kMaxSequentialLayers) + " are supported");
    Builder b;
    for (size_t i = 0; i < layers.size(); ++i) {
        const std::string where = "layers[" + std::to_string(i) + "]";
        if (!layers[i].is_object())
            throw ModelError(ModelErrorKind::WrongType, where + " should be a JSON object but is " + typeName(layers[i]));
        addLayer(b, layers[i], where);
        if (b.macs > limits::kMaxMacsPerSample || b.weights > limits::kMaxWeights)
            throw ModelError(ModelErrorKind::LimitExceeded, "the model needs " + std::to_string(b.macs)
                                 + " multiply-adds per sample; that is too large to run in real time");
        if (b.lookback >= limits::kMaxReceptiveField)
            throw ModelError(ModelErrorKind::LimitExceeded, "the convolutions reach back " + std::to_string(b.lookback)
                                 + " samples; at most " + std::to_string(limits::kMaxReceptiveField) + " are supported");
    }
    if (b.layers.empty() || b.features != 1)
        throw ModelError(ModelErrorKind::Unsupported, "the last layer outputs " + std::to_string(b.features)
                             + " values per sample; WaveAmp needs 1 (mono)");

    KerasModel::Gains gains;
    double skip = 0, db = 0;
    if (optionalNumber(d, "in_skip", skip)) {
        if (skip != 0 && skip != 1)
            throw ModelError(ModelErrorKind::Unsupported, "\"in_skip\" = " + Json(skip).dump() + " is not supported (0 or 1)");
        gains.inputSkip = skip == 1;
    }
    if (applyGains && optionalNumber(d, "in_gain", db)) gains.input = static_cast<float>(std::pow(10.0, db / 20.0));
    if (applyGains && optionalNumber(d, "out_gain", db)) gains.output = static_cast<float>(std::pow(10.0, db / 20.0));

    ModelInfo info;
    info.format = "Keras JSON (AIDA-X / RTNeural)";
    std::string shape;
    for (size_t i = 0; i < layers.size(); ++i) {
        const std::string type = layers[i].value("type", "");
        shape += (shape.empty() ? "" : " > ") + type;
        if (type == "lstm" || type == "gru" || type == "dense" || type == "conv1d" || type == "time-distributed-dense")
            shape += " " + std::to_string(unitsOf(layers[i], "layers[" + std::to_string(i) + "]", limits::kMaxFeatures));
    }
    info.architecture = shape;
    info.parameterCount = b.weights;
    auto metadata = d.find("metadata");
    double rate = 0;
    const bool hasRate = (metadata != d.end() && optionalNumber(*metadata, "samplerate", rate)) || optionalNumber(d, "samplerate", rate);
    if (hasRate) {
        if (rate < 8000 || rate > 384000)
            throw ModelError(ModelErrorKind::WrongType, "samplerate " + Json(rate).dump() + " Hz is not a usable audio rate");
        info.sampleRate = rate;
        info.sampleRateKnown = true;
    }
    if (metadata != d.end() && metadata->is_object()) {
        info.name = optionalString(*metadata, "name");
        info.modeledBy = optionalString(*metadata, "author");
        info.gearModel = optionalString(*metadata, "based");
        info.toneType = optionalString(*metadata, "style");
    }
    return std::make_unique<KerasModel>(std::move(b.layers), gains, std::move(info));
}

} // namespace

bool looksLikeKeras(const Json& d)
{
    return d.is_object() && d.contains("layers") && d.contains("in_shape");
}

std::unique_ptr<Model> loadKeras(const Json& d)
{
    return build(d, true);
}

bool kerasTestVectors(const Json& d, KerasTestVectors& vectors)
{
    if (!d.is_object() || !d.contains("input_batch") || !d.contains("output_batch")) return false;
    try {
        KerasTestVectors v;
        flatten(d["input_batch"], "input_batch", v.input, 1 << 22);
        flatten(d["output_batch"], "output_batch", v.expectedOutput, 1 << 22);
        if (v.input.empty() || v.input.size() != v.expectedOutput.size()) return false;
        vectors = std::move(v);
        return true;
    } catch (const ModelError&) {
        return false;
    }
}

double maxErrorOnTestVectors(const Json& d)
{
    KerasTestVectors v;
    if (!kerasTestVectors(d, v))
        throw ModelError(ModelErrorKind::MissingField, "the model carries no usable input_batch / output_batch test vectors");
    auto model = build(d, false);
    model->prepare(model->info().sampleRate, 256);
    std::vector<float> out(v.input.size());
    for (size_t i = 0; i < v.input.size(); i += 256) {
        const int n = static_cast<int>(std::min<size_t>(256, v.input.size() - i));
        model->process(v.input.data() + i, out.data() + i, n);
    }
    double worst = 0;
    for (size_t i = 0; i < out.size(); ++i) {
        const double e = std::fabs(double(out[i]) - double(v.expectedOutput[i]));
        worst = std::isfinite(e) ? std::max(worst, e) : HUGE_VAL;
    }
    return worst;
}

} // namespace waveamp
