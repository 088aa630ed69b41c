#pragma once
// One ungated WaveNet layer of 6 or 8 channels (packed for 8 lanes) on AVX-512. Included by
// LayerKernel_avx512.cpp after GroupedFramesKernel.h.
//
// Why: the tile kernel runs an 8-channel layer in 256-bit vectors, half of what each AVX-512
// FMA could do (NAM A1's second array, A2 full, feather); two frames per 512-bit vector (the
// grouped-frames kernel) fill them, but need a lane shuffle for every input channel of every
// tap, and the shuffles then outnumber the FMAs (measured: no faster on A1).
//
// Here lanes hold input-channel pairs: in a "pair vector", lane 2o + k is the partial sum of
// output channel o over the input channels of parity k. The two inputs of a pair are adjacent
// in the frame, so one 64-bit broadcast from memory feeds one FMA that does 16 multiply-adds
// (no shuffle), with the pair's two weight columns interleaved once per block. Folding two
// frames' pair vectors (even + odd lanes) gives both frames' outputs in the buffers' own layout;
// the activation and the head run on those, and the residual 1x1 reads the activations back by
// pairs the same way and is folded again. (Pair vectors for 16 channels, two per frame fed by
// one broadcast, measured 8 % slower than the tile kernel, which keeps them.)
//
// The arithmetic is lane for lane the tile kernel's for one output vector, in the same order:
// bias + mixin in the even lanes (the tile kernel's `acc`), zero in the odd ones (its `odd`),
// every tap's even and odd input channels FMA'd into them in turn, then even + odd; the
// residual as rb + even terms, odd terms, their sum, then x added. So the two kernels give
// bit-identical results, and the frames left over at the end of a block go to the tile kernel.

