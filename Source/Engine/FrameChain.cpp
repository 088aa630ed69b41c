#include "FrameChain.h"
#include <algorithm>

namespace waveamp {

void packFrameChain(const std::vector<const kernels::LayerView*>& layers, AlignedFloats& chain, bool withResidual)
{
    chain.clear();
    if (layers.size() < 2) return;
    const int c = layers[0]->channels, cp = layers[0]->paddedChannels;
    const int zp = layers[0]->gated ? 2 * cp : cp;
    const int row = withResidual ? zp + cp : zp;
    chain.assign((layers.size() - 1) * static_cast<size_t>(c * row), 0.0f);
    for (size_t l = 1; l < layers.size(); ++l) {
        const kernels::LayerView& layer = *layers[l];
        const kernels::LayerView& previous = *layers[l - 1];
        const float* w = layer.conv + static_cast<size_t>(layer.kernelSize - 1) * c * zp;  // w[o * zp + z] = W[z][o]
        float* m = chain.data() + (l - 1) * static_cast<size_t>(c * row);
        for (int i = 0; i < c; ++i) {
            for (int z = 0; z < zp; ++z) {
                double sum = 0.0;
                for (int o = 0; o < c; ++o)
                    sum += static_cast<double>(w[o * zp + z]) * previous.residual[i * cp + o];
                m[i * row + z] = static_cast<float>(sum);
            }
            if (withResidual)
                std::copy(previous.residual + i * cp, previous.residual + (i + 1) * cp, m + i * row + zp);
        }
    }
}

namespace {

// Floats rounded up to whole 64-byte lines (each array of the copy starts on one).
size_t lineFloats(size_t n) { return (n + 15) / 16 * 16; }

} // namespace

void GatedFrameWeights::pack(const std::vector<const kernels::LayerView*>& layers)
{
    views_.clear();
    pointers_.clear();
    size_t total = 0;
    for (const kernels::LayerView* p : layers) {
        const size_t cp = static_cast<size_t>(p->paddedChannels), zp = 2 * cp, c = static_cast<size_t>(p->channels);
        total += lineFloats(static_cast<size_t>(p->kernelSize) * c * zp) + lineFloats(zp) + (p->mixin ? lineFloats(zp) : 0)
                 + lineFloats(c * cp) + lineFloats(cp);
    }
    storage_.assign(total, 0.0f);
    float* next = storage_.data();
    // dst = src, with the floats at positions where half(position) is true halved.
    auto copy = [&next](const float* src, size_t n, auto half) {
        float* dst = next;
        for (size_t i = 0; i < n; ++i) dst[i] = half(i) ? 0.5f * src[i] : src[i];
        next += lineFloats(n);
        return dst;
    };
    for (const kernels::LayerView* p : layers) {
        const size_t cp = static_cast<size_t>(p->paddedChannels), zp = 2 * cp, c = static_cast<size_t>(p->channels);
        kernels::LayerView v = *p;
        const auto gateHalf = [cp, zp](size_t i) { return i % zp >= cp; };
        const auto all = [](size_t) { return true; };
        v.conv = copy(p->conv, static_cast<size_t>(p->kernelSize) * c * zp, gateHalf);
        v.convBias = copy(p->convBias, zp, gateHalf);
        if (p->mixin) v.mixin = copy(p->mixin, zp, gateHalf);
        v.residual = copy(p->residual, c * cp, all);
        if (p->headWeights) {
            v.headWeights = copy(p->headWeights, cp, all);
        } else {  // a plain sum: weights of 1/2 (padding lanes too: they stay zero)
            std::fill(next, next + cp, 0.5f);
            v.headWeights = next;
            next += lineFloats(cp);
        }
        views_.push_back(v);
    }
    for (const kernels::LayerView& v : views_) pointers_.push_back(&v);
}

} // namespace waveamp
