#pragma once
// One frame through every layer of a layer array in one call: the block-size-1 path for
// layers of up to 8 channels (arrayFrame), and of 9-16 in one 16-lane vector (wideFrame).
// Included by LayerKernel_<isa>.cpp after LayerKernelImpl.h.
//
// Why: at block size 1 a WaveNet is one dependent chain through all its layers (layer l + 1
// needs layer l's output of this very frame). Called layer by layer, each layer stores its
// output and the next one reloads it (a store-forwarding round trip), the residual is summed
// through the stack, and every layer pays a call and its loop set-up: on NAM's small models
// that was most of the block-1 cost (A2 lite: ~80 cycles per layer, of which the arithmetic
// on the chain is ~30). Here the layer's input stays in a register from one layer to the next,
// only one small product per layer is on the chain (see arrayFrame), summed as a tree, and the
// head sum stays in a register for the whole array.
//
// Same arithmetic as the block kernels, in another summation order (results agree to float
// rounding, not bit for bit; the block-partition tests bound the difference).

namespace {

using waveamp::kernels::ArrayFrameIO;

// CP = 2 keeps two lanes per frame in memory: loaded into the low half of a 4-lane vector
// (upper lanes zero) and stored back two floats wide. CP = L / 2 otherwise (the gated form's
// frames: 4 lanes of an 8-lane vector, 8 of a 16-lane one) likewise. CP = L is one whole vector.
template <int L, int CP>
__attribute__((always_inline)) inline typename VecTraits<L>::F frameLoad(const float* p)
{
    static_assert(CP == L || 2 * CP == L);
    if constexpr (CP == 2)
        return (typename VecTraits<L>::F)_mm_castsi128_ps(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p)));
    else if constexpr (L == 8 && CP == 4)
        return (typename VecTraits<L>::F)_mm256_zextps128_ps256(_mm_loadu_ps(p));
#if defined(__AVX512F__)
    else if constexpr (L == 16 && CP == 8)
        return (typename VecTraits<L>::F)_mm512_zextps256_ps512(_mm256_loadu_ps(p));
#endif
    else
        return vload<typename VecTraits<L>::F>(p);
}
template <int L, int CP>
__attribute__((always_inline)) inline void frameStore(float* p, typename VecTraits<L>::F v)
{
    static_assert(CP == L || 2 * CP == L);
    if constexpr (CP == 2)
        _mm_storel_epi64(reinterpret_cast<__m128i*>(p), _mm_castps_si128((__m128)v));
    else if constexpr (L == 8 && CP == 4)
        _mm_storeu_ps(p, _mm256_castps256_ps128((__m256)v));
#if defined(__AVX512F__)
    else if constexpr (L == 16 && CP == 8)
        _mm256_storeu_ps(p, _mm512_castps512_ps256((__m512)v));
#endif
    else
        vstore<typename VecTraits<L>::F>(p, v);
}

// Every lane = lane i of x.
template <int i, class V, int... I>
__attribute__((always_inline)) inline V broadcastLane(V x, LaneSeq<I...>)
{
    return __builtin_shufflevector(x, x, (I * 0 + i)...);
}

// seed + sum over input channels i of column i of w (w + i * CP) times lane i of x, as a tree.
// Products are paired (a * b + c * d: one multiply and one FMA, 7 cycles deep), the seed
// (ready early) goes into the odd product out or the first pair, and the leaves are added as a
// balanced tree. Written as one sum, the compiler would contract it into a chain of C FMAs.
template <int L, int CP, int I>
__attribute__((always_inline)) inline typename VecTraits<L>::F product(const float* w, typename VecTraits<L>::F x)
{
    return frameLoad<L, CP>(w + I * CP) * broadcastLane<I>(x, typename MakeLaneSeq<L>::type {});
}
template <int L, int CP, int C, int LO, int HI>  // leaves [LO, HI); leaf k: products 2k, 2k + 1
__attribute__((always_inline)) inline typename VecTraits<L>::F leafTree(const float* w, typename VecTraits<L>::F x,
                                                                        typename VecTraits<L>::F seed)
{
    if constexpr (HI - LO == 1) {
        constexpr int i = 2 * LO;
        if constexpr (i + 1 == C) return product<L, CP, i>(w, x) + seed;  // odd C: the last, alone
        else if constexpr (C % 2 == 0 && LO == 0) return product<L, CP, i>(w, x) + (product<L, CP, i + 1>(w, x) + seed);
        else return product<L, CP, i>(w, x) + product<L, CP, i + 1>(w, x);
    } else {
        constexpr int MID = (LO + HI) / 2;
        const auto low = leafTree<L, CP, C, LO, MID>(w, x, seed);
        const auto high = leafTree<L, CP, C, MID, HI>(w, x, seed);
        return low + high;
    }
}
template <int L, int CP, int C>
__attribute__((always_inline)) inline typename VecTraits<L>::F treeSum(const float* w, typename VecTraits<L>::F x,
                                                                       typename VecTraits<L>::F seed)
{
    return leafTree<L, CP, C, 0, (C + 1) / 2>(w, x, seed);
}

