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

namespace {

using waveamp::kernels::LayerIO;
using waveamp::kernels::LayerView;

// Frames per tile: a power of two (so common block sizes leave no remainder) whose
// accumulators fit in about half the vector registers.
constexpr int framesPerTile(int accumulatorsPerFrame)
{
    int f = 1;
    while (f < 8 && 2 * f * accumulatorsPerFrame <= WAVEAMP_VREGS / 2) f *= 2;
    return f;
}

// ACT >= 0 fixes the activation at compile time (no switch in the tile); ACT = -1 reads it
// from the layer.
template <int L, int ACT>
__attribute__((always_inline)) inline typename VecTraits<L>::F activate(typename VecTraits<L>::F x, const LayerView& p)
{
    return vactivate<L>(x, ACT >= 0 ? ACT : p.activation, p.negativeSlope);
}

template <int L, int NC, bool GATED, int ACT, int F>
inline void tile(const LayerView& p, const LayerIO& io, int t0)
{
    using V = typename VecTraits<L>::F;
    constexpr int NZ = GATED ? 2 * NC : NC;
    constexpr int CP = NC * L;
    constexpr int ZP = NZ * L;
    const int C = p.channels, K = p.kernelSize, d = p.dilation;

    V acc[NZ][F];
    for (int z = 0; z < NZ; ++z) {
        const V b = vload<V>(p.convBias + z * L);
        if (p.hasMixin && io.cond) {
            const V m = vload<V>(p.mixin + z * L);
            for (int f = 0; f < F; ++f) acc[z][f] = b + m * io.cond[t0 + f];
        } else {
            for (int f = 0; f < F; ++f) acc[z][f] = b;
        }
    }
    for (int j = 0; j < K; ++j) {
        const float* xj = io.x + static_cast<long>(t0 - (K - 1 - j) * d) * CP;
        const float* wj = p.conv + static_cast<long>(j) * C * ZP;
        for (int i = 0; i < C; ++i) {
            V w[NZ];
            for (int z = 0; z < NZ; ++z) w[z] = vload<V>(wj + i * ZP + z * L);
            for (int f = 0; f < F; ++f) {
                const float s = xj[f * CP + i];
                for (int z = 0; z < NZ; ++z) acc[z][f] += w[z] * s;
            }
        }
    }

    V a[NC][F];
    for (int c = 0; c < NC; ++c)
        for (int f = 0; f < F; ++f) {
            a[c][f] = activate<L, ACT>(acc[c][f], p);
            if (GATED) a[c][f] *= vsigmoid<L>(acc[NC + c][f]);
        }

    if (io.head) {
        for (int c = 0; c < NC; ++c) {
            const V hw = p.headWeights ? vload<V>(p.headWeights + c * L) : vset<V>(1.0f);
            for (int f = 0; f < F; ++f) {
                float* h = io.head + static_cast<long>(t0 + f) * CP + c * L;
                vstore<V>(h, p.headWeights ? vload<V>(h) + hw * a[c][f] : vload<V>(h) + a[c][f]);
            }
        }
    }

    if (io.out) {
        float at[F][CP];
        for (int c = 0; c < NC; ++c)
            for (int f = 0; f < F; ++f) vstore<V>(&at[f][c * L], a[c][f]);
        V r[NC][F];
        const float* x0 = io.x + static_cast<long>(t0) * CP;
        for (int c = 0; c < NC; ++c) {
            const V rb = vload<V>(p.residualBias + c * L);
            for (int f = 0; f < F; ++f) r[c][f] = vload<V>(x0 + f * CP + c * L) + rb;
        }
        for (int i = 0; i < C; ++i) {
            V w[NC];
            for (int c = 0; c < NC; ++c) w[c] = vload<V>(p.residual + i * CP + c * L);
            for (int f = 0; f < F; ++f) {
                const float s = at[f][i];
                for (int c = 0; c < NC; ++c) r[c][f] += w[c] * s;
            }
        }
        for (int c = 0; c < NC; ++c)
            for (int f = 0; f < F; ++f) vstore<V>(io.out + static_cast<long>(t0 + f) * CP + c * L, r[c][f]);
    }
}

template <int L, int NC, bool GATED, int ACT>
void layerBlock(const LayerView& p, const LayerIO& io) noexcept
{
    constexpr int F = framesPerTile(GATED ? 2 * NC : NC);
    int t = 0;
    for (; t + F <= io.n; t += F) tile<L, NC, GATED, ACT, F>(p, io, t);
    // The remainder in halving tiles, so block sizes that are not multiples of F stay fast.
    if (F >= 8 && t + 4 <= io.n) { tile<L, NC, GATED, ACT, (F >= 8 ? 4 : 1)>(p, io, t); t += 4; }
    if (F >= 4 && t + 2 <= io.n) { tile<L, NC, GATED, ACT, (F >= 4 ? 2 : 1)>(p, io, t); t += 2; }
    for (; t < io.n; ++t) tile<L, NC, GATED, ACT, 1>(p, io, t);
}

template <int L, int NC, int ACT>
waveamp::kernels::LayerFn pickGate(bool gated) noexcept
{
    return gated ? &layerBlock<L, NC, true, ACT> : &layerBlock<L, NC, false, ACT>;
}

template <int L, int ACT>
waveamp::kernels::LayerFn pickChannels(int channels, bool gated) noexcept
{
    switch ((channels + L - 1) / L) {
    case 1: return pickGate<L, 1, ACT>(gated);
    case 2: return pickGate<L, 2, ACT>(gated);
    case 3: return pickGate<L, 3, ACT>(gated);
    case 4: return pickGate<L, 4, ACT>(gated);
    default: return nullptr;
    }
}

// Tanh (NAM, WaveNetVA gated) gets its own instantiation; other activations share one.
template <int L>
waveamp::kernels::LayerFn kernelFor(int channels, bool gated, int activation) noexcept
{
    return activation == waveamp::kernels::kTanh ? pickChannels<L, waveamp::kernels::kTanh>(channels, gated)
                                                 : pickChannels<L, -1>(channels, gated);
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

// Register-resident FMA chains: the core's peak for this ISA's widest vectors.
template <int L>
double fmaLoop(long iterations) noexcept
{
    using V = typename VecTraits<L>::F;
    constexpr int kChains = WAVEAMP_VREGS * 3 / 4;
    V acc[kChains];
    for (int c = 0; c < kChains; ++c) acc[c] = vset<V>(0.001f * static_cast<float>(c));
    const V m = vset<V>(0.999999f), b = vset<V>(1e-7f);
    for (long it = 0; it < iterations; ++it) {
        for (int c = 0; c < kChains; ++c) acc[c] = acc[c] * m + b;
        __asm__ volatile("" : "+x"(acc[0]));  // keep the loop from being collapsed
    }
    V sum = acc[0];
    for (int c = 1; c < kChains; ++c) sum += acc[c];
    float lanes[L];
    vstore<V>(lanes, sum);
    double total = 0;
    for (int l = 0; l < L; ++l) total += lanes[l];
    return total;
}

} // namespace
