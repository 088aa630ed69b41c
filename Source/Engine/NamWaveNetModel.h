#pragma once
// Neural Amp Modeler's WaveNet: a chain of layer arrays. Each array rechannels its input
// (1x1, no bias), runs residual layers whose dilated conv is mixed with the model input
// ("condition", 1x1 no bias), sums every layer's post-activation into a head accumulator that
// starts from the previous array's head output, and projects it with a head 1x1. The last
// array's head output times head_scale is the model output.
#include "Model.h"
#include "WaveNetLayer.h"
#include <vector>

namespace waveamp {

struct NamLayerArraySpec {
    int inputSize = 1, conditionSize = 1, headSize = 1, channels = 1, kernelSize = 3;
    std::vector<int> dilations;
    Activation activation;
    bool gated = false;
    bool headBias = false;
};

class NamWaveNetModel final : public Model {
public:
    // weights: NAM's flat weight array, already checked to have expectedWeightCount(specs).
    NamWaveNetModel(const std::vector<NamLayerArraySpec>& specs, const std::vector<float>& weights,
                    ModelInfo info);

    static long long expectedWeightCount(const std::vector<NamLayerArraySpec>& specs);

    int receptiveField() const noexcept override { return receptiveField_; }
    const ModelInfo& info() const noexcept override { return info_; }
    float headScale() const noexcept { return headScale_; }

protected:
    void prepareModel(int maxBlockSize) override;
    void resetModel() noexcept override;
    void processChunk(const float* in, float* out, int n) noexcept override;

private:
    struct LayerArray {
        Conv1x1 rechannel;
        std::vector<WaveNetLayer> layers;
        std::vector<LayerHistory> histories;  // histories[l] is the input of layers[l]
        Conv1x1 head;
        int channels = 0;
        Eigen::MatrixXf headSum;   // paddedChannels x maxBlock
        Eigen::MatrixXf headOut;   // headSize x maxBlock
        Eigen::MatrixXf output;    // paddedChannels x maxBlock, the last layer's residual output
    };
    std::vector<LayerArray> arrays_;
    float headScale_ = 1.0f;
    int receptiveField_ = 1;
    ModelInfo info_;
};

} // namespace waveamp