// Bias, input mixin and the past taps of one layer at this frame: history only, nothing here
// waits for the previous layer. (Two accumulators, even and odd input channels. More of them,
// one per channel and tap parity, measured 20 % slower on NAM A2 lite: at block size 1 these
// small layers are bound by instruction throughput as much as by the chain.)
// ZP: the conv outputs' padded count (2 CP for gated layers: the gate half from lane CP on).
template <int L, int CP, int C, int ZP = CP>
__attribute__((always_inline)) inline typename VecTraits<L>::F pastTaps(const LayerView& p, const float* x, const float* cond)
{
    using V = typename VecTraits<L>::F;
    const int K = p.kernelSize;
    const long step = static_cast<long>(p.dilation) * CP;
    V acc = frameLoad<L, ZP>(p.convBias), odd = V {};
    if (p.hasMixin && cond) acc += frameLoad<L, ZP>(p.mixin) * *cond;
    const float* xj = x - (K - 1) * step;
    const float* wj = p.conv;
    for (int j = 0; j + 1 < K; ++j, xj += step, wj += C * ZP) {
#pragma GCC unroll 8
        for (int i = 0; i < C; ++i) {
            if (i % 2 == 0) acc += frameLoad<L, ZP>(wj + i * ZP) * xj[i];
            else odd += frameLoad<L, ZP>(wj + i * ZP) * xj[i];
        }
    }
    return acc + odd;
}

