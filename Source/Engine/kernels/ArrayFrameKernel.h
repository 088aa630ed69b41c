#pragma once
// One frame through every layer of a layer array in one call: the block-size-1 path for
// layers of up to 8 channels. Included by LayerKernel_<isa>.cpp after LayerKernelImpl.h.
//
// Why: at block size 1 a WaveNet is one dependent chain through all its layers (layer l + 1
// needs layer l's output of this very frame). Called layer by layer, each layer stores its
// output and the next one reloads it (a store-forwarding round trip), the residual is summed
// through the stack, and every layer pays a call and its loop set-up: on NAM's small models
// that was most of the block-1 cost (A2 lite: ~80 cycles per layer, of which the arithmetic
// on the chain is ~30). Here the layer's input stays in a register from one layer to the next,
// only the current tap of the conv and the residual 1x1 are on the chain, both summed as
// trees, and the head sum stays in a register for the whole array.
//
// Same arithmetic as the block kernels, in another summation order (results agree to float
// rounding, not bit for bit; the block-partition tests bound the difference).

namespace {

using waveamp::kernels::ArrayFrameIO;

// CP = 2 keeps two lanes per frame in memory: loaded into the low half of a 4-lane vector
// (upper lanes zero) and stored back two floats wide. Wider CP is one whole vector.
template <int L, int CP>
__attribute__((always_inline)) inline typename VecTraits<L>::F frameLoad(const float* p)
{
    if constexpr (CP == 2)
        return (typename VecTraits<L>::F)_mm_castsi128_ps(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p)));
    else
        return vload<typename VecTraits<L>::F>(p);
}
template <int L, int CP>
__attribute__((always_inline)) inline void frameStore(float* p, typename VecTraits<L>::F v)
{
    if constexpr (CP == 2)
        _mm_storel_epi64(reinterpret_cast<__m128i*>(p), _mm_castps_si128((__m128)v));
    else
        vstore<typename VecTraits<L>::F>(p, v);
}

// Every lane = lane i of x.
template <int i, class V, int... I>
__attribute__((always_inline)) inline V broadcastLane(V x, LaneSeq<I...>)
{
    return __builtin_shufflevector(x, x, (I * 0 + i)...);
}

// Sum over input channels [LO, HI) of column i of w (w + i * CP) times lane i of x, as a
// balanced tree (the chain is log2(C) adds deep instead of C FMAs). `seed` is added into the
// first product: it is ready early (bias and past taps), so it costs no depth.
template <int L, int CP, int LO, int HI, bool SEED>
__attribute__((always_inline)) inline typename VecTraits<L>::F treeSum(const float* w, typename VecTraits<L>::F x,
                                                                       typename VecTraits<L>::F seed)
{
    using Lanes = typename MakeLaneSeq<L>::type;
    if constexpr (HI - LO == 1) {
        const auto p = frameLoad<L, CP>(w + LO * CP) * broadcastLane<LO>(x, Lanes {});
        return SEED ? p + seed : p;
    } else if constexpr (HI - LO == 2) {
        const auto low = frameLoad<L, CP>(w + LO * CP) * broadcastLane<LO>(x, Lanes {});
        const auto high = frameLoad<L, CP>(w + (LO + 1) * CP) * broadcastLane<LO + 1>(x, Lanes {});
        return SEED ? (low + seed) + high : low + high;
    } else {
        constexpr int MID = LO + (HI - LO + 1) / 2;
        return treeSum<L, CP, LO, MID, SEED>(w, x, seed) + treeSum<L, CP, MID, HI, false>(w, x, seed);
    }
}

template <int L, int CP, int C, int ACT>
void arrayFrame(const ArrayFrameIO& io) noexcept
{
    static_assert(C <= CP && CP <= L);
    using V = typename VecTraits<L>::F;
    V x = frameLoad<L, CP>(io.x[0]);
    V head = frameLoad<L, CP>(io.head);
    for (int l = 0; l < io.numLayers; ++l) {
        const LayerView& p = *io.layers[l];
        const int K = p.kernelSize;
        const long step = static_cast<long>(p.dilation) * CP;
        // The past taps: history only, so none of this waits for the previous layer.
        V acc = frameLoad<L, CP>(p.convBias), odd = V {};
        if (p.hasMixin && io.cond) acc += frameLoad<L, CP>(p.mixin) * *io.cond;
        const float* xj = io.x[l] - (K - 1) * step;
        const float* wj = p.conv;
        for (int j = 0; j + 1 < K; ++j, xj += step, wj += C * CP) {
#pragma GCC unroll 8
            for (int i = 0; i < C; ++i) {
                if (i % 2 == 0) acc += frameLoad<L, CP>(wj + i * CP) * xj[i];
                else odd += frameLoad<L, CP>(wj + i * CP) * xj[i];
            }
        }
        // The current tap, from the register: the chain.
        acc = treeSum<L, CP, 0, C, true>(wj, x, acc + odd);
        const V a = vactivate<L>(acc, ACT >= 0 ? ACT : p.activation, p.negativeSlope);
        head = p.headWeights ? head + frameLoad<L, CP>(p.headWeights) * a : head + a;
        float* out = l + 1 < io.numLayers ? io.x[l + 1] : io.out;
        if (out) {
            x = treeSum<L, CP, 0, C, true>(p.residual, a, x + frameLoad<L, CP>(p.residualBias));
            frameStore<L, CP>(out, x);
        }
    }
    frameStore<L, CP>(io.head, head);
}

template <int L, int CP, int ACT>
waveamp::kernels::ArrayFrameFn arrayFrameChannels(int channels) noexcept
{
    switch (channels) {
    case 1: return &arrayFrame<L, CP, 1, ACT>;
    case 2: return &arrayFrame<L, CP, 2, ACT>;
    default: break;
    }
    if constexpr (CP >= 4) {
        switch (channels) {
        case 3: return &arrayFrame<L, CP, 3, ACT>;
        case 4: return &arrayFrame<L, CP, 4, ACT>;
        default: break;
        }
    }
    if constexpr (CP >= 8) {
        switch (channels) {
        case 5: return &arrayFrame<L, CP, 5, ACT>;
        case 6: return &arrayFrame<L, CP, 6, ACT>;
        case 7: return &arrayFrame<L, CP, 7, ACT>;
        case 8: return &arrayFrame<L, CP, 8, ACT>;
        default: break;
        }
    }
    return nullptr;
}

template <int L, int CP>
waveamp::kernels::ArrayFrameFn arrayFrameFor(int channels, int activation) noexcept
{
    switch (activation) {
    case waveamp::kernels::kTanh: return arrayFrameChannels<L, CP, waveamp::kernels::kTanh>(channels);
    case waveamp::kernels::kLeakyReLU: return arrayFrameChannels<L, CP, waveamp::kernels::kLeakyReLU>(channels);
    default: return arrayFrameChannels<L, CP, -1>(channels);
    }
}

} // namespace
