#include "NamWaveNetModel.h"
#include <cstring>

namespace waveamp {
namespace {

int convOutputs(const NamLayerArraySpec& s, const NamLayerSpec& l)
{
    return l.gating == Gating::None ? s.bottleneck : 2 * s.bottleneck;
}

// Reads consecutive tensors from NAM's flat weight array, in file order.
class WeightCursor {
public:
    explicit WeightCursor(const std::vector<float>& w) : w_(w) {}
    const float* take(long long count)
    {
        const float* p = w_.data() + pos_;
        pos_ += static_cast<size_t>(count);
        return p;
    }

private:
    const std::vector<float>& w_;
    size_t pos_ = 0;
};

} // namespace

long long NamWaveNetModel::expectedWeightCount(const NamWaveNetSpec& spec)
{
    long long count = 0;
    for (const auto& s : spec.arrays) {
        const int c = s.channels, b = s.bottleneck;
        count += Conv1x1::weightCount(s.inputSize, c, 1, false);  // rechannel
        for (const auto& l : s.layers) {
            const int z = convOutputs(s, l);
            count += CausalConv1d::weightCount(c, z, l.kernelSize, s.groupsInput, true)
                   + Conv1x1::weightCount(s.conditionSize, z, s.groupsInputMixin, false);
            if (s.layer1x1) count += Conv1x1::weightCount(b, c, s.layer1x1Groups, true);
            if (s.head1x1) count += Conv1x1::weightCount(b, s.head1x1Channels, s.head1x1Groups, true);
        }
        count += CausalConv1d::weightCount(s.headInputs(), s.headSize, s.headKernelSize, 1, s.headBias);
    }
    if (spec.hasPostHead) {
        const auto& h = spec.postHead;
        int in = spec.arrays.back().headSize;
        for (size_t i = 0; i < h.kernelSizes.size(); ++i) {
            const int out = i + 1 == h.kernelSizes.size() ? h.outChannels : h.channels;
            count += CausalConv1d::weightCount(in, out, h.kernelSizes[i], 1, true);
            in = out;
        }
    }
    return count + 1;  // head_scale
}

NamWaveNetModel::NamWaveNetModel(const NamWaveNetSpec& spec, const std::vector<float>& weights, ModelInfo info)
    : info_(std::move(info))
{
    WeightCursor cursor(weights);
    long long macs = 0;
    for (const auto& s : spec.arrays) {
        LayerArray a;
        const int c = s.channels, b = s.bottleneck;
        a.channels = c;
        a.rechannel.setWeights(s.inputSize, c, cursor.take(Conv1x1::weightCount(s.inputSize, c, 1, false)), nullptr);
        macs += a.rechannel.macsPerSample();
        for (const auto& l : s.layers) {
            WaveNetLayer layer;
            const int z = convOutputs(s, l);
            const float* convW = cursor.take(CausalConv1d::weightCount(c, z, l.kernelSize, s.groupsInput, false));
            const float* convB = cursor.take(z);
            layer.conv.setWeights(c, z, l.kernelSize, l.dilation, convW, convB, s.groupsInput);
            layer.mixin.setWeights(s.conditionSize, z,
                                   cursor.take(Conv1x1::weightCount(s.conditionSize, z, s.groupsInputMixin, false)),
                                   nullptr, s.groupsInputMixin);
            layer.hasMixin = true;
            layer.hasResidual = s.layer1x1;
            if (s.layer1x1) {
                const float* w = cursor.take(Conv1x1::weightCount(b, c, s.layer1x1Groups, false));
                layer.residual.setWeights(b, c, w, cursor.take(c), s.layer1x1Groups);
            }
            layer.hasHead1x1 = s.head1x1;
            if (s.head1x1) {
                const int h = s.head1x1Channels;
                const float* w = cursor.take(Conv1x1::weightCount(b, h, s.head1x1Groups, false));
                layer.head1x1.setWeights(b, h, w, cursor.take(h), s.head1x1Groups);
            }
            layer.activation = l.activation;
            layer.gating = l.gating;
            layer.secondary = l.secondary;
            receptiveField_ += layer.conv.lookback();
            macs += layer.macsPerSample();  // the head sum is adds only, not counted
            a.layers.push_back(std::move(layer));
        }
        const float* headW = cursor.take(CausalConv1d::weightCount(s.headInputs(), s.headSize, s.headKernelSize, 1, false));
        a.head.setWeights(s.headInputs(), s.headSize, s.headKernelSize, 1, headW,
                          s.headBias ? cursor.take(s.headSize) : nullptr);
        receptiveField_ += a.head.lookback();
        macs += a.head.macsPerSample();
        arrays_.push_back(std::move(a));
    }
    if (spec.hasPostHead) {
        const auto& h = spec.postHead;
        int in = spec.arrays.back().headSize;
        for (size_t i = 0; i < h.kernelSizes.size(); ++i) {
            PostHeadStage stage;
            const int out = i + 1 == h.kernelSizes.size() ? h.outChannels : h.channels;
            const int k = h.kernelSizes[i];
            const float* w = cursor.take(CausalConv1d::weightCount(in, out, k, 1, false));
            stage.conv.setWeights(in, out, k, 1, w, cursor.take(out));
            stage.activation = h.activation;
            receptiveField_ += stage.conv.lookback();
            macs += stage.conv.macsPerSample();
            postHead_.push_back(std::move(stage));
            in = out;
        }
    }
    headScale_ = *cursor.take(1);
    info_.macsPerSample = macs + 1;  // + head_scale
}

void NamWaveNetModel::prepareModel(int maxBlockSize)
{
    for (auto& a : arrays_) {
        const int padded = WaveNetLayer::paddedChannelsFor(isa_, a.channels);
        const int headRows = a.head.inChannels();
        const int headStride = headRows == a.channels ? padded : headRows;
        a.rechannel.selectKernel(isa_);  // A1's 16 -> 8 products on AVX-512
        a.head.selectKernel(isa_);
        for (auto& layer : a.layers)
            layer.prepare(maxBlockSize, isa_, padded, headStride);
        a.histories.resize(a.layers.size());
        for (size_t l = 0; l < a.layers.size(); ++l)
            a.histories[l].prepare(a.channels, a.layers[l].conv.lookback(), maxBlockSize, padded);
        a.headSum.prepare(headRows, a.head.lookback(), maxBlockSize, headStride);
        a.headOut.setZero(a.head.outChannels(), maxBlockSize);
        a.output.setZero(padded, maxBlockSize);
        prepareFrameKernel(a);
    }
    for (auto& stage : postHead_) {
        stage.input.prepare(stage.conv.inChannels(), stage.conv.lookback(), maxBlockSize);
        stage.output.setZero(stage.conv.outChannels(), maxBlockSize);
    }
}

bool NamWaveNetModel::usesFrameKernel() const noexcept
{
    for (const auto& a : arrays_)
        if (a.frameKernel && !a.frameIsStack) return true;
    return false;
}

bool NamWaveNetModel::usesStackKernel() const noexcept
{
    for (const auto& a : arrays_)
        if (a.frameKernel && a.frameIsStack) return true;
    return false;
}

void NamWaveNetModel::prepareFrameKernel(LayerArray& a)
{
    a.frameKernel = nullptr;
    a.frameIsStack = false;
    a.frameLayers.clear();
    a.frameChain.clear();
    a.framePast.clear();
    a.frameInputs.assign(a.layers.size(), nullptr);
    int activation = -2;  // the layers' common activation, or -1 when they differ
    for (const auto& layer : a.layers) {
        const kernels::LayerView* view = layer.kernelView();
        if (!view || view->channels != a.channels || view->gated != a.layers[0].kernelView()->gated
            || view->lanes != a.layers[0].kernelView()->lanes) {
            a.frameLayers.clear();
            return;
        }
        activation = activation == -2 || activation == view->activation ? view->activation : -1;
        a.frameLayers.push_back(view);
    }
    if (a.frameLayers.empty()) return;
    const int lanes = a.frameLayers[0]->lanes;
    const bool gated = a.frameLayers[0]->gated;
    int pastLanes = 0;
    if (!gated) {  // the array-frame kernel takes ungated layers only
        int pastTaps = a.frameLayers[0]->kernelSize - 1;  // the fewest of any layer
        for (const kernels::LayerView* view : a.frameLayers) pastTaps = std::min(pastTaps, view->kernelSize - 1);
        pastLanes = kernels::arrayFramePastLanes(isa_, lanes, pastTaps);
        a.frameKernel = kernels::arrayFrameKernel(isa_, lanes, a.channels, activation, pastLanes);
    } else {  // sigmoid-gated: both halves in one vector, where the layers fit one
        a.frameKernel = kernels::gatedFrameKernel(isa_, lanes, a.channels, activation);
        if (a.frameKernel) {  // on its own copy of the weights
            a.frameGated.pack(a.frameLayers);
            a.frameLayers = a.frameGated.views();
        }
    }
    if (!a.frameKernel) {  // SSE2, or wider than the one-frame kernels: the stack of tiles
        if (activation >= 0)
            a.frameKernel = kernels::stackFrameKernel(isa_, lanes, a.channels, gated, activation);
        a.frameIsStack = a.frameKernel != nullptr;
        if (!a.frameKernel) a.frameLayers.clear();
        return;
    }
    const int c = a.channels, cp = a.frameLayers[0]->paddedChannels;
    // The past taps, several per vector, if the kernel reads them so (layout in LayerKernel.h).
    if (pastLanes > 0) {
        const int taps = pastLanes / cp;
        for (const kernels::LayerView* layer : a.frameLayers) {
            const int past = layer->kernelSize - 1;
            for (int g = 0; g * taps < past; ++g)
                for (int i = 0; i < c; ++i)
                    for (int t = 0; t < taps; ++t) {
                        const int j = g * taps + t;
                        for (int z = 0; z < cp; ++z)
                            a.framePast.push_back(j < past ? layer->conv[static_cast<size_t>(j * c + i) * cp + z] : 0.0f);
                    }
        }
    }
    const bool chainWithResidual = !gated && kernels::arrayFrameChainLanes(isa_, lanes, c, activation) > cp;
    packFrameChain(a.frameLayers, a.frameChain, chainWithResidual);
}

void NamWaveNetModel::resetModel() noexcept
{
    for (auto& a : arrays_) {
        for (auto& h : a.histories)
            h.reset();
        a.headSum.reset();
    }
    for (auto& stage : postHead_)
        stage.input.reset();
}

namespace {

// dst = src for a few rows over a block. Eigen assigns such narrow blocks column by column
// with alignment checks per column, which cost more than the copy (NAM nano: 2-row heads).
template <typename Src, typename Dst>
void copyFrames(const Src& src, Dst&& dst) noexcept
{
    const Eigen::Index rows = src.rows(), n = src.cols();
    if (src.colStride() == rows && dst.colStride() == rows) {
        std::memcpy(dst.data(), src.data(), sizeof(float) * static_cast<size_t>(rows * n));
        return;
    }
    for (Eigen::Index t = 0; t < n; ++t)
        std::memcpy(dst.data() + t * dst.colStride(), src.data() + t * src.colStride(), sizeof(float) * static_cast<size_t>(rows));
}

} // namespace

void NamWaveNetModel::processChunk(const float* in, float* out, int n) noexcept
{
    const Eigen::Map<const Eigen::RowVectorXf> condition(in, n);
    for (size_t i = 0; i < arrays_.size(); ++i) {
        LayerArray& a = arrays_[i];
        a.headSum.clearNext(n);
        if (i == 0) {
            a.rechannel.process(condition, a.histories[0].next(n));
        } else {
            const LayerArray& previous = arrays_[i - 1];
            a.rechannel.process(previous.output.topRows(previous.channels).leftCols(n), a.histories[0].next(n));
            copyFrames(previous.headOut.leftCols(n), a.headSum.next(n));
        }
        const bool lastArray = i + 1 == arrays_.size();
        const size_t numLayers = a.layers.size();
        if (n == 1 && a.frameKernel) {
            for (size_t l = 0; l < numLayers; ++l)
                a.frameInputs[l] = a.histories[l].current();
            a.frameKernel({ a.frameLayers.data(), a.frameInputs.data(), in, lastArray ? nullptr : a.output.data(),
                            a.headSum.current(), a.frameChain.data(), a.framePast.data(), static_cast<int>(numLayers) });
        } else {
            for (size_t l = 0; l < numLayers; ++l) {
                // The very last residual output feeds nothing (only the head is used).
                float* next = l + 1 < numLayers ? a.histories[l + 1].current()
                                                : (lastArray ? nullptr : a.output.data());
                a.layers[l].process(a.histories[l], in, n, next, a.headSum.current());
            }
        }
        a.head.process(a.headSum, n, a.headOut.leftCols(n));
    }
    auto result = arrays_.back().headOut.topRows(1).leftCols(n);
    if (!postHead_.empty()) {
        const Eigen::MatrixXf* previous = &arrays_.back().headOut;
        for (auto& stage : postHead_) {
            auto x = stage.input.next(n);
            x = previous->topRows(stage.conv.inChannels()).leftCols(n);
            if (previous == &arrays_.back().headOut) x *= headScale_;
            stage.activation.apply(x);
            stage.conv.process(stage.input, n, stage.output.leftCols(n));
            previous = &stage.output;
        }
        Eigen::Map<Eigen::RowVectorXf>(out, n) = postHead_.back().output.topRows(1).leftCols(n);
    } else {
        Eigen::Map<Eigen::RowVectorXf>(out, n) = result * headScale_;
    }
    for (auto& a : arrays_) {
        for (auto& h : a.histories)
            h.advance(n);
        a.headSum.advance(n);
    }
    for (auto& stage : postHead_)
        stage.input.advance(n);
}

} // namespace waveamp