// The past taps two per vector (PL = 2 CP lanes: two frames). The one-tap form above spends a
// broadcast and an FMA on a CP-lane vector per tap and input channel. Here two taps' history
// frames are loaded side by side, each input channel is broadcast within both frames (one
// shuffle for two taps) and multiplied by both taps' weight columns at once (io.past, packed at
// prepare as [tap pair][input channel][2 taps x CP]); the two halves are added at the end. An
// odd tap out is read one frame wide (its weights: the first CP lanes of its group, the rest
// zeros) with broadcasts from memory: the load ports, not the in-frame shuffles' port, which
// the pairs keep busy (NAM A2 full, five past taps a layer: 3 % faster at block size 1 than
// pairing it with itself against the zeros in paired in-process runs, no difference the
// benchmark could resolve; A2 lite and nano unchanged). Where it pays: arrayFramePastLanes.
template <int i, int CP, class V, int... I>
__attribute__((always_inline)) inline V broadcastInFrames(V x, LaneSeq<I...>)
{
    return __builtin_shufflevector(x, x, ((I / CP) * CP + i)...);
}
template <int PL, int CP>  // the sum of the two frames of CP lanes in s
__attribute__((always_inline)) inline typename VecTraits<CP>::F foldFrames(typename VecTraits<PL>::F s)
{
    static_assert(PL == 2 * CP);
    if constexpr (CP == 4) {
        const auto low = (typename VecTraits<4>::F)_mm256_castps256_ps128((__m256)s);
        const auto high = (typename VecTraits<4>::F)_mm256_extractf128_ps((__m256)s, 1);
        return low + high;
    } else {
        const __m512d d = _mm512_castps_pd((__m512)s);
        const auto low = (typename VecTraits<8>::F)_mm256_castpd_ps(_mm512_castpd512_pd256(d));
        const auto high = (typename VecTraits<8>::F)_mm256_castpd_ps(_mm512_extractf64x4_pd(d, 1));
        return low + high;
    }
}
template <int PL, int CP>  // two frames side by side: x and x + offset
__attribute__((always_inline)) inline typename VecTraits<PL>::F loadTapFrames(const float* x, long offset)
{
    static_assert(PL == 2 * CP);
    if constexpr (CP == 4) {
        return (typename VecTraits<8>::F)_mm256_insertf128_ps(_mm256_castps128_ps256(_mm_loadu_ps(x)), _mm_loadu_ps(x + offset), 1);
    } else {
        const __m512d low = _mm512_castpd256_pd512(_mm256_castps_pd(_mm256_loadu_ps(x)));
        return (typename VecTraits<16>::F)_mm512_castpd_ps(_mm512_insertf64x4(low, _mm256_castps_pd(_mm256_loadu_ps(x + offset)), 1));
    }
}
template <int PL, int CP, int... I>  // even input channels into acc, odd ones into odd
__attribute__((always_inline)) inline void accumulateTapFrames(typename VecTraits<PL>::F& acc, typename VecTraits<PL>::F& odd,
                                                               const float* w, typename VecTraits<PL>::F h, LaneSeq<I...>)
{
    using W = typename VecTraits<PL>::F;
    (((I % 2 == 0 ? acc : odd) += vload<W>(w + I * PL) * broadcastInFrames<I, CP>(h, typename MakeLaneSeq<PL>::type {})), ...);
}
template <int L, int CP, int C, int PL>
__attribute__((always_inline)) inline typename VecTraits<L>::F pastTapsPacked(const LayerView& p, const float* x,
                                                                              const float* cond, const float*& packed)
{
    using W = typename VecTraits<PL>::F;
    const int past = p.kernelSize - 1;
    const long step = static_cast<long>(p.dilation) * CP;
    const float* xj = x - past * step;  // the oldest tap
    W acc = W {}, odd = W {};
    int j = 0;
    for (; j + 2 <= past; j += 2, xj += 2 * step, packed += C * PL)
        accumulateTapFrames<PL, CP>(acc, odd, packed, loadTapFrames<PL, CP>(xj, step), typename MakeLaneSeq<C>::type {});
    auto sum = frameLoad<L, CP>(p.convBias);
    if (j < past) {  // an odd tap out: one frame, its weights the first CP lanes of the group
#pragma GCC unroll 8
        for (int i = 0; i < C; ++i) sum += frameLoad<L, CP>(packed + i * PL) * xj[i];
        packed += C * PL;
    }
    sum += foldFrames<PL, CP>(acc + odd);
    if (p.hasMixin && cond) sum += frameLoad<L, CP>(p.mixin) * *cond;
    return sum;
}
// Which form: packed when the kernel was given io.past (PL > 0).
template <int L, int CP, int C, int PL>
__attribute__((always_inline)) inline typename VecTraits<L>::F pastFor(const LayerView& p, const float* x, const float* cond,
                                                                       const float*& packed)
{
    if constexpr (PL > 0) return pastTapsPacked<L, CP, C, PL>(p, x, cond, packed);
    else return pastTaps<L, CP, C>(p, x, cond);
}

