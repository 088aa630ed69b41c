#pragma once
// Neural Amp Modeler's LSTM: a stack of LSTM layers (the first fed the mono input, the others
// the previous layer's hidden state) and a linear head (H -> 1, with bias) on the last hidden
// state. Each layer starts from the initial hidden and cell state stored in the file; NAM's
// trainer computes it by running the network on 48,000 zeros, so it already is (nearly) the
// steady state for silence. NAM's own player does not prewarm LSTMs (its prewarm length is 0).
#include "LstmLayer.h"
#include "Model.h"
#include <vector>

namespace waveamp {

struct NamLstmSpec {
    int numLayers = 1, inputSize = 1, hiddenSize = 1;
};

class NamLstmModel final : public Model {
public:
    // weights: NAM's flat array, already checked to have expectedWeightCount(spec) values:
    // per layer [W (4H x (I+H)) row-major, bias 4H, h0 H, c0 H], then head weight H, head bias.
    NamLstmModel(const NamLstmSpec& spec, const std::vector<float>& weights, ModelInfo info);

    static long long expectedWeightCount(const NamLstmSpec& spec);

    int receptiveField() const noexcept override { return kRecurrentSettleSamples; }
    const ModelInfo& info() const noexcept override { return info_; }

protected:
    void prepareModel(int maxBlockSize) override;
    void resetModel() noexcept override;
    void processChunk(const float* in, float* out, int n) noexcept override;
    bool settledOnSilence() const noexcept override;

private:
    std::vector<LstmLayer> layers_;
    std::vector<Eigen::MatrixXf> outputs_;  // H x maxBlock per layer
    Eigen::RowVectorXf headWeights_;
    float headBias_ = 0.0f;
    ModelInfo info_;
};

} // namespace waveamp
