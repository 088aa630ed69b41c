// The kernels' vectors must not straddle cache lines: packed weights and the histories they
// read and write start on 64-byte boundaries (AlignedFloats.h). A 16-float vector at a 16-byte
// boundary spans two lines and loads at half speed (measured: a 16-channel layer 18 % slower at
// block size 1). Nothing else would notice a regression: results are the same either way.
#include "LayerHistory.h"
#include "WaveNetLayer.h"
#include <cstdint>
#include <gtest/gtest.h>
#include <random>
#include <vector>

using namespace waveamp;

namespace {

bool on64(const void* p) { return reinterpret_cast<std::uintptr_t>(p) % 64 == 0; }

WaveNetLayer makeLayer(int c, int dilation, std::mt19937& rng)
{
    std::uniform_real_distribution<float> u(-0.3f, 0.3f);
    std::vector<float> conv(static_cast<size_t>(c) * c * 3), bias(c), mix(c), res(static_cast<size_t>(c) * c), rb(c);
    for (auto* v : { &conv, &bias, &mix, &res, &rb })
        for (float& x : *v) x = u(rng);
    WaveNetLayer layer;
    layer.conv.setWeights(c, c, 3, dilation, conv.data(), bias.data());
    layer.mixin.setWeights(1, c, mix.data(), nullptr);
    layer.residual.setWeights(c, c, res.data(), rb.data());
    layer.hasMixin = true;
    return layer;
}

} // namespace

TEST(Alignment, LayerHistoryFramesOf16FloatsStartOnCacheLines)
{
    for (int maxBlock : { 1, 3, 64 })
        for (int lookback : { 2, 7, 1024 }) {
            LayerHistory h;
            h.prepare(16, lookback, maxBlock);
            ASSERT_EQ(h.paddedChannels(), 16);
            // Through several rewinds to the front of the buffer.
            for (int step = 0; step < 4 * (lookback + 2 * maxBlock); ++step) {
                ASSERT_TRUE(on64(h.current())) << "lookback " << lookback << ", block " << maxBlock << ", step " << step;
                h.advance(maxBlock);
            }
        }
}

TEST(Alignment, PackedLayerWeightsStartOnCacheLines)
{
    std::mt19937 rng(5);
    int checked = 0;
    for (kernels::Isa isa : { kernels::Isa::Avx512, kernels::Isa::Avx2, kernels::Isa::Sse2 }) {
        if (!kernels::cpuSupports(isa)) continue;
        for (int c : { 3, 8, 12, 16 }) {
            WaveNetLayer layer = makeLayer(c, 4, rng);
            layer.prepare(64, isa);
            const kernels::LayerView* v = layer.kernelView();
            ASSERT_NE(v, nullptr) << kernels::isaName(isa) << ", " << c << " channels";
            for (const float* p : { v->conv, v->convBias, v->mixin, v->residual, v->residualBias })
                EXPECT_TRUE(on64(p)) << kernels::isaName(isa) << ", " << c << " channels";
            ++checked;
        }
    }
    EXPECT_GT(checked, 0) << "no SIMD kernel on this CPU: nothing checked";
}
