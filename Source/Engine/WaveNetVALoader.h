#pragma once
// Builds a WaveNetVAModel from a parsed WaveNetVA / PedalNetRT / SmartGuitarPedal /
// SmartGuitarAmp JSON document.
#include "Model.h"
#include <memory>
#include <nlohmann/json.hpp>

namespace waveamp {

bool looksLikeWaveNetVA(const nlohmann::json& document);
std::unique_ptr<Model> loadWaveNetVA(const nlohmann::json& document);

} // namespace waveamp
