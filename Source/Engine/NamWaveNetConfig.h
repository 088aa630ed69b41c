#pragma once
// Reads a NAM WaveNet "config" (versions 0.5.x to 0.7.x) into a NamWaveNetSpec, with every
// size checked against Limits.h before anything is allocated. Supported: kernel_size or
// per-layer kernel_sizes, activation names / objects (LeakyReLU negative_slope) / per-layer
// lists, gated (bool) or gating_mode none/gated/blended with secondary_activation, bottleneck,
// layer1x1 (active, groups), head1x1 (active, out_channels, groups), groups_input, the head
// object (out_channels, kernel_size, bias) or legacy head_size/head_bias, and the post-stack
// "head". Refused by name: FiLM conditioning (*_film active), condition_dsp, slimmable
// channel slicing, more than one input channel, condition_size other than 1.
#include "NamWaveNetModel.h"
#include <nlohmann/json.hpp>

namespace waveamp {

NamWaveNetSpec readNamWaveNetConfig(const nlohmann::json& config);
// A short description for ModelInfo::architecture, e.g. "WaveNet (8 ch, 23 layers, LeakyReLU)".
std::string describe(const NamWaveNetSpec& spec);

} // namespace waveamp
