#pragma once
// The WaveNetVA / PedalNetRT / SmartGuitarPedal / SmartGuitarAmp gated WaveNet:
//   input 1x1 (1 -> C, bias) -> L residual layers -> linear mix over the concatenated skips.
// The mix over the concatenation is the same product split by layer: each layer adds its
// slice of the mix weights times its skip, channel-wise, into one accumulator that is summed
// over channels at the end, so no per-layer skip buffer is kept.
#include "Model.h"
#include "FrameChain.h"
#include "WaveNetLayer.h"
#include <vector>

namespace waveamp {

class WaveNetVAModel final : public Model {
public:
    WaveNetVAModel(int channels, Activation activation, bool gated, ModelInfo info);

    // All weights in PyTorch layout: conv (out, in, k), 1x1 (out, in).
    void setInputLayer(const float* weights, const float* bias);
    void addLayer(int kernelSize, int dilation, const float* convWeights, const float* convBias,
                  const float* residualWeights, const float* residualBias);
    // weights: (1, C * numLayers) in layer-major skip order.
    void setOutputMix(const float* weights, float bias);
    void setLevelAdjust(float gain) noexcept { levelAdjust_ = gain; }
    void finalise();  // computes receptive field and MACs; call after the last addLayer

    // Whether block size 1 runs all layers in one call: on the gated one-frame kernel
    // (kernels::gatedFrameKernel), or on the stack of tiles (kernels::stackFrameKernel).
    bool usesGatedFrameKernel() const noexcept { return frameKernel_ && !frameIsStack_; }
    bool usesStackKernel() const noexcept { return frameKernel_ && frameIsStack_; }
    int receptiveField() const noexcept override { return receptiveField_; }
    const ModelInfo& info() const noexcept override { return info_; }

protected:
    void prepareModel(int maxBlockSize) override;
    void resetModel() noexcept override;
    void processChunk(const float* in, float* out, int n) noexcept override;

private:
    int channels_;
    Activation activation_;
    bool gated_;
    ModelInfo info_;
    Conv1x1 input_;
    std::vector<WaveNetLayer> layers_;
    std::vector<LayerHistory> histories_;  // histories_[l] is the input of layers_[l]
    float mixBias_ = 0.0f;
    float levelAdjust_ = 0.0f;  // applied when non-zero (SmartGuitarAmp's convention)
    int receptiveField_ = 1;
    Eigen::MatrixXf skipSum_;  // paddedChannels x maxBlock: sum over layers of mixWeights (.) skip
    // Block size 1: all layers in one call (gated one-frame kernel or stack), or nullptr.
    kernels::ArrayFrameFn frameKernel_ = nullptr;
    bool frameIsStack_ = false;
    AlignedFloats frameChain_;  // ArrayFrameIO::chain (the gated one-frame kernel's)
    GatedFrameWeights frameGated_;  // its weights (frameLayers_ then points into them)
    std::vector<const kernels::LayerView*> frameLayers_;
    std::vector<float*> frameInputs_;  // sized in prepare, filled per frame
};

} // namespace waveamp
