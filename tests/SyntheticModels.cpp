#include "SyntheticModels.h"
#include <cmath>
#include <nlohmann/json.hpp>
#include <random>

namespace waveamp::test {

namespace {
std::vector<float> uniform(std::mt19937& rng, size_t n, float scale)
{
    std::uniform_real_distribution<float> dist(-scale, scale);
    std::vector<float> v(n);
    for (auto& x : v) x = dist(rng);
    return v;
}
} // namespace

std::string makeNamWaveNet(const std::vector<NamArrayShape>& arrays, unsigned seed, float weightScale)
{
    std::mt19937 rng(seed);
    nlohmann::json layers = nlohmann::json::array();
    std::vector<float> weights;
    auto add = [&](size_t n, float scale) {
        const auto w = uniform(rng, n, scale);
        weights.insert(weights.end(), w.begin(), w.end());
    };
    for (const auto& a : arrays) {
        layers.push_back({ { "input_size", a.inputSize }, { "condition_size", 1 }, { "head_size", a.headSize },
                           { "channels", a.channels }, { "kernel_size", a.kernelSize }, { "dilations", a.dilations },
                           { "activation", a.activation }, { "gated", a.gated }, { "head_bias", a.headBias } });
        const size_t c = size_t(a.channels), z = a.gated ? 2 * c : c;
        add(c * size_t(a.inputSize), 1.0f);
        for (size_t l = 0; l < a.dilations.size(); ++l) {
            add(z * c * size_t(a.kernelSize), weightScale);
            add(z, 0.1f);
            add(z, weightScale);
            add(c * c, weightScale);
            add(c, 0.1f);
        }
        add(size_t(a.headSize) * c, weightScale);
        if (a.headBias) add(size_t(a.headSize), 0.1f);
    }
    weights.push_back(0.02f);  // head_scale
    nlohmann::json d = { { "version", "0.5.4" },
                         { "architecture", "WaveNet" },
                         { "config", { { "layers", layers }, { "head", nullptr }, { "head_scale", 0.02 } } },
                         { "weights", weights },
                         { "sample_rate", 48000 },
                         { "metadata", { { "name", "synthetic" } } } };
    return d.dump();
}

std::string makeNamA1Standard(unsigned seed)
{
    std::vector<int> d = { 1, 2, 4, 8, 16, 32, 64, 128, 256, 512 };
    return makeNamWaveNet({ { 1, 16, 8, 3, d, false, false }, { 16, 8, 1, 3, d, false, true } }, seed);
}

std::string makeWaveNetVA(int channels, int kernelSize, const std::vector<int>& dilations, unsigned seed,
                          const std::string& activation)
{
    std::mt19937 rng(seed);
    const bool gated = activation == "gated";
    const size_t c = size_t(channels), k = size_t(kernelSize), z = gated ? 2 * c : c, L = dilations.size();
    nlohmann::json vars = nlohmann::json::array();
    auto var = [&](int idx, const char* name, size_t n, float scale) {
        vars.push_back({ { "layer_idx", idx }, { "name", name }, { "data", uniform(rng, n, scale) } });
    };
    var(-1, "W", c, 1.0f);
    var(-1, "b", c, 0.1f);
    for (size_t l = 0; l < L; ++l) {
        var(int(l), "W_conv", k * c * z, 0.5f);
        var(int(l), "b_conv", z, 0.1f);
        var(int(l), "W_out", c * c, 0.5f);
        var(int(l), "b_out", c, 0.1f);
    }
    var(int(L), "W", c * L, 0.2f);
    var(int(L), "b", 1, 0.1f);
    nlohmann::json d = { { "activation", activation }, { "input_channels", 1 }, { "output_channels", 1 },
                         { "residual_channels", channels }, { "filter_width", kernelSize },
                         { "dilations", dilations }, { "variables", vars } };
    return d.dump();
}

std::string makeNamLstm(int numLayers, int hidden, unsigned seed)
{
    std::mt19937 rng(seed);
    const float scale = 1.0f / std::sqrt(float(hidden));
    std::vector<float> weights;
    auto add = [&](size_t n, float s) {
        const auto w = uniform(rng, n, s);
        weights.insert(weights.end(), w.begin(), w.end());
    };
    for (int l = 0; l < numLayers; ++l) {
        const size_t in = l == 0 ? 1 : size_t(hidden), h = size_t(hidden);
        add(4 * h * (in + h), scale);  // [W_ih W_hh]
        add(4 * h, scale);             // bias
        add(2 * h, 0.2f);              // h0, c0
    }
    add(size_t(hidden), scale);  // head
    add(1, 0.05f);
    nlohmann::json d = { { "version", "0.5.4" },
                         { "architecture", "LSTM" },
                         { "config", { { "input_size", 1 }, { "hidden_size", hidden }, { "num_layers", numLayers } } },
                         { "weights", weights },
                         { "sample_rate", 48000 },
                         { "metadata", { { "name", "synthetic LSTM" } } } };
    return d.dump();
}

std::string makeKerasRecurrent(const std::string& type, int hidden, unsigned seed)
{
    std::mt19937 rng(seed);
    const float scale = 1.0f / std::sqrt(float(hidden));
    const int gates = type == "lstm" ? 4 : 3;
    auto matrix = [&](int rows, int cols) {
        nlohmann::json m = nlohmann::json::array();
        for (int r = 0; r < rows; ++r) m.push_back(uniform(rng, size_t(cols), scale));
        return m;
    };
    nlohmann::json bias = type == "lstm" ? nlohmann::json(uniform(rng, size_t(4 * hidden), scale)) : matrix(2, 3 * hidden);
    nlohmann::json recurrent = { { "type", type }, { "activation", "" }, { "shape", { nullptr, nullptr, hidden } },
                                 { "weights", { matrix(1, gates * hidden), matrix(hidden, gates * hidden), bias } } };
    nlohmann::json dense = { { "type", "dense" }, { "activation", "" }, { "shape", { nullptr, nullptr, 1 } },
                             { "weights", { matrix(hidden, 1), uniform(rng, 1, 0.05f) } } };
    nlohmann::json d = { { "in_shape", { nullptr, nullptr, 1 } }, { "in_skip", 0 }, { "layers", { recurrent, dense } },
                         { "metadata", { { "samplerate", 48000 } } } };
    return d.dump();
}

} // namespace waveamp::test
