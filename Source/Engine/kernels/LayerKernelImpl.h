#pragma once
// One WaveNet layer over a block, written once for every ISA (see VectorMath.h). Included by
// LayerKernel_<isa>.cpp inside `namespace waveamp::kernels::<isa>` with WAVEAMP_VREGS set to
// the ISA's number of vector registers.
//
// Mapping: output channels live in vector lanes (NC vectors of L lanes for C channels), and F
// frames are computed together so every weight vector loaded is used F times, with the
// input sample broadcast from memory: one packed product for all K taps of the conv, with bias,
// input mixin, activation and gate fused, then the residual 1x1 and the head accumulation.

#include "VectorMath.h"

#ifndef WAVEAMP_MAX_TILE
#define WAVEAMP_MAX_TILE 8  // most frames computed together per weight load
#endif

namespace {

using waveamp::kernels::LayerIO;
using waveamp::kernels::LayerView;

// Frames per tile: a power of two (so common block sizes leave no remainder) whose
// accumulators fit in about half the vector registers.
constexpr int framesPerTile(int accumulatorsPerFrame)
{
    int f = 1;
    while (f < WAVEAMP_MAX_TILE && 2 * f * accumulatorsPerFrame <= WAVEAMP_VREGS / 2 + 2) f *= 2;
    return f;
}

// ACT >= 0 fixes the activation at compile time (no switch in the tile); ACT = -1 reads it
// from the layer.
template <int L, int ACT>
__attribute__((always_inline)) inline typename VecTraits<L>::F activate(typename VecTraits<L>::F x, const LayerView& p)
{
    return vactivate<L>(x, ACT >= 0 ? ACT : p.activation, p.negativeSlope);
}

// Narrow vectors (few channels) of consecutive frames are joined into the ISA's widest vector
// for the activation, which costs the same per instruction whatever the width: a 4-channel
// layer on AVX-512 evaluates tanh for four frames at once.
template <int L> struct Join;
template <> struct Join<4> {
    using N = VecTraits<4>::F;
    using W = VecTraits<8>::F;
    static W join(N a, N b) { return __builtin_shufflevector(a, b, 0, 1, 2, 3, 4, 5, 6, 7); }
    static N low(W x) { return __builtin_shufflevector(x, x, 0, 1, 2, 3); }
    static N high(W x) { return __builtin_shufflevector(x, x, 4, 5, 6, 7); }
};
template <> struct Join<8> {
    using N = VecTraits<8>::F;
    using W = VecTraits<16>::F;
    static W join(N a, N b) { return __builtin_shufflevector(a, b, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15); }
    static N low(W x) { return __builtin_shufflevector(x, x, 0, 1, 2, 3, 4, 5, 6, 7); }
    static N high(W x) { return __builtin_shufflevector(x, x, 8, 9, 10, 11, 12, 13, 14, 15); }
};

template <int L, int ACT, int N>
__attribute__((always_inline)) inline void activateFrames(typename VecTraits<L>::F (&v)[N], const LayerView& p)
{
    if constexpr (L < WAVEAMP_WIDEST_LANES && N % 2 == 0) {
        typename VecTraits<2 * L>::F w[N / 2];
#pragma GCC unroll 16
        for (int i = 0; i < N / 2; ++i) w[i] = Join<L>::join(v[2 * i], v[2 * i + 1]);
        activateFrames<2 * L, ACT, N / 2>(w, p);
#pragma GCC unroll 16
        for (int i = 0; i < N / 2; ++i) {
            v[2 * i] = Join<L>::low(w[i]);
            v[2 * i + 1] = Join<L>::high(w[i]);
        }
    } else {
#pragma GCC unroll 16
        for (int i = 0; i < N; ++i) v[i] = activate<L, ACT>(v[i], p);
    }
}

// A tile in three phases (tile() below runs them in a row): the accumulators' start (bias and
// input mixin), the conv taps [j0, j1), and the rest (activation, gate, head, residual). The
// stack kernel runs the next layer's past taps ahead of this layer's last phase; every
// accumulator still sees its terms in the same order, so the results are the same.
template <int L, int NC, bool GATED, int F>
struct TileAccumulators {
    static constexpr int NZ = GATED ? 2 * NC : NC;
    typename VecTraits<L>::F acc[NZ][F];
    typename VecTraits<L>::F odd[NZ <= 2 ? NZ : 1][F];  // up to 2 output vectors: odd input channels
};

template <int L, int NC, bool GATED, int F>
__attribute__((always_inline)) inline void tileStart(const LayerView& p, const LayerIO& io, int t0,
                                                     TileAccumulators<L, NC, GATED, F>& state)
{
    using V = typename VecTraits<L>::F;
    constexpr int NZ = GATED ? 2 * NC : NC;
    auto& acc = state.acc;
#pragma GCC unroll 16
    for (int z = 0; z < NZ; ++z) {
        const V b = vload<V>(p.convBias + z * L);
        if (p.hasMixin && io.cond) {
            const V m = vload<V>(p.mixin + z * L);
#pragma GCC unroll 16
            for (int f = 0; f < F; ++f) acc[z][f] = b + m * io.cond[t0 + f];
        } else {
#pragma GCC unroll 16
            for (int f = 0; f < F; ++f) acc[z][f] = b;
        }
    }
    if constexpr (NZ <= 2) {
#pragma GCC unroll 16
        for (int z = 0; z < NZ; ++z)
#pragma GCC unroll 16
            for (int f = 0; f < F; ++f) state.odd[z][f] = V{};
    }
}

template <int L, int NC, bool GATED, int CC, int F>
__attribute__((always_inline)) inline void tileTaps(const LayerView& p, const LayerIO& io, int t0, int j0, int j1,
                                                    TileAccumulators<L, NC, GATED, F>& state)
{
    using V = typename VecTraits<L>::F;
    constexpr int NZ = GATED ? 2 * NC : NC;
    constexpr int CP = NC * L;
    constexpr int ZP = NZ * L;
    const int C = CC > 0 ? CC : p.channels, K = p.kernelSize, d = p.dilation;
    auto& acc = state.acc;
    if constexpr (NZ <= 2) {
        // One or two output vectors mean as many FMA chains per frame, serialised on FMA
        // latency when frames are few (block size 1: a gated 16-channel layer was two chains of
        // K * C = 48 FMAs). Split them into even and odd input channels, added at the end. The
        // order is the same for every tile size, so results still do not depend on the block
        // partition.
        auto& odd = state.odd;
        for (int j = j0; j < j1; ++j) {
            const float* xj = io.x + static_cast<long>(t0 - (K - 1 - j) * d) * CP;
            const float* wj = p.conv + static_cast<long>(j) * C * ZP;
            int i = 0;
#pragma GCC unroll 16
            for (; i + 2 <= C; i += 2) {
                V w0[NZ], w1[NZ];
#pragma GCC unroll 16
                for (int z = 0; z < NZ; ++z) {
                    w0[z] = vload<V>(wj + i * ZP + z * L);
                    w1[z] = vload<V>(wj + (i + 1) * ZP + z * L);
                }
#pragma GCC unroll 16
                for (int f = 0; f < F; ++f) {
                    const float s0 = xj[f * CP + i], s1 = xj[f * CP + i + 1];
#pragma GCC unroll 16
                    for (int z = 0; z < NZ; ++z) {
                        acc[z][f] += w0[z] * s0;
                        odd[z][f] += w1[z] * s1;
                    }
                }
            }
            if (i < C) {
#pragma GCC unroll 16
                for (int z = 0; z < NZ; ++z) {
                    const V w0 = vload<V>(wj + i * ZP + z * L);
#pragma GCC unroll 16
                    for (int f = 0; f < F; ++f) acc[z][f] += w0 * xj[f * CP + i];
                }
            }
        }
    } else {
        for (int j = j0; j < j1; ++j) {
            const float* xj = io.x + static_cast<long>(t0 - (K - 1 - j) * d) * CP;
            const float* wj = p.conv + static_cast<long>(j) * C * ZP;
#pragma GCC unroll 32
            for (int i = 0; i < C; ++i) {
                V w[NZ];
#pragma GCC unroll 16
                for (int z = 0; z < NZ; ++z) w[z] = vload<V>(wj + i * ZP + z * L);
#pragma GCC unroll 16
                for (int f = 0; f < F; ++f) {
                    const float s = xj[f * CP + i];
#pragma GCC unroll 16
                    for (int z = 0; z < NZ; ++z) acc[z][f] += w[z] * s;
                }
            }
        }
    }
}

template <int L, int NC, bool GATED, int ACT, int CC, int F>
__attribute__((always_inline)) inline void tileFinish(const LayerView& p, const LayerIO& io, int t0,
                                                      TileAccumulators<L, NC, GATED, F>& state)
{
    using V = typename VecTraits<L>::F;
    constexpr int NZ = GATED ? 2 * NC : NC;
    constexpr int CP = NC * L;
    const int C = CC > 0 ? CC : p.channels;
    auto& acc = state.acc;
    if constexpr (NZ <= 2) {
#pragma GCC unroll 16
        for (int z = 0; z < NZ; ++z)
#pragma GCC unroll 16
            for (int f = 0; f < F; ++f) acc[z][f] += state.odd[z][f];
    }

    V a[NC][F];
#pragma GCC unroll 16
    for (int c = 0; c < NC; ++c) {
#pragma GCC unroll 16
        for (int f = 0; f < F; ++f) a[c][f] = acc[c][f];
        activateFrames<L, ACT, F>(a[c], p);
        if constexpr (GATED) {
            V g[F];
#pragma GCC unroll 16
            for (int f = 0; f < F; ++f) g[f] = acc[NC + c][f];
            activateFrames<L, waveamp::kernels::kSigmoid, F>(g, p);
#pragma GCC unroll 16
            for (int f = 0; f < F; ++f) a[c][f] *= g[f];
        }
    }

    if (io.head) {
#pragma GCC unroll 16
        for (int c = 0; c < NC; ++c) {
            const V hw = p.headWeights ? vload<V>(p.headWeights + c * L) : vset<V>(1.0f);
#pragma GCC unroll 16
            for (int f = 0; f < F; ++f) {
                float* h = io.head + static_cast<long>(t0 + f) * CP + c * L;
                vstore<V>(h, p.headWeights ? vload<V>(h) + hw * a[c][f] : vload<V>(h) + a[c][f]);
            }
        }
    }

    if (io.out) {
        float at[F][CP];
#pragma GCC unroll 16
        for (int c = 0; c < NC; ++c)
#pragma GCC unroll 16
            for (int f = 0; f < F; ++f) vstore<V>(&at[f][c * L], a[c][f]);
        const float* x0 = io.x + static_cast<long>(t0) * CP;
        if constexpr (NC == 1 && L >= 8) {
            // One output vector: even and odd input channels in two chains (like the conv),
            // x added last: x + ((rb + even terms) + odd terms). The paired-input kernel sums
            // in this order too (PairedInputKernel.h).
            V r[F], odd[F];
#pragma GCC unroll 16
            for (int f = 0; f < F; ++f) {
                r[f] = vload<V>(p.residualBias);
                odd[f] = V {};
            }
            int i = 0;
#pragma GCC unroll 16
            for (; i + 2 <= C; i += 2) {
                const V w0 = vload<V>(p.residual + i * CP), w1 = vload<V>(p.residual + (i + 1) * CP);
#pragma GCC unroll 16
                for (int f = 0; f < F; ++f) {
                    r[f] += w0 * at[f][i];
                    odd[f] += w1 * at[f][i + 1];
                }
            }
            if (i < C) {
                const V w0 = vload<V>(p.residual + i * CP);
#pragma GCC unroll 16
                for (int f = 0; f < F; ++f) r[f] += w0 * at[f][i];
            }
#pragma GCC unroll 16
            for (int f = 0; f < F; ++f)
                vstore<V>(io.out + static_cast<long>(t0 + f) * CP, vload<V>(x0 + f * CP) + (r[f] + odd[f]));
            return;
        }
        V r[NC][F];
#pragma GCC unroll 16
        for (int c = 0; c < NC; ++c) {
            const V rb = vload<V>(p.residualBias + c * L);
#pragma GCC unroll 16
            for (int f = 0; f < F; ++f) r[c][f] = vload<V>(x0 + f * CP + c * L) + rb;
        }
#pragma GCC unroll 32
        for (int i = 0; i < C; ++i) {
            V w[NC];
#pragma GCC unroll 16
            for (int c = 0; c < NC; ++c) w[c] = vload<V>(p.residual + i * CP + c * L);
#pragma GCC unroll 16
            for (int f = 0; f < F; ++f) {
                const float s = at[f][i];
#pragma GCC unroll 16
                for (int c = 0; c < NC; ++c) r[c][f] += w[c] * s;
            }
        }
#pragma GCC unroll 16
        for (int c = 0; c < NC; ++c)
#pragma GCC unroll 16
            for (int f = 0; f < F; ++f) vstore<V>(io.out + static_cast<long>(t0 + f) * CP + c * L, r[c][f]);
    }
}

// CC > 0: the channel count is known at compile time (CC <= NC * L), so the loops over input
// channels have a compile-time trip count and unroll; CC = 0 reads it from the layer. Runtime
// trip counts cost about twice the instructions for few channels (measured with callgrind on
// a 2-channel layer), so every shape real models use gets its own instantiation.
template <int L, int NC, bool GATED, int ACT, int CC, int F>
inline void tile(const LayerView& p, const LayerIO& io, int t0)
{
    TileAccumulators<L, NC, GATED, F> state;
    tileStart<L, NC, GATED, F>(p, io, t0, state);
    tileTaps<L, NC, GATED, CC, F>(p, io, t0, 0, p.kernelSize, state);
    tileFinish<L, NC, GATED, ACT, CC, F>(p, io, t0, state);
}

template <int L, int NC, bool GATED, int ACT, int CC>
void layerBlock(const LayerView& p, const LayerIO& io) noexcept
{
    constexpr int NZ = GATED ? 2 * NC : NC;
    constexpr int F = framesPerTile(NZ <= 2 ? 2 * NZ : NZ);  // up to 2 output vectors: even/odd chains
    int t = 0;
    for (; t + F <= io.n; t += F) tile<L, NC, GATED, ACT, CC, F>(p, io, t);
    // The remainder in halving tiles, so block sizes that are not multiples of F stay fast.
    if (F >= 16 && t + 8 <= io.n) { tile<L, NC, GATED, ACT, CC, (F >= 16 ? 8 : 1)>(p, io, t); t += 8; }
    if (F >= 8 && t + 4 <= io.n) { tile<L, NC, GATED, ACT, CC, (F >= 8 ? 4 : 1)>(p, io, t); t += 4; }
    if (F >= 4 && t + 2 <= io.n) { tile<L, NC, GATED, ACT, CC, (F >= 4 ? 2 : 1)>(p, io, t); t += 2; }
    for (; t < io.n; ++t) tile<L, NC, GATED, ACT, CC, 1>(p, io, t);
}

// Block size 1, every layer of a stack in one call: the same tile phases (the same arithmetic,
// so the same results as layer by layer), without a call, a prologue (the tile's constants) and
// a block loop per layer, and with the next layer's past taps (history only) issued before this
// layer's current tap, activation and residual, so the core works on them while this layer's
// chain waits. Every layer of the stack has this kernel's shape.
template <int L, int NC, bool GATED, int ACT, int CC>
__attribute__((flatten)) void stackFrame(const waveamp::kernels::ArrayFrameIO& io) noexcept
{
    using State = TileAccumulators<L, NC, GATED, 1>;
    const int n = io.numLayers;
    if (n <= 0) return;
    auto past = [&](int l, State& state) {  // bias, mixin and every tap but the current one
        const LayerView& p = *io.layers[l];
        const LayerIO in { io.x[l], io.cond, nullptr, nullptr, 1 };
        tileStart<L, NC, GATED, 1>(p, in, 0, state);
        tileTaps<L, NC, GATED, CC, 1>(p, in, 0, 0, p.kernelSize - 1, state);
    };
    State current, next;
    past(0, current);
    for (int l = 0; l < n; ++l) {
        if (l + 1 < n) past(l + 1, next);  // reads frames before this one: not written below
        const LayerView& p = *io.layers[l];
        const LayerIO here { io.x[l], io.cond, l + 1 < n ? io.x[l + 1] : io.out, io.head, 1 };
        tileTaps<L, NC, GATED, CC, 1>(p, here, 0, p.kernelSize - 1, p.kernelSize, current);
        tileFinish<L, NC, GATED, ACT, CC, 1>(p, here, 0, current);
        current = next;
    }
}

// What the pickers below return: the block kernel, or the same tile as a one-frame stack.
struct BlockKernel {
    using Fn = waveamp::kernels::LayerFn;
    template <int L, int NC, bool GATED, int ACT, int CC> static Fn get() noexcept { return &layerBlock<L, NC, GATED, ACT, CC>; }
};
struct StackKernel {
    using Fn = waveamp::kernels::ArrayFrameFn;
    template <int L, int NC, bool GATED, int ACT, int CC> static Fn get() noexcept { return &stackFrame<L, NC, GATED, ACT, CC>; }
};

template <class Kind, int L, int NC, int ACT, int CC>
typename Kind::Fn pickGate(bool gated) noexcept
{
    return gated ? Kind::template get<L, NC, true, ACT, CC>() : Kind::template get<L, NC, false, ACT, CC>();
}

// Compile-time channel counts: every multiple of L up to 4 vectors, and every count below one
// vector that lanesFor() gives this width (L = 4: 1-3; 8: 5-7; 16: 9-15). Others (for example
// 20 channels in three 8-lane vectors) use the runtime count.
template <class Kind, int L, int ACT>
typename Kind::Fn pickChannels(int channels, bool gated) noexcept
{
    const int vectors = (channels + L - 1) / L;
    if (vectors < 1 || vectors > 4) return nullptr;
    if (channels == L) return pickGate<Kind, L, 1, ACT, L>(gated);
    if (channels == 2 * L) return pickGate<Kind, L, 2, ACT, 2 * L>(gated);
    if (channels == 3 * L) return pickGate<Kind, L, 3, ACT, 3 * L>(gated);
    if (channels == 4 * L) return pickGate<Kind, L, 4, ACT, 4 * L>(gated);
    if constexpr (L == 4) {
        switch (channels) {
        case 1: return pickGate<Kind, L, 1, ACT, 1>(gated);
        case 2: return pickGate<Kind, L, 1, ACT, 2>(gated);
        case 3: return pickGate<Kind, L, 1, ACT, 3>(gated);
        default: break;
        }
    } else if constexpr (L == 8) {
        switch (channels) {
        case 5: return pickGate<Kind, L, 1, ACT, 5>(gated);
        case 6: return pickGate<Kind, L, 1, ACT, 6>(gated);
        case 7: return pickGate<Kind, L, 1, ACT, 7>(gated);
        default: break;
        }
    } else {
        switch (channels) {
        case 9: return pickGate<Kind, L, 1, ACT, 9>(gated);
        case 10: return pickGate<Kind, L, 1, ACT, 10>(gated);
        case 11: return pickGate<Kind, L, 1, ACT, 11>(gated);
        case 12: return pickGate<Kind, L, 1, ACT, 12>(gated);
        case 13: return pickGate<Kind, L, 1, ACT, 13>(gated);
        case 14: return pickGate<Kind, L, 1, ACT, 14>(gated);
        case 15: return pickGate<Kind, L, 1, ACT, 15>(gated);
        default: break;
        }
    }
    switch (vectors) {
    case 1: return pickGate<Kind, L, 1, ACT, 0>(gated);
    case 2: return pickGate<Kind, L, 2, ACT, 0>(gated);
    case 3: return pickGate<Kind, L, 3, ACT, 0>(gated);
    default: return pickGate<Kind, L, 4, ACT, 0>(gated);
    }
}

// Tanh (NAM A1, WaveNetVA gated) and LeakyReLU (NAM A2) get their own instantiations; other
// activations share one that reads the activation from the layer.
template <int L, class Kind = BlockKernel>
typename Kind::Fn kernelFor(int channels, bool gated, int activation) noexcept
{
    switch (activation) {
    case waveamp::kernels::kTanh: return pickChannels<Kind, L, waveamp::kernels::kTanh>(channels, gated);
    case waveamp::kernels::kLeakyReLU: return pickChannels<Kind, L, waveamp::kernels::kLeakyReLU>(channels, gated);
    default: return pickChannels<Kind, L, -1>(channels, gated);
    }
}

template <int L>
void activationBlock(int code, float slope, float* data, int n) noexcept
{
    using V = typename VecTraits<L>::F;
    int i = 0;
    for (; i + L <= n; i += L) vstore<V>(data + i, vactivate<L>(vload<V>(data + i), code, slope));
    if (i < n) {
        float tail[L] = {};
        for (int k = 0; k < n - i; ++k) tail[k] = data[i + k];
        vstore<V>(tail, vactivate<L>(vload<V>(tail), code, slope));
        for (int k = 0; k < n - i; ++k) data[i + k] = tail[k];
    }
}

// One dependent chain y = act(w y + b): the latency of one FMA plus one activation, the least
// work between one layer's activation and the next at block size 1 (layer l + 1's
// pre-activation needs at least one product with layer l's output of the same frame). Four
// lanes: the array-frame kernel's frame vector for up to 4 channels (same latency as 8).
template <int L, int ACT>
float activationChain(long steps) noexcept
{
    using V = typename VecTraits<L>::F;
    V y = vset<V>(0.3f);
    const V w = vset<V>(0.9f), b = vset<V>(0.05f);
    for (long i = 0; i < steps; ++i) y = vactivate<L>(y * w + b, ACT, 0.01f);
    float lanes[L];
    vstore<V>(lanes, y);
    return lanes[0];
}

// Register-resident FMA chains: the core's peak for this ISA's widest vectors. Twelve
// independent chains (named locals, so they cannot live in memory) cover FMA latency x ports.
constexpr int kPeakChains = 12;

template <int L>
double fmaLoop(long iterations) noexcept
{
    using V = typename VecTraits<L>::F;
    V a0 = vset<V>(0.01f), a1 = vset<V>(0.02f), a2 = vset<V>(0.03f), a3 = vset<V>(0.04f),
      a4 = vset<V>(0.05f), a5 = vset<V>(0.06f), a6 = vset<V>(0.07f), a7 = vset<V>(0.08f),
      a8 = vset<V>(0.09f), a9 = vset<V>(0.10f), a10 = vset<V>(0.11f), a11 = vset<V>(0.12f);
    const V m = vset<V>(0.999999f), b = vset<V>(1e-7f);
    for (long it = 0; it < iterations; ++it) {
        a0 = a0 * m + b; a1 = a1 * m + b; a2 = a2 * m + b; a3 = a3 * m + b;
        a4 = a4 * m + b; a5 = a5 * m + b; a6 = a6 * m + b; a7 = a7 * m + b;
        a8 = a8 * m + b; a9 = a9 * m + b; a10 = a10 * m + b; a11 = a11 * m + b;
    }
    const V sum = ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)) + ((a8 + a9) + (a10 + a11));
    float lanes[L];
    vstore<V>(lanes, sum);
    double total = 0;
    for (int l = 0; l < L; ++l) total += lanes[l];
    return total;
}

} // namespace
