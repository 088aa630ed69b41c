#pragma once
// Builds a model from a parsed Neural Amp Modeler (.nam) document: WaveNet (with the newer
// options, see NamWaveNetConfig.h), ConvNet, Linear and SlimmableContainer (A2: one submodel,
// chosen by LoadOptions::slimmableSize). Anything else is refused with a message naming it.
#include "LoadOptions.h"
#include "Model.h"
#include <memory>
#include <nlohmann/json.hpp>

namespace waveamp {

bool looksLikeNam(const nlohmann::json& document);
std::unique_ptr<Model> loadNam(const nlohmann::json& document, const LoadOptions& options = {});

} // namespace waveamp
