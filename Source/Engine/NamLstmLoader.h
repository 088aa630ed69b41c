#pragma once
// Builds a NAM "LSTM" model from a parsed .nam document whose architecture is "LSTM".
#include "Model.h"
#include <memory>
#include <nlohmann/json.hpp>

namespace waveamp {

// `info` already carries the file's metadata (format, version, sample rate, levels).
std::unique_ptr<Model> loadNamLstm(const nlohmann::json& document, ModelInfo info);

} // namespace waveamp
