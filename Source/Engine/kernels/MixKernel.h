#pragma once
// y = W x (+ b) (+ y), frame by frame, for the channel-mixing products between a NAM
// WaveNet's layer arrays (each array's head rechannel, the next array's input rechannel), on
// AVX-512. Included by LayerKernel_avx512.cpp after PairedInputKernel.h. Two forms:
//
// - 10-16 inputs (even) -> 8 outputs (A1's 16 -> 8): pair vectors like the paired-input
//   kernel's, lane 2o + k summing W[o][i] x[i] over the inputs i of parity k, one 64-bit
//   broadcast of an input pair per FMA, folded (even + odd lanes) for two frames at once.
//   These products are too large for FrameProduct's register loops and went to Eigen's GEMM
//   in the baseline (SSE2) build: 7.9 ns per frame each, 7 % of A1 at block 64.
// - 2 Out inputs -> Out outputs, Out = 1, 2, 4 (nano's 4 -> 2 and 2 -> 1, feather's 8 -> 4),
//   dense frames: 16 / Out frames of output fill one vector and their inputs two; one lane
//   permute per input channel places it under every output of its frame. FrameProduct's
//   scalar loops (baseline build) took 6 % of nano's time for its two 4 -> 2 products.
//
// A frame's sum does not depend on which frames it is computed with (a lone frame is folded
// with zeros; a partial group is padded with zeros), so the output does not depend on the
// block partition.

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
    auto low = &Join<8>::low, high = &Join<8>::high;  // the halves of a folded vector
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

// Lane g Out + o of the result = x[g In + I]: input I of each frame under its Out outputs,
// from the two vectors holding the G = 16 / Out frames' inputs (In = 2 Out).
template <int Out, int I, int... L>
__attribute__((always_inline)) inline VecTraits<16>::F spreadInput(VecTraits<16>::F lo, VecTraits<16>::F hi, LaneSeq<L...>)
{
    return __builtin_shufflevector(lo, hi, ((L / Out) * 2 * Out + I)...);
}

template <int Out, int I>
__attribute__((always_inline)) inline void denseTerms(VecTraits<16>::F& acc, const VecTraits<16>::F (&w)[2 * Out],
                                                      VecTraits<16>::F lo, VecTraits<16>::F hi)
{
    if constexpr (I < 2 * Out) {
        acc += w[I] * spreadInput<Out, I>(lo, hi, MakeLaneSeq<16>::type {});
        denseTerms<Out, I + 1>(acc, w, lo, hi);
    }
}

// Requires dense frames (xStride = In, yStride = Out; the caller checks).
template <int Out>
void denseMixBlock(const waveamp::kernels::MixIO& m) noexcept
{
    using V = VecTraits<16>::F;
    constexpr int In = 2 * Out, G = 16 / Out;
    // Weight column i and the bias repeated for every frame of a group: broadcasts from
    // memory (building them lane by lane cost more than the products at block size 1).
    auto repeated = [](const float* p) {
        if constexpr (Out == 1) return vset<V>(*p);
        else return column<16, Out>(p);
    };
    V w[In];
#pragma GCC unroll 8
    for (int i = 0; i < In; ++i) w[i] = repeated(m.weights + i * Out);
    const V b = m.bias ? repeated(m.bias) : V {};
    auto group = [&](V lo, V hi) {
        V acc = b;
        denseTerms<Out, 0>(acc, w, lo, hi);
        return acc;
    };
    long t = 0;
    for (; t + G <= m.frames; t += G) {
        float* y = m.y + t * Out;
        const V acc = group(vload<V>(m.x + t * In), vload<V>(m.x + t * In + 16));
        vstore<V>(y, m.accumulate ? vload<V>(y) + acc : acc);
    }
    if (t < m.frames) {
        // The last frames through the same arithmetic, with masked loads and stores (zeros
        // beyond them; a copy through the stack stalled on store forwarding at block size 1).
        const int inputs = static_cast<int>(m.frames - t) * In, outputs = static_cast<int>(m.frames - t) * Out;
        auto mask = [](int n) { return static_cast<__mmask16>(n >= 16 ? 0xffff : n <= 0 ? 0 : (1u << n) - 1); };
        const float* x = m.x + t * In;
        float* y = m.y + t * Out;
        const V lo = (V)_mm512_maskz_loadu_ps(mask(inputs), x);
        const V hi = (V)_mm512_maskz_loadu_ps(mask(inputs - 16), x + 16);
        V acc = group(lo, hi);
        if (m.accumulate) acc = (V)_mm512_maskz_loadu_ps(mask(outputs), y) + acc;
        _mm512_mask_storeu_ps(y, mask(outputs), (__m512)acc);
    }
}

// 8 outputs from 10, 12, 14 or 16 inputs, or Out from 2 Out for Out = 1, 2, 4 (dense frames:
// the caller checks the strides); or nullptr.
inline waveamp::kernels::MixFn mixKernelFor(int in, int out) noexcept
{
    if (in == 2 * out) {
        switch (out) {
        case 1: return &denseMixBlock<1>;
        case 2: return &denseMixBlock<2>;
        case 4: return &denseMixBlock<4>;
        default: break;
        }
    }
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
