#pragma once
// One WaveNet layer of few channels (padded to CP = 2 or 4 lanes; gated 5-8 channels as CP = 8
// on AVX-512) on an ISA with wider vectors (W = 8 or 16 lanes). Included by LayerKernel_<isa>.cpp after LayerKernelImpl.h.
//
// Why: the tile kernel puts output channels in lanes, so a 4-channel layer on AVX-512 uses a
// quarter of every vector, and each input sample is broadcast once per multiply. Here G = W / CP
// consecutive frames share one vector, exactly as they lie in the frame-major buffers: lane
// g * CP + o is channel o of frame g. One load brings G frames of input; a lane permute spreads
// input channel i over each frame's lanes; one FMA with the weight column (repeated G times)
// does G frames of that input channel at once. Outputs are already in the buffers' layout.
//
// The arithmetic is lane for lane the tile kernel's, in the same order (bias + mixin, taps and
// input channels with the same even/odd split, activation, gate, head, residual), so the two
// kernels give bit-identical results and frames left over at the end of a block (fewer than a
// step) go to the tile kernel without changing anything. Layers of 1-2 channels are packed two lanes
// per frame (CP = 2, 8 frames per zmm); the tile kernel has no 2-lane form, so their leftover
// frames go to narrowFrame() below, which does the same arithmetic on one frame.