namespace {

constexpr int kPairedFrames = 16;  // frames per step: 16 accumulator chains

template <int C>
struct PairedWeights {
    using V = VecTraits<16>::F;
    V conv[kMaxTaps][C / 2];  // [tap][pair]: lane 2o + k = W[o][2 pair + k][tap]
    V residual[C / 2];        // [pair]: lane 2o + k = R[o][2 pair + k]
    V bias, mixin;            // lane 2o = b[o] (m[o]), odd lanes 0
    V residualBias;           // lane 2o = rb[o], odd lanes 0
    V headWeights;            // repeated for both frames of a folded vector
};

// Lanes 2o = a[o], 2o + 1 = b[o].
__attribute__((always_inline)) inline VecTraits<16>::F interleave(const float* a, const float* b)
{
    const auto x = vload<VecTraits<8>::F>(a), y = vload<VecTraits<8>::F>(b);
    return __builtin_shufflevector(x, y, 0, 8, 1, 9, 2, 10, 3, 11, 4, 12, 5, 13, 6, 14, 7, 15);
}

// Inputs 2p and 2p + 1 of a frame in every lane pair.
__attribute__((always_inline)) inline VecTraits<16>::F pairBroadcast(const float* p)
{
    double pair;
    __builtin_memcpy(&pair, p, sizeof pair);
    return (VecTraits<16>::F)_mm512_set1_pd(pair);
}

// Two frames' pair vectors -> [frame a's 8 outputs | frame b's]: even + odd lanes.
__attribute__((always_inline)) inline VecTraits<16>::F foldPairs(VecTraits<16>::F a, VecTraits<16>::F b)
{
    const auto even = __builtin_shufflevector(a, b, 0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    const auto odd = __builtin_shufflevector(a, b, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);
    return even + odd;
}

// kPairedFrames frames from frame t.
template <int C, int ACT>
__attribute__((always_inline)) inline void pairedStep(const LayerView& p, const LayerIO& io, const PairedWeights<C>& w, int t)
{
    using V = VecTraits<16>::F;
    constexpr int CP = 8, NF = kPairedFrames;
    const int K = p.kernelSize, d = p.dilation;
    const bool mix = p.hasMixin && io.cond;
    V acc[NF];
#pragma GCC unroll 16
    for (int f = 0; f < NF; ++f) acc[f] = mix ? w.bias + w.mixin * io.cond[t + f] : w.bias;
    for (int j = 0; j < K; ++j) {
        const float* xj = io.x + static_cast<long>(t - (K - 1 - j) * d) * CP;
#pragma GCC unroll 4
        for (int q = 0; q < C / 2; ++q) {
            const V wq = w.conv[j][q];
#pragma GCC unroll 16
            for (int f = 0; f < NF; ++f) acc[f] += wq * pairBroadcast(xj + f * CP + 2 * q);
        }
    }
    alignas(64) float act[NF][CP];  // the activations, for the residual's pair broadcasts
#pragma GCC unroll 8
    for (int g = 0; g < NF / 2; ++g) {
        const V a = vactivate<16>(foldPairs(acc[2 * g], acc[2 * g + 1]), ACT >= 0 ? ACT : p.activation, p.negativeSlope);
        if (io.head) {
            float* h = io.head + static_cast<long>(t + 2 * g) * CP;
            vstore<V>(h, p.headWeights ? vload<V>(h) + w.headWeights * a : vload<V>(h) + a);
        }
        vstore<V>(&act[2 * g][0], a);
    }
    if (!io.out) return;
#pragma GCC unroll 16
    for (int f = 0; f < NF; ++f) acc[f] = w.residualBias;
#pragma GCC unroll 4
    for (int q = 0; q < C / 2; ++q) {
        const V rq = w.residual[q];
#pragma GCC unroll 16
        for (int f = 0; f < NF; ++f) acc[f] += rq * pairBroadcast(&act[f][2 * q]);
    }
#pragma GCC unroll 8
    for (int g = 0; g < NF / 2; ++g) {
        const long at = static_cast<long>(t + 2 * g) * CP;
        vstore<V>(io.out + at, vload<V>(io.x + at) + foldPairs(acc[2 * g], acc[2 * g + 1]));
    }
}

template <int C, int ACT>
void pairedBlock(const LayerView& p, const LayerIO& io) noexcept
{
    static_assert(C % 2 == 0 && C <= 8);
    constexpr int CP = 8;
    int t = 0;
    if (io.n >= kPairedFrames && p.kernelSize <= kMaxTaps) {
        PairedWeights<C> w;
        const float none[CP] = {};
        for (int j = 0; j < p.kernelSize; ++j)
            for (int q = 0; q < C / 2; ++q)
                w.conv[j][q] = interleave(p.conv + (j * C + 2 * q) * CP, p.conv + (j * C + 2 * q + 1) * CP);
        for (int q = 0; q < C / 2; ++q)
            w.residual[q] = interleave(p.residual + 2 * q * CP, p.residual + (2 * q + 1) * CP);
        w.bias = interleave(p.convBias, none);
        w.mixin = p.mixin ? interleave(p.mixin, none) : VecTraits<16>::F {};
        w.residualBias = interleave(p.residualBias, none);
        w.headWeights = p.headWeights ? column<16, CP>(p.headWeights) : VecTraits<16>::F {};
        for (; t + kPairedFrames <= io.n; t += kPairedFrames) pairedStep<C, ACT>(p, io, w, t);
    }
    if (t < io.n) {
        const LayerIO rest { io.x + static_cast<long>(t) * CP, io.cond ? io.cond + t : nullptr,
                             io.out ? io.out + static_cast<long>(t) * CP : nullptr,
                             io.head ? io.head + static_cast<long>(t) * CP : nullptr, io.n - t };
        layerBlock<CP, 1, false, ACT, C>(p, rest);
    }
}

template <int ACT>
waveamp::kernels::LayerFn pairedChannels(int channels) noexcept
{
    switch (channels) {
    case 6: return &pairedBlock<6, ACT>;
    case 8: return &pairedBlock<8, ACT>;
    default: return nullptr;
    }
}

// Ungated layers of 6 or 8 channels packed for 8 lanes on AVX-512, or nullptr.
inline waveamp::kernels::LayerFn pairedKernelFor(int lanes, int channels, bool gated, int activation) noexcept
{
    if (lanes != 8 || gated) return nullptr;
    switch (activation) {
    case waveamp::kernels::kTanh: return pairedChannels<waveamp::kernels::kTanh>(channels);
    case waveamp::kernels::kLeakyReLU: return pairedChannels<waveamp::kernels::kLeakyReLU>(channels);
    default: return pairedChannels<-1>(channels);
    }
}

} // namespace
