#pragma once
// Neural Amp Modeler's Linear model: an FIR filter (an impulse response) plus optional bias,
//   y[t] = bias + sum_j h[j] * x[t - j],   j = 0 .. receptive_field - 1,
// with the weights in impulse-response order (h[0] multiplies the current sample), the way
// the reference player (NeuralAmpModelerCore) plays .nam files. (NAM's Python trainer's
// torch Conv1d forward uses the reversed tap order; a file is played as the core plays it.)
//   config: {"receptive_field": N, "bias": bool}; weights: h (N values) [+ bias].
#include "LayerHistory.h"
#include "Model.h"
#include <nlohmann/json.hpp>

namespace waveamp {

struct NamLinearSpec {
    int receptiveField = 1;
    bool bias = false;
};

NamLinearSpec readNamLinearConfig(const nlohmann::json& config);

class NamLinearModel final : public Model {
public:
    NamLinearModel(const NamLinearSpec& spec, const std::vector<float>& weights, ModelInfo info);
    static long long expectedWeightCount(const NamLinearSpec& spec) { return spec.receptiveField + (spec.bias ? 1 : 0); }

    int receptiveField() const noexcept override { return static_cast<int>(reversed_.size()); }
    const ModelInfo& info() const noexcept override { return info_; }

protected:
    void prepareModel(int maxBlockSize) override;
    void resetModel() noexcept override;
    void processChunk(const float* in, float* out, int n) noexcept override;

private:
    Eigen::VectorXf reversed_;  // h reversed: oldest sample's weight first, so a window is one dot product
    float bias_ = 0.0f;
    LayerHistory input_;
    ModelInfo info_;
};

} // namespace waveamp