namespace {

template <int... I> struct LaneSeq {};
template <int N, int... I> struct MakeLaneSeq : MakeLaneSeq<N - 1, N - 1, I...> {};
template <int... I> struct MakeLaneSeq<0, I...> { using type = LaneSeq<I...>; };

// Lane g*CP + o of the result = v[o]: a CP-lane column repeated for every frame of the group.
template <int W, int CP, int... I>
__attribute__((always_inline)) inline typename VecTraits<W>::F repeatColumn(typename VecTraits<CP>::F v, LaneSeq<I...>)
{
    return __builtin_shufflevector(v, v, (I % CP)...);
}
// Lane g*CP + o of the result = x[g*CP + i]: input channel i of each frame, over that frame's lanes.
template <int CP, int i, class V, int... I>
__attribute__((always_inline)) inline V spreadChannel(V x, LaneSeq<I...>)
{
    return __builtin_shufflevector(x, x, ((I / CP) * CP + i)...);
}
// Lane g*CP + o of the result = c[g + first]: one condition sample per frame, from 4 samples
// (CV = 4 lanes) or 8 (CV = 8 lanes, 8 frames per vector).
// (Widening shuffles go through the stack with GCC; see column() below.)
template <int W, int CP, int first, class CV, int... I>
__attribute__((always_inline)) inline typename VecTraits<W>::F spreadFrames(CV c, LaneSeq<I...>)
{
    using V [[maybe_unused]] = typename VecTraits<W>::F;
#if defined(__AVX512F__)
    if constexpr (W == 16) {
        const typename VecTraits<16>::I index = { (first + I / CP)... };
        if constexpr (sizeof(CV) == 32) return (V)_mm512_permutexvar_ps((__m512i)index, _mm512_castps256_ps512((__m256)c));
        else return (V)_mm512_permutexvar_ps((__m512i)index, _mm512_castps128_ps512((__m128)c));
    }
#endif
#if defined(__AVX2__)
    if constexpr (W == 8) {
        const typename VecTraits<8>::I index = { (first + I / CP)... };
        return (V)_mm256_permutevar8x32_ps(_mm256_castps128_ps256((__m128)c), (__m256i)index);
    }
#endif
    return __builtin_shufflevector(c, c, (first + I / CP)...);
}

// The generic shuffle widens through the stack (a 16-byte store then a 64-byte load: a
// store-forwarding stall of ~20 cycles per column, measured as a 2x slowdown on AVX-512), so
// the ISA's broadcast-from-memory instructions build the columns.
template <int W, int CP>
__attribute__((always_inline)) inline typename VecTraits<W>::F column(const float* p)
{
    using V [[maybe_unused]] = typename VecTraits<W>::F;
    if constexpr (CP == 2) {
        double pair;  // two floats, broadcast as one 64-bit element
        __builtin_memcpy(&pair, p, sizeof pair);
#if defined(__AVX512F__)
        if constexpr (W == 16) return (V)_mm512_set1_pd(pair);
#endif
#if defined(__AVX__)
        if constexpr (W == 8) return (V)_mm256_set1_pd(pair);
#endif
    }
#if defined(__AVX512F__)
    if constexpr (W == 16 && CP == 4) return (V)_mm512_broadcast_f32x4(_mm_loadu_ps(p));
    if constexpr (W == 16 && CP == 8) return (V)_mm512_broadcast_f32x8(_mm256_loadu_ps(p));
#endif
#if defined(__AVX__)
    if constexpr (W == 8 && CP == 4) return (V)_mm256_broadcast_ps(reinterpret_cast<const __m128*>(p));
#endif
    if constexpr (CP >= 4) return repeatColumn<W, CP>(vload<typename VecTraits<CP>::F>(p), typename MakeLaneSeq<W>::type {});
}

// The kernel sizes the grouped loop takes (longer kernels go to the tile kernel).
constexpr int kMaxTaps = 16;

// Weight column `index` of a packed array (CP floats each) repeated for every frame of a group.
// Read from the packed view where it is used: a broadcast from memory costs a load, no
// arithmetic, so there is nothing to gain from a per-call copy of the repeated columns (which
// cost ~20 stores and a branchy build per layer call, measured 5% of a 64-frame call).
template <int W, int CP>
__attribute__((always_inline)) inline typename VecTraits<W>::F columnAt(const float* packed, int index)
{
    return column<W, CP>(packed + static_cast<long>(index) * CP);
}

// The conv products of input channels [i, C) at one tap (w = the tap's C x Z columns, input
// channel major), added to acc (and odd) exactly as the tile kernel adds them.
template <int W, int CP, int C, int i, bool GATED>
__attribute__((always_inline)) inline void convTap(const typename VecTraits<W>::F& x,
                                                   const typename VecTraits<W>::F (&w)[C][GATED ? 2 : 1],
                                                   typename VecTraits<W>::F (&acc)[2], typename VecTraits<W>::F (&odd)[2])
{
    if constexpr (i < C) {
        using Lanes = typename MakeLaneSeq<W>::type;
        const auto xi = spreadChannel<CP, i>(x, Lanes {});
        constexpr int Z = GATED ? 2 : 1;
        if constexpr (i + 1 < C) {
            const auto xo = spreadChannel<CP, i + 1>(x, Lanes {});
            for (int z = 0; z < Z; ++z) {
                acc[z] += w[i][z] * xi;
                odd[z] += w[i + 1][z] * xo;
            }
            convTap<W, CP, C, i + 2, GATED>(x, w, acc, odd);
        } else {
            for (int z = 0; z < Z; ++z) acc[z] += w[i][z] * xi;
        }
    }
}

template <int W, int CP, int C, int i>
__attribute__((always_inline)) inline void residualTerms(const typename VecTraits<W>::F& a,
                                                         const typename VecTraits<W>::F (&w)[C],
                                                         typename VecTraits<W>::F& r)
{
    if constexpr (i < C) {
        r += w[i] * spreadChannel<CP, i>(a, typename MakeLaneSeq<W>::type {});
        residualTerms<W, CP, C, i + 1>(a, w, r);
    }
}

// The same terms split as the tile kernel splits them for 8-lane layers: x + ((rb + even input
// channels) + odd ones).
template <int W, int CP, int C, int i>
__attribute__((always_inline)) inline void residualPairs(const typename VecTraits<W>::F& a,
                                                         const typename VecTraits<W>::F (&w)[C],
                                                         typename VecTraits<W>::F& even, typename VecTraits<W>::F& odd)
{
    if constexpr (i < C) {
        using Lanes = typename MakeLaneSeq<W>::type;
        even += w[i] * spreadChannel<CP, i>(a, Lanes {});
        if constexpr (i + 1 < C) odd += w[i + 1] * spreadChannel<CP, i + 1>(a, Lanes {});
        residualPairs<W, CP, C, i + 2>(a, w, even, odd);
    }
}

// NG groups of G frames, the first at frame t, group g at t + g * G; cv[g] is group g's
// condition samples spread over its frames' lanes. The groups are independent and each step is
// written for all of them in turn, so NG activation chains are in flight at once: one group
// alone is a ~90-cycle chain of conv FMAs, tanh and residual FMAs, and the kernel is bound by
// that latency, not by its instruction count. 8 groups per step against 4, at 64 frames per
// call: AVX-512 7 % (4 channels) and 15 % (2 channels) faster, 20 % at 256 frames; AVX2 4
// channels (2-frame groups) 24 %, 2 channels 3 %. 16 groups spill registers and are slower.
template <int W, int CP, int C, bool GATED, int ACT, int NG>
__attribute__((always_inline)) inline void groups(const LayerView& p, const LayerIO& io, int t,
                                                  const typename VecTraits<W>::F (&cv)[NG])
{
    using V [[maybe_unused]] = typename VecTraits<W>::F;
    constexpr int G = W / CP, Z = GATED ? 2 : 1;
    const int K = p.kernelSize, d = p.dilation;

    V acc[NG][2], odd[NG][2], x[NG];
    const bool mix = p.hasMixin && io.cond;
    {
        V bias[Z], mixin[Z];
        for (int z = 0; z < Z; ++z) {
            bias[z] = columnAt<W, CP>(p.convBias, z);
            mixin[z] = mix && p.mixin ? columnAt<W, CP>(p.mixin, z) : V {};
        }
#pragma GCC unroll 8
        for (int g = 0; g < NG; ++g) {
#pragma GCC unroll 2
            for (int z = 0; z < Z; ++z) {
                acc[g][z] = mix ? bias[z] + mixin[z] * cv[g] : bias[z];
                odd[g][z] = V {};
            }
        }
    }
    for (int j = 0; j < K; ++j) {
        V w[C][Z];
        for (int i = 0; i < C; ++i)
            for (int z = 0; z < Z; ++z) w[i][z] = columnAt<W, CP>(p.conv, (j * C + i) * Z + z);
#pragma GCC unroll 8
        for (int g = 0; g < NG; ++g) {
            // The last tap reads frame t + g * G itself: the residual connection below.
            x[g] = vload<V>(io.x + static_cast<long>(t + g * G - (K - 1 - j) * d) * CP);
            convTap<W, CP, C, 0, GATED>(x[g], w, acc[g], odd[g]);
        }
    }
    V a[NG];
#pragma GCC unroll 8
    for (int g = 0; g < NG; ++g) {
#pragma GCC unroll 2
        for (int z = 0; z < Z; ++z) acc[g][z] += odd[g][z];
        a[g] = vactivate<W>(acc[g][0], ACT >= 0 ? ACT : p.activation, p.negativeSlope);
        if constexpr (GATED) a[g] *= vsigmoid<W>(acc[g][1]);
    }
    if (io.head) {
        const V headWeights = p.headWeights ? column<W, CP>(p.headWeights) : V {};
#pragma GCC unroll 8
        for (int g = 0; g < NG; ++g) {
            float* h = io.head + static_cast<long>(t + g * G) * CP;
            vstore<V>(h, p.headWeights ? vload<V>(h) + headWeights * a[g] : vload<V>(h) + a[g]);
        }
    }
    if (io.out) {
        V w[C];
        for (int i = 0; i < C; ++i) w[i] = columnAt<W, CP>(p.residual, i);
        const V residualBias = column<W, CP>(p.residualBias);
#pragma GCC unroll 8
        for (int g = 0; g < NG; ++g) {
            V r;
            if constexpr (CP >= 8) {  // the tile kernel's order for one-vector layers of 8 lanes
                V even = residualBias, odd = V {};
                residualPairs<W, CP, C, 0>(a[g], w, even, odd);
                r = x[g] + (even + odd);
            } else {
                r = x[g] + residualBias;
                residualTerms<W, CP, C, 0>(a[g], w, r);
            }
            vstore<V>(io.out + static_cast<long>(t + g * G) * CP, r);
        }
    }
}

// One frame of a 1-2 channel layer packed two lanes per frame (CP = 2): the group() arithmetic
// on a 4-lane vector whose upper two lanes are zero (loads and stores move only two floats).
template <int C, bool GATED, int ACT>
__attribute__((always_inline)) inline void narrowFrame(const LayerView& p, const LayerIO& io, int t)
{
    using V = typename VecTraits<4>::F;
    constexpr int CP = 2, ZP = GATED ? 2 * CP : CP;
    // movq: a memcpy into a zeroed vector went through the stack (a store-forwarding stall).
    auto load2 = [](const float* q) { return (V)_mm_castsi128_ps(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(q))); };
    auto store2 = [](float* q, V v) { _mm_storel_epi64(reinterpret_cast<__m128i*>(q), _mm_castps_si128((__m128)v)); };
    const int K = p.kernelSize, d = p.dilation;
    V acc[2], odd[2] = { V {}, V {} };
    const bool mix = p.hasMixin && io.cond;
#pragma GCC unroll 2
    for (int z = 0; z < (GATED ? 2 : 1); ++z)
        acc[z] = mix ? load2(p.convBias + z * CP) + load2(p.mixin + z * CP) * io.cond[t] : load2(p.convBias + z * CP);
    V x {};
    for (int j = 0; j < K; ++j) {
        const float* xj = io.x + static_cast<long>(t - (K - 1 - j) * d) * CP;
        const float* wj = p.conv + static_cast<long>(j) * C * ZP;
        x = load2(xj);
#pragma GCC unroll 2
        for (int z = 0; z < (GATED ? 2 : 1); ++z) {
            acc[z] += load2(wj + z * CP) * xj[0];
            if constexpr (C == 2) odd[z] += load2(wj + ZP + z * CP) * xj[1];
        }
    }
#pragma GCC unroll 2
    for (int z = 0; z < (GATED ? 2 : 1); ++z) acc[z] += odd[z];
    V a = vactivate<4>(acc[0], ACT >= 0 ? ACT : p.activation, p.negativeSlope);
    if constexpr (GATED) a *= vsigmoid<4>(acc[1]);
    if (io.head) {
        float* h = io.head + static_cast<long>(t) * CP;
        store2(h, p.headWeights ? load2(h) + load2(p.headWeights) * a : load2(h) + a);
    }
    if (io.out) {
        V r = x + load2(p.residualBias);
#pragma GCC unroll 2
        for (int i = 0; i < C; ++i) r += load2(p.residual + i * CP) * a[i];
        store2(io.out + static_cast<long>(t) * CP, r);
    }
}

