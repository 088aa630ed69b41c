#pragma once
// The LSTM step of RecurrentKernel.h for one ISA: included by RecurrentKernel_<isa>.cpp inside
// `namespace waveamp::kernels::<isa>` with WAVEAMP_LANES set to the vector width used.
// U h is a column sweep with h[j] broadcast and four independent accumulator chains; the
// gate nonlinearities are VectorMath.h's (tanh |error| <= 3.2e-7, sigmoid <= 1e-7).
#include "VectorMath.h"

bool lstmStep(const float* recurrent, int hidden, int padded, float* gates, float* h, float* c) noexcept
{
    constexpr int L = WAVEAMP_LANES;
    using V = typename VecTraits<L>::F;
    using I = typename VecTraits<L>::I;
    const int rows = 4 * padded;
    int v = 0;
    for (; v + 4 * L <= rows; v += 4 * L) {
        V a0 = vload<V>(gates + v), a1 = vload<V>(gates + v + L), a2 = vload<V>(gates + v + 2 * L),
          a3 = vload<V>(gates + v + 3 * L);
        const float* col = recurrent + v;
        for (int j = 0; j < hidden; ++j, col += rows) {
            const V hj = vset<V>(h[j]);
            a0 += vload<V>(col) * hj;
            a1 += vload<V>(col + L) * hj;
            a2 += vload<V>(col + 2 * L) * hj;
            a3 += vload<V>(col + 3 * L) * hj;
        }
        vstore<V>(gates + v, a0);
        vstore<V>(gates + v + L, a1);
        vstore<V>(gates + v + 2 * L, a2);
        vstore<V>(gates + v + 3 * L, a3);
    }
    for (; v < rows; v += L) {
        V a = vload<V>(gates + v);
        const float* col = recurrent + v;
        for (int j = 0; j < hidden; ++j, col += rows) a += vload<V>(col) * vset<V>(h[j]);
        vstore<V>(gates + v, a);
    }
    I changed = {};
    for (int k = 0; k < padded; k += L) {
        const V i = vsigmoid<L>(vload<V>(gates + k));
        const V f = vsigmoid<L>(vload<V>(gates + padded + k));
        const V o = vsigmoid<L>(vload<V>(gates + 2 * padded + k));
        const V g = vtanh<L>(vload<V>(gates + 3 * padded + k));
        const V cOld = vload<V>(c + k), hOld = vload<V>(h + k);
        const V cNew = f * cOld + i * g;
        const V hNew = o * vtanh<L>(cNew);
        changed |= (cNew != cOld) | (hNew != hOld);
        vstore<V>(c + k, cNew);
        vstore<V>(h + k, hNew);
    }
    for (int lane = 0; lane < L; ++lane)
        if (changed[lane]) return true;
    return false;
}
