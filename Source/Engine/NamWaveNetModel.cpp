#include "NamWaveNetModel.h"

namespace waveamp {
namespace {

int convOutputs(const NamLayerArraySpec& s) { return s.gated ? 2 * s.channels : s.channels; }

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

long long NamWaveNetModel::expectedWeightCount(const std::vector<NamLayerArraySpec>& specs)
{
    long long count = 0;
    for (const auto& s : specs) {
        const long long c = s.channels, z = convOutputs(s);
        count += c * s.inputSize;  // rechannel, no bias
        for (size_t l = 0; l < s.dilations.size(); ++l)
            count += z * c * s.kernelSize + z   // dilated conv + bias
                   + z * s.conditionSize        // input mixin, no bias
                   + c * c + c;                 // 1x1 + bias
        count += 1LL * s.headSize * c + (s.headBias ? s.headSize : 0);
    }
    return count + 1;  // head_scale
}

NamWaveNetModel::NamWaveNetModel(const std::vector<NamLayerArraySpec>& specs,
                                 const std::vector<float>& weights, ModelInfo info)
    : info_(std::move(info))
{
    WeightCursor cursor(weights);
    long long macs = 0;
    for (const auto& s : specs) {
        LayerArray a;
        const int c = s.channels, z = convOutputs(s);
        a.channels = c;
        a.rechannel.setWeights(s.inputSize, c, cursor.take(1LL * c * s.inputSize), nullptr);
        macs += 1LL * c * s.inputSize;
        for (int dilation : s.dilations) {
            WaveNetLayer layer;
            const float* convW = cursor.take(1LL * z * c * s.kernelSize);
            const float* convB = cursor.take(z);
            layer.conv.setWeights(c, z, s.kernelSize, dilation, convW, convB);
            layer.mixin.setWeights(s.conditionSize, z, cursor.take(1LL * z * s.conditionSize), nullptr);
            layer.hasMixin = true;
            const float* resW = cursor.take(1LL * c * c);
            layer.residual.setWeights(c, c, resW, cursor.take(c));
            layer.activation = s.activation;
            layer.gated = s.gated;
            receptiveField_ += layer.conv.lookback();
            macs += layer.macsPerSample();  // the head sum is adds only, not counted
            a.layers.push_back(std::move(layer));
        }
        const float* headW = cursor.take(1LL * s.headSize * c);
        a.head.setWeights(c, s.headSize, headW, s.headBias ? cursor.take(s.headSize) : nullptr);
        macs += 1LL * s.headSize * c;
        arrays_.push_back(std::move(a));
    }
    headScale_ = *cursor.take(1);
    info_.macsPerSample = macs + 1;  // + head_scale
}

void NamWaveNetModel::prepareModel(int maxBlockSize)
{
    for (auto& a : arrays_) {
        int padded = a.channels;
        for (auto& layer : a.layers)
            padded = layer.prepare(maxBlockSize, isa_);  // the same for every layer of an array
        a.histories.resize(a.layers.size());
        for (size_t l = 0; l < a.layers.size(); ++l)
            a.histories[l].prepare(a.channels, a.layers[l].conv.lookback(), maxBlockSize, padded);
        a.headSum.setZero(padded, maxBlockSize);
        a.headOut.setZero(a.head.outChannels(), maxBlockSize);
        a.output.setZero(padded, maxBlockSize);
    }
}

void NamWaveNetModel::resetModel() noexcept
{
    for (auto& a : arrays_)
        for (auto& h : a.histories)
            h.reset();
}

void NamWaveNetModel::processChunk(const float* in, float* out, int n) noexcept
{
    const Eigen::Map<const Eigen::RowVectorXf> condition(in, n);
    for (size_t i = 0; i < arrays_.size(); ++i) {
        LayerArray& a = arrays_[i];
        a.headSum.leftCols(n).setZero();
        if (i == 0) {
            a.rechannel.process(condition, a.histories[0].next(n));
        } else {
            const LayerArray& previous = arrays_[i - 1];
            a.rechannel.process(previous.output.topRows(previous.channels).leftCols(n), a.histories[0].next(n));
            a.headSum.topRows(a.channels).leftCols(n) = previous.headOut.leftCols(n);
        }
        const bool lastArray = i + 1 == arrays_.size();
        const size_t numLayers = a.layers.size();
        for (size_t l = 0; l < numLayers; ++l) {
            // The very last residual output feeds nothing (only the head is used).
            float* next = l + 1 < numLayers ? a.histories[l + 1].current()
                                            : (lastArray ? nullptr : a.output.data());
            a.layers[l].process(a.histories[l], in, n, next, a.headSum.data());
        }
        a.head.process(a.headSum.topRows(a.channels).leftCols(n), a.headOut.leftCols(n));
    }
    for (auto& a : arrays_)
        for (auto& h : a.histories)
            h.advance(n);
    Eigen::Map<Eigen::RowVectorXf>(out, n) = arrays_.back().headOut.topRows(1).leftCols(n) * headScale_;
}

} // namespace waveamp
