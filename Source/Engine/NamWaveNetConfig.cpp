#include "NamWaveNetConfig.h"
#include "JsonFields.h"
#include "Limits.h"
#include "ModelError.h"
#include <set>

namespace waveamp {
namespace {

using jsonfields::Json;

Activation activationFrom(const Json& v, const std::string& where)
{
    Activation a;
    if (v.is_string()) {
        if (!Activation::fromName(v.get<std::string>(), a))
            throw ModelError(ModelErrorKind::Unsupported, where + ": activation \"" + v.get<std::string>() + "\" is not supported yet");
        return a;
    }
    if (v.is_object()) {  // newer files: {"type": "LeakyReLU", "negative_slope": 0.01}
        const std::string type = jsonfields::requireString(v, "type", where);
        if (!Activation::fromName(type, a))
            throw ModelError(ModelErrorKind::Unsupported, where + ": activation \"" + type + "\" is not supported yet");
        double slope = 0.01;
        if (jsonfields::optionalNumber(v, "negative_slope", slope)) a.negativeSlope = static_cast<float>(slope);
        for (auto it = v.begin(); it != v.end(); ++it)
            if (it.key() != "type" && it.key() != "negative_slope")
                throw ModelError(ModelErrorKind::Unsupported, where + ": activation option \"" + it.key() + "\" is not supported yet");
        return a;
    }
    throw ModelError(ModelErrorKind::WrongType, where + " should be an activation name or object but is " + jsonfields::typeName(v));
}

// A value given once for the array or once per layer (a list of `count`).
template <typename Read>
void perLayer(const Json& layer, const char* key, const std::string& where, size_t count, Read read)
{
    const Json& v = layer.at(key);
    if (!v.is_array()) {
        for (size_t i = 0; i < count; ++i) read(i, v, where + "." + key);
        return;
    }
    if (v.size() != count)
        throw ModelError(ModelErrorKind::WrongType, where + "." + key + " has " + std::to_string(v.size())
                             + " entries but there are " + std::to_string(count) + " layers (dilations)");
    for (size_t i = 0; i < count; ++i) read(i, v[i], where + "." + key + "[" + std::to_string(i) + "]");
}

Gating gatingFrom(const Json& v, const std::string& where)
{
    if (v.is_string()) {
        const std::string s = v.get<std::string>();
        if (s == "none") return Gating::None;
        if (s == "gated") return Gating::Gated;
        if (s == "blended") return Gating::Blended;
        throw ModelError(ModelErrorKind::Unsupported, where + ": gating_mode \"" + s + "\" is not supported (none, gated or blended)");
    }
    throw ModelError(ModelErrorKind::WrongType, where + " should be \"none\", \"gated\" or \"blended\" but is " + jsonfields::typeName(v));
}

// {"active": bool, "groups": int, ...}: returns active, fills groups (and out_channels).
bool readOneByOne(const Json& layer, const char* key, const std::string& where, int& groups, int* outChannels)
{
    auto it = layer.find(key);
    if (it == layer.end() || it->is_null()) return false;
    const std::string w = where + "." + key;
    const bool active = jsonfields::requireBool(*it, "active", w);
    if (it->contains("groups")) groups = jsonfields::requireInt(*it, "groups", w, 1, limits::kMaxChannels);
    if (outChannels && it->contains("out_channels"))
        *outChannels = jsonfields::requireInt(*it, "out_channels", w, 1, limits::kMaxChannels);
    return active;
}

void refuseFilm(const Json& layer, const std::string& where)
{
    for (const char* key : { "conv_pre_film", "conv_post_film", "input_mixin_pre_film", "input_mixin_post_film",
                             "activation_pre_film", "activation_post_film", "layer1x1_post_film", "head1x1_post_film" }) {
        auto it = layer.find(key);
        if (it == layer.end() || it->is_null() || (it->is_boolean() && !it->get<bool>())) continue;
        bool active = true;
        if (it->is_object() && it->contains("active")) active = jsonfields::requireBool(*it, "active", where + "." + key);
        if (active)
            throw ModelError(ModelErrorKind::Unsupported, where + ": FiLM conditioning (\"" + std::string(key)
                                 + "\") is not supported yet");
    }
}

NamLayerArraySpec readLayerArray(const Json& layer, const std::string& where)
{
    static const std::set<std::string> known = {
        "input_size", "condition_size", "head", "head_size", "head_bias", "channels", "bottleneck",
        "kernel_size", "kernel_sizes", "dilations", "activation", "gated", "gating_mode",
        "secondary_activation", "layer1x1", "head1x1", "groups_input", "groups_input_mixin", "conv_pre_film",
        "conv_post_film", "input_mixin_pre_film", "input_mixin_post_film", "activation_pre_film",
        "activation_post_film", "layer1x1_post_film", "head1x1_post_film", "slimmable" };
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
    s.channels = requireInt(layer, "channels", where, 1, limits::kMaxChannels);
    s.bottleneck = layer.contains("bottleneck") ? requireInt(layer, "bottleneck", where, 1, limits::kMaxChannels) : s.channels;
    if (s.conditionSize != 1)
        throw ModelError(ModelErrorKind::Unsupported, where + ": condition_size " + std::to_string(s.conditionSize)
                             + " is not supported (WaveAmp conditions on the mono input)");
    auto slim = layer.find("slimmable");
    if (slim != layer.end() && !slim->is_null())
        throw ModelError(ModelErrorKind::Unsupported, where + ": \"slimmable\" channel slicing is not supported yet"
                                                              " (SlimmableContainer files are)");
    refuseFilm(layer, where);

    const std::vector<int> dilations = requireIntArray(layer, "dilations", where, 1, limits::kMaxDilation, limits::kMaxLayers);
    const size_t count = dilations.size();
    s.layers.resize(count);
    for (size_t i = 0; i < count; ++i) s.layers[i].dilation = dilations[i];
    const bool hasK = layer.contains("kernel_size"), hasKs = layer.contains("kernel_sizes");
    if (hasK == hasKs)
        throw ModelError(hasK ? ModelErrorKind::WrongType : ModelErrorKind::MissingField,
                         where + (hasK ? ": only one of kernel_size and kernel_sizes may be given"
                                       : " has no \"kernel_size\" (or \"kernel_sizes\") field"));
    if (hasK) {
        const int k = requireInt(layer, "kernel_size", where, 1, limits::kMaxKernelSize);
        for (auto& l : s.layers) l.kernelSize = k;
    } else {
        const auto ks = requireIntArray(layer, "kernel_sizes", where, 1, limits::kMaxKernelSize, limits::kMaxLayers);
        if (ks.size() != count)
            throw ModelError(ModelErrorKind::WrongType, where + ".kernel_sizes has " + std::to_string(ks.size())
                                 + " entries but there are " + std::to_string(count) + " layers (dilations)");
        for (size_t i = 0; i < count; ++i) s.layers[i].kernelSize = ks[i];
    }
    require(layer, "activation", where);
    perLayer(layer, "activation", where, count,
             [&](size_t i, const Json& v, const std::string& w) { s.layers[i].activation = activationFrom(v, w); });
    if (layer.contains("gating_mode")) {
        perLayer(layer, "gating_mode", where, count,
                 [&](size_t i, const Json& v, const std::string& w) { s.layers[i].gating = gatingFrom(v, w); });
        if (layer.contains("secondary_activation"))
            perLayer(layer, "secondary_activation", where, count, [&](size_t i, const Json& v, const std::string& w) {
                if (s.layers[i].gating != Gating::None && !v.is_null()) s.layers[i].secondary = activationFrom(v, w);
            });
    } else if (layer.contains("gated")) {
        const bool gated = requireBool(layer, "gated", where);
        for (auto& l : s.layers) l.gating = gated ? Gating::Gated : Gating::None;
    }

    s.groupsInput = layer.contains("groups_input") ? requireInt(layer, "groups_input", where, 1, limits::kMaxChannels) : 1;
    s.groupsInputMixin = layer.contains("groups_input_mixin")
                             ? requireInt(layer, "groups_input_mixin", where, 1, limits::kMaxChannels) : 1;
    s.layer1x1 = layer.contains("layer1x1") ? readOneByOne(layer, "layer1x1", where, s.layer1x1Groups, nullptr) : true;
    s.head1x1Channels = s.channels;
    s.head1x1 = readOneByOne(layer, "head1x1", where, s.head1x1Groups, &s.head1x1Channels);

    auto head = layer.find("head");
    if (head != layer.end() && !head->is_null()) {
        const std::string w = where + ".head";
        s.headSize = requireInt(*head, "out_channels", w, 1, limits::kMaxChannels);
        s.headKernelSize = requireInt(*head, "kernel_size", w, 1, limits::kMaxKernelSize);
        s.headBias = requireBool(*head, "bias", w);
    } else {
        s.headSize = requireInt(layer, "head_size", where, 1, limits::kMaxChannels);
        s.headBias = requireBool(layer, "head_bias", where);
    }

    // Shapes the reference implementation refuses too.
    auto divides = [&](int groups, int a, int b, const char* what) {
        if (a % groups != 0 || b % groups != 0)
            throw ModelError(ModelErrorKind::WrongType, where + ": " + what + " groups = " + std::to_string(groups)
                                 + " does not divide its " + std::to_string(a) + " inputs and " + std::to_string(b) + " outputs");
    };
    for (const auto& l : s.layers) {
        const int z = l.gating == Gating::None ? s.bottleneck : 2 * s.bottleneck;
        divides(s.groupsInput, s.channels, z, "groups_input");
        divides(s.groupsInputMixin, s.conditionSize, z, "groups_input_mixin");
    }
    if (s.layer1x1) divides(s.layer1x1Groups, s.bottleneck, s.channels, "layer1x1");
    else if (s.bottleneck != s.channels)
        throw ModelError(ModelErrorKind::WrongType, where + ": with layer1x1 inactive, bottleneck ("
                             + std::to_string(s.bottleneck) + ") must equal channels (" + std::to_string(s.channels) + ")");
    if (s.head1x1) divides(s.head1x1Groups, s.bottleneck, s.head1x1Channels, "head1x1");
    return s;
}

NamPostHeadSpec readPostHead(const Json& head)
{
    const std::string where = "config.head";
    if (!head.is_object() || !head.contains("kernel_sizes"))
        throw ModelError(ModelErrorKind::Unsupported, "this WaveNet's post-stack \"head\" has the old form (without"
                                                      " kernel_sizes); it is not supported");
    NamPostHeadSpec h;
    h.channels = jsonfields::requireInt(head, "channels", where, 1, limits::kMaxChannels);
    h.outChannels = jsonfields::requireInt(head, "out_channels", where, 1, limits::kMaxChannels);
    h.kernelSizes = jsonfields::requireIntArray(head, "kernel_sizes", where, 1, limits::kMaxKernelSize, limits::kMaxLayers);
    h.activation = activationFrom(jsonfields::require(head, "activation", where), where + ".activation");
    return h;
}

void checkChain(const NamWaveNetSpec& spec)
{
    const auto& arrays = spec.arrays;
    long long receptive = 1, macs = 0, history = 0, layers = 0;
    for (size_t i = 0; i < arrays.size(); ++i) {
        const auto& s = arrays[i];
        const std::string where = "config.layers[" + std::to_string(i) + "]";
        const int expectedInput = i == 0 ? 1 : arrays[i - 1].channels;
        if (s.inputSize != expectedInput)
            throw ModelError(ModelErrorKind::WrongType, where + ".input_size is " + std::to_string(s.inputSize)
                                 + " but must be " + std::to_string(expectedInput)
                                 + (i == 0 ? " (the mono input)" : " (the previous array's channels)"));
        if (i + 1 < arrays.size() && s.headSize != arrays[i + 1].headInputs())
            throw ModelError(ModelErrorKind::WrongType, where + ".head_size is " + std::to_string(s.headSize)
                                 + " but the next array's head takes " + std::to_string(arrays[i + 1].headInputs()) + " channels");
        if (i + 1 == arrays.size() && !spec.hasPostHead && s.headSize != 1)
            throw ModelError(ModelErrorKind::Unsupported, where + ".head_size is " + std::to_string(s.headSize)
                                 + "; the last array must output 1 channel (mono)");
        for (const auto& l : s.layers) {
            const long long z = l.gating == Gating::None ? s.bottleneck : 2 * s.bottleneck;
            receptive += 1LL * (l.kernelSize - 1) * l.dilation;
            history += 1LL * s.channels * (l.kernelSize - 1) * l.dilation;
            macs += z * s.channels * l.kernelSize + z + 2LL * s.channels * s.bottleneck
                    + (s.head1x1 ? 1LL * s.bottleneck * s.head1x1Channels : 0);
        }
        receptive += s.headKernelSize - 1;
        history += 1LL * s.headInputs() * (s.headKernelSize - 1);
        macs += 1LL * s.headInputs() * s.headSize * s.headKernelSize;
        layers += static_cast<long long>(s.layers.size());
    }
    if (spec.hasPostHead) {
        if (spec.postHead.outChannels != 1)
            throw ModelError(ModelErrorKind::Unsupported, "config.head.out_channels is " + std::to_string(spec.postHead.outChannels)
                                 + "; the model must output 1 channel (mono)");
        for (int k : spec.postHead.kernelSizes) {
            receptive += k - 1;
            macs += 1LL * spec.postHead.channels * spec.postHead.channels * k;
        }
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

} // namespace

NamWaveNetSpec readNamWaveNetConfig(const Json& config)
{
    using namespace jsonfields;
    static const std::set<std::string> knownConfig = { "layers", "head", "head_scale", "condition_dsp", "in_channels" };
    if (!config.is_object())
        throw ModelError(ModelErrorKind::WrongType, "\"config\" should be a JSON object but is " + typeName(config));
    for (auto it = config.begin(); it != config.end(); ++it)
        if (!knownConfig.count(it.key()))
            throw ModelError(ModelErrorKind::Unsupported, "the WaveNet option config." + it.key() + " is not supported yet");
    auto conditionDsp = config.find("condition_dsp");
    if (conditionDsp != config.end() && !conditionDsp->is_null())
        throw ModelError(ModelErrorKind::Unsupported, "WaveNet with a \"condition_dsp\" (a nested model shaping the"
                                                      " condition) is not supported yet");
    if (config.contains("in_channels") && requireInt(config, "in_channels", "config", 1, limits::kMaxChannels) != 1)
        throw ModelError(ModelErrorKind::Unsupported, "config.in_channels is not 1; WaveAmp plays mono-input models");
    const Json& layers = require(config, "layers", "config");
    if (!layers.is_array() || layers.empty())
        throw ModelError(ModelErrorKind::WrongType, "config.layers should be a non-empty list of layer arrays");
    if (layers.size() > static_cast<size_t>(limits::kMaxLayerArrays))
        throw ModelError(ModelErrorKind::LimitExceeded, "config.layers has " + std::to_string(layers.size())
                             + " layer arrays; at most " + std::to_string(limits::kMaxLayerArrays) + " are supported");
    NamWaveNetSpec spec;
    for (size_t i = 0; i < layers.size(); ++i)
        spec.arrays.push_back(readLayerArray(layers[i], "config.layers[" + std::to_string(i) + "]"));
    auto head = config.find("head");
    if (head != config.end() && !head->is_null()) {
        spec.hasPostHead = true;
        spec.postHead = readPostHead(*head);
    }
    checkChain(spec);
    return spec;
}

std::string describe(const NamWaveNetSpec& spec)
{
    long long layerCount = 0;
    std::string shape;
    bool gated = false, kernelsVary = false;
    for (const auto& s : spec.arrays) {
        layerCount += static_cast<long long>(s.layers.size());
        shape += (shape.empty() ? "" : "/") + std::to_string(s.channels);
        for (const auto& l : s.layers) {
            gated = gated || l.gating != Gating::None;
            kernelsVary = kernelsVary || l.kernelSize != spec.arrays.front().layers.front().kernelSize;
        }
    }
    const auto& first = spec.arrays.front().layers.front();
    return "WaveNet (" + shape + " ch, " + std::to_string(layerCount) + " layers, " + first.activation.name()
           + (gated ? ", gated" : "") + (kernelsVary ? ", mixed kernels" : "")
           + (spec.arrays.front().headKernelSize > 1 ? ", conv head" : "") + ")";
}

} // namespace waveamp