// With FUSED, io.chain holds for every layer l >= 1 M = (layer l's current conv tap) x (layer
// l-1's residual 1x1), so that layer l's pre-activation is
//   past taps + W (x + rb) + M a        (x, rb, a: layer l-1's input, residual bias, output)
// instead of W (x + rb + R a): from one activation to the next the chain is one tree (M a),
// not two (R a, then W of that). x + rb + R a (layer l's input, stored in its history) is
// still computed, beside the chain. That is one more small product per layer: it pays where the
// activation is long (tanh: feather and nano 5-7 % faster at block 1), not for LeakyReLU (NAM
// A2 lite 20 % slower), whose chain is short already.
#if defined(__AVX512F__)
// arrayFrame's fused form for 8-lane layers on AVX-512, with the two products that wait on a
// layer's activation in one 16-lane vector: io.chain[l] = [C][16] holds layer l + 1's M in
// lanes 0-7 and layer l's residual 1x1 in lanes 8-15 (arrayFrameChainLanes), so one tree over
// the activation's C lanes, one broadcast each, gives the next layer's pre-activation (low
// half) and its input (high half), seeded with [W u + past taps | u]. arrayFrame spends a
// second tree, its broadcasts and its adds on R a beside the chain: at block size 1 NAM A1
// ran ~3 % faster and lite ~4.5 % faster with this (paired runs, medians), A2 full the same.
// Lane for lane the sums arrayFrame computes, in the same order.
template <int C, int ACT, int PL>
void arrayFrameJoint(const ArrayFrameIO& io) noexcept
{
    using V = typename VecTraits<8>::F;
    using W = typename VecTraits<16>::F;
    V x = vload<V>(io.x[0]);  // the input of the current layer
    V head = vload<V>(io.head);
    const float* packed = io.past;
    V nextPast = pastFor<8, 8, C, PL>(*io.layers[0], io.x[0], io.cond, packed);
    V acc {};  // the current layer's pre-activation
    for (int l = 0; l < io.numLayers; ++l) {
        const LayerView& p = *io.layers[l];
        const V past = nextPast;
        if (l + 1 < io.numLayers) nextPast = pastFor<8, 8, C, PL>(*io.layers[l + 1], io.x[l + 1], io.cond, packed);
        if (l == 0) acc = treeSum<8, 8, C>(p.conv + static_cast<long>(p.kernelSize - 1) * C * 8, x, past);
        const V u = x + vload<V>(p.residualBias);
        const V a = vactivate<8>(acc, ACT >= 0 ? ACT : p.activation, p.negativeSlope);
        head = p.headWeights ? head + vload<V>(p.headWeights) * a : head + a;
        if (l + 1 < io.numLayers) {
            const LayerView& next = *io.layers[l + 1];  // its current tap on u: off the chain
            const V low = treeSum<8, 8, C>(next.conv + static_cast<long>(next.kernelSize - 1) * C * 8, u, nextPast);
            const W seed = (W)_mm512_insertf32x8(_mm512_castps256_ps512((__m256)low), (__m256)u, 1);
            const W both = treeSum<16, 16, C>(io.chain + static_cast<long>(l) * C * 16, (W)_mm512_castps256_ps512((__m256)a), seed);
            acc = (V)_mm512_castps512_ps256((__m512)both);
            x = (V)_mm512_extractf32x8_ps((__m512)both, 1);
            vstore<V>(io.x[l + 1], x);
        } else if (io.out) {
            vstore<V>(io.out, treeSum<8, 8, C>(p.residual, a, u));
        }
    }
    vstore<V>(io.head, head);
}

template <int PL, int ACT>
waveamp::kernels::ArrayFrameFn arrayFrameJointChannels(int channels) noexcept
{
    switch (channels) {
    case 5: return &arrayFrameJoint<5, ACT, PL>;
    case 6: return &arrayFrameJoint<6, ACT, PL>;
    case 7: return &arrayFrameJoint<7, ACT, PL>;
    case 8: return &arrayFrameJoint<8, ACT, PL>;
    default: return nullptr;
    }
}
template <int PL>
waveamp::kernels::ArrayFrameFn arrayFrameJointFor(int channels, int activation) noexcept
{
    if (activation == waveamp::kernels::kTanh) return arrayFrameJointChannels<PL, waveamp::kernels::kTanh>(channels);
    return arrayFrameJointChannels<PL, -1>(channels);  // LeakyReLU does not come here (arrayFrameChainLanes)
}
#endif

template <int L, int CP, int C, int ACT, bool FUSED, int PL>
void arrayFrame(const ArrayFrameIO& io) noexcept
{
    static_assert(C <= CP && CP <= L);
    using V = typename VecTraits<L>::F;
    V x = frameLoad<L, CP>(io.x[0]);  // the input of the current layer
    V u {}, a {};                      // the previous layer's x + rb, and its activation
    V head = frameLoad<L, CP>(io.head);
    // Over 4 channels the next layer's past taps go first: independent work ahead of this
    // layer's chain in program order, so the core starts it while the chain waits (NAM A2 full
    // 12 % faster at block 1; A2 lite, 3 channels, 5 % slower, so not below 5).
    constexpr bool kAhead = C > 4;
    const float* packed = io.past;  // PL > 0: the packed past-tap weights, layer after layer
    V nextPast = kAhead ? pastFor<L, CP, C, PL>(*io.layers[0], io.x[0], io.cond, packed) : V {};
    for (int l = 0; l < io.numLayers; ++l) {
        const LayerView& p = *io.layers[l];
        const V past = kAhead ? nextPast : pastFor<L, CP, C, PL>(p, io.x[l], io.cond, packed);
        if (kAhead && l + 1 < io.numLayers) nextPast = pastFor<L, CP, C, PL>(*io.layers[l + 1], io.x[l + 1], io.cond, packed);
        const float* current = p.conv + static_cast<long>(p.kernelSize - 1) * C * CP;
        V acc;
        if (!FUSED || l == 0) {
            acc = treeSum<L, CP, C>(current, x, past);
        } else {
            acc = treeSum<L, CP, C>(current, u, past);
            acc = treeSum<L, CP, C>(io.chain + static_cast<long>(l - 1) * C * CP, a, acc);  // the chain
        }
        a = vactivate<L>(acc, ACT >= 0 ? ACT : p.activation, p.negativeSlope);
        head = p.headWeights ? head + frameLoad<L, CP>(p.headWeights) * a : head + a;
        if (float* out = l + 1 < io.numLayers ? io.x[l + 1] : io.out) {
            u = x + frameLoad<L, CP>(p.residualBias);
            x = treeSum<L, CP, C>(p.residual, a, u);
            frameStore<L, CP>(out, x);
        }
    }
    frameStore<L, CP>(io.head, head);
}

