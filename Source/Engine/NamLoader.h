#pragma once
// Builds a model from a parsed Neural Amp Modeler (.nam) document. WaveNet is supported;
// other architectures are refused with a message naming what was found.
#include "Model.h"
#include <memory>
#include <nlohmann/json.hpp>

namespace waveamp {

bool looksLikeNam(const nlohmann::json& document);
std::unique_ptr<Model> loadNam(const nlohmann::json& document);

} // namespace waveamp