// groups() of NG groups from frame t for as long as they fit in the block; returns the first
// frame left. Group g's condition samples are spread over its frames' lanes: from G samples
// (one per frame), or, for 2-frame groups, from one 4-sample load for two groups.
template <int W, int CP, int C, bool GATED, int ACT, int NG>
__attribute__((always_inline)) inline int groupSteps(const LayerView& p, const LayerIO& io, int t)
{
    constexpr int G = W / CP;
    using V = typename VecTraits<W>::F;
    using Lanes = typename MakeLaneSeq<W>::type;
    static_assert(G > 2 || NG % 2 == 0);
    for (; t + NG * G <= io.n; t += NG * G) {
        V cv[NG] = {};
        if (io.cond) {
            if constexpr (G == 2) {
#pragma GCC unroll 4
                for (int h = 0; h < NG / 2; ++h) {
                    const auto c = vload<typename VecTraits<4>::F>(io.cond + t + 4 * h);
                    cv[2 * h] = spreadFrames<W, CP, 0>(c, Lanes {});
                    cv[2 * h + 1] = spreadFrames<W, CP, 2>(c, Lanes {});
                }
            } else {
#pragma GCC unroll 8
                for (int g = 0; g < NG; ++g)
                    cv[g] = spreadFrames<W, CP, 0>(vload<typename VecTraits<G>::F>(io.cond + t + g * G), Lanes {});
            }
        }
        groups<W, CP, C, GATED, ACT, NG>(p, io, t, cv);
    }
    return t;
}

