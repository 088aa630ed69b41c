#pragma once
// y = W x (+ b) (+ y) for 8 outputs from 10-16 inputs (even), frame by frame: the 16 -> 8
// channel-mixing products of NAM A1 (array 1's head rechannel and array 2's input rechannel),
// on AVX-512. Included by LayerKernel_avx512.cpp after PairedInputKernel.h, whose pair vectors
// it uses: lane 2o + k sums W[o][i] x[i] over the inputs i of parity k, one 64-bit broadcast
// of an input pair per FMA, folded (even + odd lanes) for two frames at once.
//
// Why: these products are too large for FrameProduct's register loops and went to Eigen's
// GEMM in the baseline (SSE2) build: 7.9 ns per frame each, 7 % of A1 at block 64.
//
// A frame's sum does not depend on which frames it is computed with (a lone frame is folded
// with zeros), so the output does not depend on the block partition.

namespace {

template <int In>
void mixBlock(const waveamp::kernels::MixIO& m) noexcept
{
    static_assert(In % 2 == 0 && In <= 16);
    using V = VecTraits<16>::F;
    using H = VecTraits<8>::F;
    constexpr int Q = In / 2, NF = 8;
    V w[Q];
#pragma GCC unroll 8
    for (int q = 0; q < Q; ++q) w[q] = interleave(m.weights + 2 * q * 8, m.weights + (2 * q + 1) * 8);
    const H b = m.bias ? vload<H>(m.bias) : H {};
    // Frame t's result from its half of a folded vector.
    auto finish = [&](long t, H sum) {
        float* y = m.y + t * m.yStride;
        const H out = sum + b;
        vstore<H>(y, m.accumulate ? vload<H>(y) + out : out);
    };
    auto low = [](V v) { return __builtin_shufflevector(v, v, 0, 1, 2, 3, 4, 5, 6, 7); };
    auto high = [](V v) { return __builtin_shufflevector(v, v, 8, 9, 10, 11, 12, 13, 14, 15); };
    long t = 0;
    for (; t + NF <= m.frames; t += NF) {
        V acc[NF];
#pragma GCC unroll 8
        for (int f = 0; f < NF; ++f) acc[f] = w[0] * pairBroadcast(m.x + (t + f) * m.xStride);
#pragma GCC unroll 8
        for (int q = 1; q < Q; ++q)
#pragma GCC unroll 8
            for (int f = 0; f < NF; ++f) acc[f] += w[q] * pairBroadcast(m.x + (t + f) * m.xStride + 2 * q);
#pragma GCC unroll 4
        for (int g = 0; g < NF / 2; ++g) {
            const V r = foldPairs(acc[2 * g], acc[2 * g + 1]);
            finish(t + 2 * g, low(r));
            finish(t + 2 * g + 1, high(r));
        }
    }
    for (; t < m.frames; ++t) {
        V acc = w[0] * pairBroadcast(m.x + t * m.xStride);
#pragma GCC unroll 8
        for (int q = 1; q < Q; ++q) acc += w[q] * pairBroadcast(m.x + t * m.xStride + 2 * q);
        finish(t, low(foldPairs(acc, V {})));
    }
}

// 8 outputs from 10, 12, 14 or 16 inputs; or nullptr.
inline waveamp::kernels::MixFn mixKernelFor(int in, int out) noexcept
{
    if (out != 8) return nullptr;
    switch (in) {
    case 10: return &mixBlock<10>;
    case 12: return &mixBlock<12>;
    case 14: return &mixBlock<14>;
    case 16: return &mixBlock<16>;
    default: return nullptr;
    }
}

} // namespace
