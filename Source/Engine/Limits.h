#pragma once
// Caps applied while validating a model file, before anything is allocated from its sizes.
// They bound memory and CPU so that a hostile or corrupt file gives a clear error instead of
// exhausting the machine. Every real model we know of is far inside them (NAM A1 "standard":
// 16 channels, kernel 3, dilation 512, 20 layers, 13,321 MAC/sample, receptive field 4,093).
#include <cstddef>

namespace waveamp::limits {

inline constexpr std::size_t kMaxFileBytes = 64u << 20;   // 64 MiB of JSON text
inline constexpr int kMaxChannels = 256;                   // per layer (residual / head)
inline constexpr int kMaxKernelSize = 64;
inline constexpr int kMaxDilation = 65536;
inline constexpr int kMaxLayers = 256;                     // all layers of all arrays
inline constexpr int kMaxLayerArrays = 16;
inline constexpr int kMaxReceptiveField = 1 << 20;         // samples (~21.8 s at 48 kHz)
inline constexpr long long kMaxMacsPerSample = 1'000'000;  // ~75x NAM A1 standard
inline constexpr long long kMaxWeights = 16'000'000;
inline constexpr int kMaxSubmodels = 8;                     // SlimmableContainer (A2 has 2)
inline constexpr long long kMaxHistoryFloats = 32'000'000; // all layer histories (128 MB)
// Recurrent models (NAM LSTM, Keras LSTM/GRU): real captures use 8-40 hidden units and one or
// two layers; 256 units cost ~263,000 MAC/sample per LSTM layer, well inside kMaxMacsPerSample.
inline constexpr int kMaxHiddenSize = 256;
inline constexpr int kMaxRecurrentLayers = 8;
// Keras-style (AIDA-X / RTNeural) sequential models: layers of any kind, and features per layer.
inline constexpr int kMaxSequentialLayers = 64;
inline constexpr int kMaxFeatures = 1024;

} // namespace waveamp::limits