template <int W, int CP, int C, bool GATED, int ACT>
void groupedBlock(const LayerView& p, const LayerIO& io) noexcept
{
    static_assert(W % CP == 0 && (W / CP == 2 || W / CP == 4 || W / CP == 8) && C <= CP);
    constexpr int G = W / CP;
    int t = 0;
    if (io.n >= (G == 2 ? 4 : G) && p.kernelSize <= kMaxTaps) {
        // Steps of 8 groups (32 registers hold their accumulators; AVX2's 16 spill a few and are
        // still faster: 4 channels on AVX2 24 % at 64 frames per call), then 4, then what is
        // left (groups of 2 frames go by pairs: one load of 4 condition samples for both).
        t = groupSteps<W, CP, C, GATED, ACT, 8>(p, io, t);
        t = groupSteps<W, CP, C, GATED, ACT, 4>(p, io, t);
        t = groupSteps<W, CP, C, GATED, ACT, G == 2 ? 2 : 1>(p, io, t);
    }
    if constexpr (CP == 2) {
        for (; t < io.n; ++t) narrowFrame<C, GATED, ACT>(p, io, t);
    } else if (t < io.n) {
        const LayerIO rest { io.x + static_cast<long>(t) * CP, io.cond ? io.cond + t : nullptr,
                             io.out ? io.out + static_cast<long>(t) * CP : nullptr,
                             io.head ? io.head + static_cast<long>(t) * CP : nullptr, io.n - t };
        layerBlock<CP, 1, GATED, ACT, C>(p, rest);
    }
}

