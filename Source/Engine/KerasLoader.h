#pragma once
// Keras-style sequential models as AIDA-X (.json / .aidax) and RTNeural store them:
//   { "in_shape": [null, null, 1], "in_skip": 0|1, "in_gain": dB, "out_gain": dB,
//     "layers": [ { "type": "lstm"|"gru"|"dense"|"time-distributed-dense"|"conv1d"|"prelu"|
//                   "batchnorm"|"activation"|<activation name>, "activation": "...",
//                   "shape": [null, null, units], "weights": [...] , ...}, ... ],
//     "metadata": { "samplerate": 48000, ... }, "input_batch": [...], "output_batch": [...] }
// Weights are Keras's: Dense kernel (in, out); LSTM kernel (in, 4H) and recurrent kernel
// (H, 4H) with gates i, f, c, o and one bias (4H); GRU kernel (in, 3H), recurrent (H, 3H),
// gates z, r, h, bias (2, 3H) for reset_after=True or (3H) for reset_after=False; Conv1D
// kernel (k, in/groups, out) and bias (out).
#include "Model.h"
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace waveamp {

bool looksLikeKeras(const nlohmann::json& document);
std::unique_ptr<Model> loadKeras(const nlohmann::json& document);

// The input_batch / output_batch test vectors a training framework stores in the file.
struct KerasTestVectors {
    std::vector<float> input, expectedOutput;
};
// False when the document carries none (or malformed ones).
bool kerasTestVectors(const nlohmann::json& document, KerasTestVectors& vectors);

// Max abs difference between the network's output on input_batch (from zero state, no prewarm,
// in_skip applied, in_gain/out_gain not: the training framework's forward pass) and output_batch.
// Throws ModelError when the file has no test vectors or does not load.
double maxErrorOnTestVectors(const nlohmann::json& document);

} // namespace waveamp