template <int L, int CP, int PL, int ACT, bool FUSED = ACT != waveamp::kernels::kLeakyReLU>
waveamp::kernels::ArrayFrameFn arrayFrameChannels(int channels) noexcept
{
    switch (channels) {
    case 1: return &arrayFrame<L, CP, 1, ACT, FUSED, PL>;
    case 2: return &arrayFrame<L, CP, 2, ACT, FUSED, PL>;
    default: break;
    }
    if constexpr (CP >= 4) {
        switch (channels) {
        case 3: return &arrayFrame<L, CP, 3, ACT, FUSED, PL>;
        case 4: return &arrayFrame<L, CP, 4, ACT, FUSED, PL>;
        default: break;
        }
    }
    if constexpr (CP >= 8) {
        switch (channels) {
        case 5: return &arrayFrame<L, CP, 5, ACT, FUSED, PL>;
        case 6: return &arrayFrame<L, CP, 6, ACT, FUSED, PL>;
        case 7: return &arrayFrame<L, CP, 7, ACT, FUSED, PL>;
        case 8: return &arrayFrame<L, CP, 8, ACT, FUSED, PL>;
        default: break;
        }
    }
    return nullptr;
}

// Sigmoid-gated layers (WaveNetVA, PedalNet-style NAM arrays) of up to CP channels, conv outputs
// (activation half, then gate half: 2 CP) in one L = 2 CP lane vector. The layers' weights are
// GatedFrameWeights' copy (FrameChain.h): the gate half comes halved, so one vtanh over the
// vector gives tanh(z_gate / 2), and the kernel carries g2 = 2 g = act(z) (1 + tanh(z_gate / 2))
// (vsigmoid is (1 + tanh(x / 2)) / 2 too): one shuffle bringing the gate half down and one FMA
// after the activations; the residual 1x1 and head weights, halved, take g2. Otherwise
// arrayFrame's form, fused chain included: layer l's pre-activation is past taps + W u + M g2
// (u: layer l-1's x + rb; M = W R, 2 CP x C). Only the low CP lanes of x, u, g2 and the head
// are meaningful; the upper ones are never stored or broadcast. The stack of tiles (stackFrame)
// it replaces keeps the layer input and the gated output in memory between layers (two
// store-forward round trips per layer) and waits on two products in turn.
template <int L, int CP, int ACT, class V>
__attribute__((always_inline)) inline V gateHalves(V z, const LayerView& p)
{
    static_assert(L == 2 * CP);
    const V t = vtanh<L>(z);  // the gate half: tanh(z_gate / 2)
    const V a = ACT == waveamp::kernels::kTanh ? t : vactivate<L>(z, ACT >= 0 ? ACT : p.activation, p.negativeSlope);
    V gate;
    if constexpr (L == 8) gate = __builtin_shufflevector(t, t, 4, 5, 6, 7, 4, 5, 6, 7);
    else gate = __builtin_shufflevector(t, t, 8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15);
    return a * gate + a;
}
template <int L, int CP, int C, int ACT>
void gatedFrame(const ArrayFrameIO& io) noexcept
{
    static_assert(C <= CP && L == 2 * CP);
    using V = typename VecTraits<L>::F;
    constexpr int ZP = L;
    V x = frameLoad<L, CP>(io.x[0]);  // the input of the current layer
    V u {}, g {};                      // the previous layer's x + rb, and its gated output (x 2)
    V head = frameLoad<L, CP>(io.head);
    V nextPast = pastTaps<L, CP, C, ZP>(*io.layers[0], io.x[0], io.cond);  // ahead of the chain
    for (int l = 0; l < io.numLayers; ++l) {
        const LayerView& p = *io.layers[l];
        const V past = nextPast;
        if (l + 1 < io.numLayers) nextPast = pastTaps<L, CP, C, ZP>(*io.layers[l + 1], io.x[l + 1], io.cond);
        const float* current = p.conv + static_cast<long>(p.kernelSize - 1) * C * ZP;
        V acc;
        if (l == 0) {
            acc = treeSum<L, ZP, C>(current, x, past);
        } else {
            acc = treeSum<L, ZP, C>(current, u, past);
            acc = treeSum<L, ZP, C>(io.chain + static_cast<long>(l - 1) * C * ZP, g, acc);  // the chain
        }
        g = gateHalves<L, CP, ACT>(acc, p);
        head += frameLoad<L, CP>(p.headWeights) * g;  // always weighted (GatedFrameWeights)
        if (float* out = l + 1 < io.numLayers ? io.x[l + 1] : io.out) {
            u = x + frameLoad<L, CP>(p.residualBias);
            x = treeSum<L, CP, C>(p.residual, g, u);
            frameStore<L, CP>(out, x);
        }
    }
    frameStore<L, CP>(io.head, head);
}