template <int W, int CP, int ACT, int C>
waveamp::kernels::LayerFn groupedGate(bool gated) noexcept
{
    return gated ? &groupedBlock<W, CP, C, true, ACT> : &groupedBlock<W, CP, C, false, ACT>;
}

template <int W, int ACT>
waveamp::kernels::LayerFn groupedChannels(int lanes, int channels, bool gated) noexcept
{
    if (lanes == 2 && W >= 8) {
        switch (channels) {
        case 1: return groupedGate<W, 2, ACT, 1>(gated);
        case 2: return groupedGate<W, 2, ACT, 2>(gated);
        default: return nullptr;
        }
    }
    // Gated layers of 5-8 channels on AVX-512: two frames per vector, so the tanh and sigmoid
    // halves each fill a 512-bit FMA (the tile kernel runs them in 256-bit vectors, frame by
    // frame); each input channel's lane shuffle feeds two FMAs. (Ungated ones: the
    // paired-input kernel, which needs no shuffles.)
    if constexpr (W >= 16) {
        if (lanes == 8 && gated) {
            switch (channels) {
            case 5: return &groupedBlock<W, 8, 5, true, ACT>;
            case 6: return &groupedBlock<W, 8, 6, true, ACT>;
            case 7: return &groupedBlock<W, 8, 7, true, ACT>;
            case 8: return &groupedBlock<W, 8, 8, true, ACT>;
            default: return nullptr;
            }
        }
    }
    if (lanes == 4 && W >= 8) {
        switch (channels) {
        case 1: return groupedGate<W, 4, ACT, 1>(gated);
        case 2: return groupedGate<W, 4, ACT, 2>(gated);
        case 3: return groupedGate<W, 4, ACT, 3>(gated);
        case 4: return groupedGate<W, 4, ACT, 4>(gated);
        default: return nullptr;
        }
    }
    return nullptr;
}

// Few channels on a wide ISA: the grouped-frames kernel, or nullptr (then the tile kernel).
template <int W>
waveamp::kernels::LayerFn groupedKernelFor(int lanes, int channels, bool gated, int activation) noexcept
{
    switch (activation) {
    case waveamp::kernels::kTanh: return groupedChannels<W, waveamp::kernels::kTanh>(lanes, channels, gated);
    case waveamp::kernels::kLeakyReLU: return groupedChannels<W, waveamp::kernels::kLeakyReLU>(lanes, channels, gated);
    default: return groupedChannels<W, -1>(lanes, channels, gated);
    }
}

} // namespace
