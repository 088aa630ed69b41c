#pragma once
// Neural Amp Modeler's ConvNet: blocks of causal dilated conv (kernel 2; bias unless
// batchnorm), optional batchnorm (inference form: a per-channel affine map from the running
// statistics), activation; then a 1x1 head (channels -> 1, with bias).
//   config: {"channels": C, "dilations": [...], "batchnorm": bool, "activation": name}
//   weights: per block conv (C, in, 2) [+ bias C], batchnorm running_mean, running_var,
//            weight, bias (C each) and eps; then head weight (C) and bias (1).
#include "Activation.h"
#include "CausalConv1d.h"
#include "LayerHistory.h"
#include "Model.h"
#include <nlohmann/json.hpp>
#include <vector>

namespace waveamp {

struct NamConvNetSpec {
    int channels = 1;
    std::vector<int> dilations;
    bool batchnorm = false;
    Activation activation;
};

NamConvNetSpec readNamConvNetConfig(const nlohmann::json& config);

class NamConvNetModel final : public Model {
public:
    static constexpr int kKernelSize = 2;  // fixed by the format

    // weights: already checked to hold expectedWeightCount(spec) finite values.
    NamConvNetModel(const NamConvNetSpec& spec, const std::vector<float>& weights, ModelInfo info);
    static long long expectedWeightCount(const NamConvNetSpec& spec);

    int receptiveField() const noexcept override { return receptiveField_; }
    const ModelInfo& info() const noexcept override { return info_; }

protected:
    void prepareModel(int maxBlockSize) override;
    void resetModel() noexcept override;
    void processChunk(const float* in, float* out, int n) noexcept override;

private:
    struct Block {
        CausalConv1d conv;
        Eigen::VectorXf scale, shift;  // batchnorm as y = scale * x + shift (identity without)
        bool batchnorm = false;
    };
    std::vector<Block> blocks_;
    std::vector<LayerHistory> inputs_;  // inputs_[i] is the input of blocks_[i]
    Eigen::MatrixXf last_;              // the last block's output, channels x maxBlock
    Eigen::RowVectorXf headWeights_;
    float headBias_ = 0.0f;
    Activation activation_;
    int receptiveField_ = 1;
    ModelInfo info_;
};

} // namespace waveamp