template <int L, int CP, int ACT>
waveamp::kernels::ArrayFrameFn gatedFrameChannels(int channels) noexcept
{
    static_assert(CP == 4 || CP == 8);
    if constexpr (CP == 4) {
        switch (channels) {  // 1-2 channels pack for 4 lanes only with WAVEAMP_GROUPED=0
        case 1: return &gatedFrame<L, CP, 1, ACT>;
        case 2: return &gatedFrame<L, CP, 2, ACT>;
        case 3: return &gatedFrame<L, CP, 3, ACT>;
        case 4: return &gatedFrame<L, CP, 4, ACT>;
        default: break;
        }
    } else {
        switch (channels) {
        case 5: return &gatedFrame<L, CP, 5, ACT>;
        case 6: return &gatedFrame<L, CP, 6, ACT>;
        case 7: return &gatedFrame<L, CP, 7, ACT>;
        case 8: return &gatedFrame<L, CP, 8, ACT>;
        default: break;
        }
    }
    return nullptr;
}

template <int L, int CP>
waveamp::kernels::ArrayFrameFn gatedFrameFor(int channels, int activation) noexcept
{
    if (activation == waveamp::kernels::kTanh) return gatedFrameChannels<L, CP, waveamp::kernels::kTanh>(channels);
    return gatedFrameChannels<L, CP, -1>(channels);
}

