#pragma once
// Neural Amp Modeler's WaveNet: a chain of layer arrays. Each array rechannels its input
// (1x1, no bias), runs residual layers whose dilated conv is mixed with the model input
// ("condition", 1x1 no bias), sums every layer's head term into a head accumulator that
// starts from the previous array's head output, and projects it with the array's head: a
// causal conv (kernel 1 in classic files, e.g. 16 in A2) with optional bias. The last
// array's head output times head_scale is the model output, or the input of the optional
// post-stack head (a stack of activation + causal conv).
#include "AlignedFloats.h"
#include "Model.h"
#include "FrameChain.h"
#include "WaveNetLayer.h"
#include <vector>

namespace waveamp {

struct NamLayerSpec {
    int kernelSize = 3;
    int dilation = 1;
    Activation activation;
    Gating gating = Gating::None;
    Activation secondary { Activation::Type::Sigmoid, 0.01f };
};

struct NamLayerArraySpec {
    int inputSize = 1, conditionSize = 1, channels = 1, bottleneck = 1;
    std::vector<NamLayerSpec> layers;
    int groupsInput = 1, groupsInputMixin = 1;
    bool layer1x1 = true;
    int layer1x1Groups = 1;
    bool head1x1 = false;
    int head1x1Channels = 1, head1x1Groups = 1;
    int headSize = 1, headKernelSize = 1;
    bool headBias = false;

    int headInputs() const { return head1x1 ? head1x1Channels : bottleneck; }
};

// The optional post-stack head: for each kernel size, activation then causal conv (bias),
// channels -> channels, the last one -> outChannels.
struct NamPostHeadSpec {
    int channels = 1, outChannels = 1;
    std::vector<int> kernelSizes;
    Activation activation;
};

struct NamWaveNetSpec {
    std::vector<NamLayerArraySpec> arrays;
    bool hasPostHead = false;
    NamPostHeadSpec postHead;
};

class NamWaveNetModel final : public Model {
public:
    // weights: NAM's flat weight array, already checked to have expectedWeightCount(spec).
    NamWaveNetModel(const NamWaveNetSpec& spec, const std::vector<float>& weights, ModelInfo info);

    static long long expectedWeightCount(const NamWaveNetSpec& spec);

    int receptiveField() const noexcept override { return receptiveField_; }
    const ModelInfo& info() const noexcept override { return info_; }
    float headScale() const noexcept { return headScale_; }
    // True when block size 1 runs a layer array in one call on the array-frame kernel, or for
    // sigmoid-gated layers the gated one (kernels/ArrayFrameKernel.h; results agree with the
    // block path to float rounding).
    bool usesFrameKernel() const noexcept;
    // True when block size 1 runs a layer array in one call on the stack kernel
    // (kernels::stackFrameKernel; results equal the block path's bit for bit).
    bool usesStackKernel() const noexcept;

protected:
    void prepareModel(int maxBlockSize) override;
    void resetModel() noexcept override;
    void processChunk(const float* in, float* out, int n) noexcept override;

private:
    struct LayerArray;
    void prepareFrameKernel(LayerArray& a);
    struct LayerArray {
        Conv1x1 rechannel;
        std::vector<WaveNetLayer> layers;
        std::vector<LayerHistory> histories;  // histories[l] is the input of layers[l]
        LayerHistory headSum;                 // the head accumulator, with the head conv's history
        CausalConv1d head;
        int channels = 0;
        Eigen::MatrixXf headOut;   // headSize x maxBlock
        Eigen::MatrixXf output;    // paddedChannels x maxBlock, the last layer's residual output
        // Block size 1: all layers in one call (nullptr when a layer has no kernel): the
        // array-frame or gated one-frame kernel, or the stack kernel (frameIsStack) for the rest.
        kernels::ArrayFrameFn frameKernel = nullptr;
        bool frameIsStack = false;
        std::vector<const kernels::LayerView*> frameLayers;
        std::vector<float*> frameInputs;  // sized in prepare, filled per frame
        AlignedFloats frameChain;         // ArrayFrameIO::chain
        AlignedFloats framePast;          // ArrayFrameIO::past (empty when the kernel reads none)
        GatedFrameWeights frameGated;     // the gated one-frame kernel's weights (frameLayers)
    };
    struct PostHeadStage {
        Activation activation;
        LayerHistory input;  // activation(previous output), with the conv's history
        CausalConv1d conv;
        Eigen::MatrixXf output;
    };
    std::vector<LayerArray> arrays_;
    std::vector<PostHeadStage> postHead_;
    float headScale_ = 1.0f;
    int receptiveField_ = 1;
    ModelInfo info_;
};

} // namespace waveamp
