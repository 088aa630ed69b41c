#pragma once
// .nam documents of the newer NAM architectures with seeded random weights (header-only, so
// the test and benchmark executables need no extra source): A2-shaped WaveNets, a
// SlimmableContainer of two of them, ConvNet and Linear. Weight counts follow the .nam layout
// (see tests/reference/nam_torch_reference.py).
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

namespace waveamp::test {

namespace detail {
inline nlohmann::json randomWeights(size_t n, unsigned seed, float scale)
{
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> dist(-scale, scale);
    std::vector<float> w(n);
    for (auto& x : w) x = dist(rng);
    return w;
}
inline nlohmann::json namDocument(const char* architecture, nlohmann::json config, nlohmann::json weights)
{
    return { { "version", "0.7.0" }, { "architecture", architecture }, { "config", std::move(config) },
             { "weights", std::move(weights) }, { "sample_rate", 48000 }, { "metadata", { { "name", "synthetic" } } } };
}
} // namespace detail

// NAM A2's WaveNet shape: 23 layers, kernel sizes 6 (and two of 15), LeakyReLU 0.01, layer1x1,
// head conv of kernel 16 with bias; `channels` 8 = A2 full, 3 = A2 lite.
inline nlohmann::json makeNamA2WaveNetDocument(int channels, unsigned seed)
{
    const std::vector<int> dilations = { 1, 3, 7, 17, 41, 101, 239, 1, 3, 7, 17, 41, 101, 239, 1, 13,
                                         1, 3, 7, 17, 41, 101, 239 };
    std::vector<int> kernels(dilations.size(), 6);
    kernels[14] = kernels[15] = 15;
    const size_t c = size_t(channels);
    size_t count = c + c * 16 + 1 + 1;  // rechannel, head (c -> 1, kernel 16) + bias, head_scale
    for (int k : kernels) count += c * c * size_t(k) + c + c + c * c + c;
    nlohmann::json layer = { { "input_size", 1 }, { "condition_size", 1 }, { "channels", channels },
                             { "bottleneck", channels }, { "kernel_sizes", kernels }, { "dilations", dilations },
                             { "activation", { { "type", "LeakyReLU" }, { "negative_slope", 0.01 } } },
                             { "gating_mode", "none" }, { "layer1x1", { { "active", true }, { "groups", 1 } } },
                             { "head1x1", { { "active", false }, { "out_channels", 1 }, { "groups", 1 } } },
                             { "head", { { "out_channels", 1 }, { "kernel_size", 16 }, { "bias", true } } } };
    auto weights = detail::randomWeights(count, seed, 0.25f);
    weights.back() = 0.05f;  // head_scale
    return detail::namDocument("WaveNet", { { "layers", { layer } }, { "head", nullptr }, { "head_scale", 0.05 } },
                               weights);
}
inline std::string makeNamA2WaveNet(int channels, unsigned seed) { return makeNamA2WaveNetDocument(channels, seed).dump(); }

// NAM A2's container: lite (3 channels, max_value 0.5) and full (8 channels, max_value 1.0).
inline std::string makeNamSlimmable(unsigned seed)
{
    nlohmann::json submodels = { { { "max_value", 0.5 }, { "model", makeNamA2WaveNetDocument(3, seed) } },
                                 { { "max_value", 1.0 }, { "model", makeNamA2WaveNetDocument(8, seed + 1) } } };
    return detail::namDocument("SlimmableContainer", { { "submodels", submodels } }, nlohmann::json::array()).dump();
}

// NAM ConvNet (kernel 2 blocks, no batchnorm), `channels` wide.
inline std::string makeNamConvNet(int channels, const std::vector<int>& dilations, const std::string& activation,
                                  unsigned seed)
{
    const size_t c = size_t(channels);
    size_t count = c + 1;  // head
    for (size_t i = 0; i < dilations.size(); ++i) count += c * (i == 0 ? 1 : c) * 2 + c;
    return detail::namDocument("ConvNet",
                               { { "channels", channels }, { "dilations", dilations }, { "batchnorm", false },
                                 { "activation", activation } },
                               detail::randomWeights(count, seed, 0.4f)).dump();
}

// NAM Linear: an impulse response of `taps` samples, optionally with bias.
inline std::string makeNamLinear(int taps, bool bias, unsigned seed)
{
    return detail::namDocument("Linear", { { "receptive_field", taps }, { "bias", bias } },
                               detail::randomWeights(size_t(taps) + (bias ? 1 : 0), seed, 0.05f)).dump();
}

} // namespace waveamp::test