// 9-16 channels in one 16-lane vector (AVX-512: NAM A1's 16-channel array, lite's 12). Each
// product is four FMA chains (input channel i into chain i mod 4), not the tile's two: the
// layer is bound by its chain (without past taps it still took ~97 cycles on Zen 5: two
// store-forward round trips of ~11.5 cycles, two products, tanh), and A1's 16-channel layers
// ran 11 % faster than on the stack kernel (eight chains: no faster). The layer input is
// broadcast from its history; the activation goes through a stack copy, which GCC turns into
// lane permutes (vpermd, an index vector each): forcing broadcasts from the copy (an asm
// barrier on its address) measured the same at block size 1 on A1 and lite. Nothing is
// pre-multiplied: one more product per layer, and 10 such layers no longer fit L1 (20 %
// slower); lite's 7, which still fit, were 3.5 % slower with it too. Also tried: the two
// chain products fed from registers by lane rotations (vshuff32x4 across 128-bit blocks,
// vpermilps within them, against weights stored in rotated order), which avoids the
// store-forward round trip; 4-10 % faster in a one-kernel harness
// (more with the past taps rotated too), but NAM A1 and lite at block size 1 were no faster
// in the model (within noise): not taken. The past taps, off the chain, are not fully hidden
// behind it: without them a layer took 89 cycles against ~110 in the harness, and NAM A1 at
// block size 1 ran 18 % faster with both arrays' past taps skipped (timing only). Mostly L1:
// A1's weights (53 KB) exceed this core's 48 KB, and in the harness a 16-channel layer costs
// ~112 cycles up to 44 KB of weights in all, 127 at 48 KB, 134-140 beyond; without the past
// taps (half the weights) 94-98 at every size. Issuing them after the chain instead of before,
// prefetching the next layers' weights, or staggering the histories' addresses (4K aliasing)
// gained nothing measurable.
// Float rounding differs from the block path, like arrayFrame's.
template <int L, int C>
__attribute__((always_inline)) inline typename VecTraits<L>::F wideProduct(const float* w, const float* x,
                                                                           typename VecTraits<L>::F seed)
{
    using V = typename VecTraits<L>::F;
    V s[4] = { seed, V {}, V {}, V {} };
#pragma GCC unroll 16
    for (int i = 0; i < C; ++i) s[i % 4] += vload<V>(w + i * L) * x[i];
    return (s[0] + s[1]) + (s[2] + s[3]);
}
template <int L, int C>  // bias, mixin and the past taps: history only (see pastTaps)
__attribute__((always_inline)) inline typename VecTraits<L>::F widePast(const LayerView& p, const float* x, const float* cond)
{
    using V = typename VecTraits<L>::F;
    const long step = static_cast<long>(p.dilation) * L;
    V acc = vload<V>(p.convBias);
    if (p.hasMixin && cond) acc += vload<V>(p.mixin) * *cond;
    const float* xj = x - (p.kernelSize - 1) * step;
    const float* wj = p.conv;
    for (int j = 0; j + 1 < p.kernelSize; ++j, xj += step, wj += C * L) acc = wideProduct<L, C>(wj, xj, acc);
    return acc;
}
template <int L, int C, int ACT>
void wideFrame(const ArrayFrameIO& io) noexcept
{
    using V = typename VecTraits<L>::F;
    alignas(64) float activation[L];
    V head = vload<V>(io.head);
    V nextPast = widePast<L, C>(*io.layers[0], io.x[0], io.cond);  // ahead of the chain, as in arrayFrame
    for (int l = 0; l < io.numLayers; ++l) {
        const LayerView& p = *io.layers[l];
        const V past = nextPast;
        if (l + 1 < io.numLayers) nextPast = widePast<L, C>(*io.layers[l + 1], io.x[l + 1], io.cond);
        const V a = vactivate<L>(wideProduct<L, C>(p.conv + static_cast<long>(p.kernelSize - 1) * C * L, io.x[l], past),
                                 ACT >= 0 ? ACT : p.activation, p.negativeSlope);
        head = p.headWeights ? head + vload<V>(p.headWeights) * a : head + a;
        if (float* out = l + 1 < io.numLayers ? io.x[l + 1] : io.out) {
            vstore<V>(activation, a);
            vstore<V>(out, wideProduct<L, C>(p.residual, activation, vload<V>(io.x[l]) + vload<V>(p.residualBias)));
        }
    }
    vstore<V>(io.head, head);
}

template <int L, int ACT>
waveamp::kernels::ArrayFrameFn wideFrameChannels(int channels) noexcept
{
    switch (channels) {
    case 9: return &wideFrame<L, 9, ACT>;
    case 10: return &wideFrame<L, 10, ACT>;
    case 11: return &wideFrame<L, 11, ACT>;
    case 12: return &wideFrame<L, 12, ACT>;
    case 13: return &wideFrame<L, 13, ACT>;
    case 14: return &wideFrame<L, 14, ACT>;
    case 15: return &wideFrame<L, 15, ACT>;
    case 16: return &wideFrame<L, 16, ACT>;
    default: return nullptr;
    }
}

template <int L>
waveamp::kernels::ArrayFrameFn wideFrameFor(int channels, int activation) noexcept
{
    switch (activation) {
    case waveamp::kernels::kTanh: return wideFrameChannels<L, waveamp::kernels::kTanh>(channels);
    case waveamp::kernels::kLeakyReLU: return wideFrameChannels<L, waveamp::kernels::kLeakyReLU>(channels);
    default: return wideFrameChannels<L, -1>(channels);
    }
}

template <int L, int CP, int PL = 0>
waveamp::kernels::ArrayFrameFn arrayFrameFor(int channels, int activation) noexcept
{
    switch (activation) {
    case waveamp::kernels::kTanh: return arrayFrameChannels<L, CP, PL, waveamp::kernels::kTanh>(channels);
    case waveamp::kernels::kLeakyReLU: return arrayFrameChannels<L, CP, PL, waveamp::kernels::kLeakyReLU>(channels);
    default: return arrayFrameChannels<L, CP, PL, -1>(channels);
    }
}

} // namespace
