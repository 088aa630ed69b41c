#pragma once
// Portable SIMD via GCC vector extensions: the same source becomes SSE2, AVX2 or AVX-512 code
// depending on the flags of the translation unit that includes it. Included ONLY inside the
// per-ISA namespace of a LayerKernel_<isa>.cpp file (everything here has internal linkage).
//
// Approximations (measured by tests/KernelTest.cpp over [-20, 20] against std::tanh / exp):
//   vexpNegScaled: Cody-Waite range reduction + degree-7 Taylor polynomial on |r| <= ln2/2
//                    (Estrin's scheme),
//                    relative error <= 2e-7 for x in [-87, 0].
//   vtanh:  (1 - e) / (1 + e) with e = exp(-2|x|): absolute error <= 2e-7.
//   vsigmoid: 1 / (1 + exp(-|x|)), mirrored for x < 0: absolute error <= 1e-7.

namespace {

template <int L> struct VecTraits;
template <> struct VecTraits<4> {
    typedef float F __attribute__((vector_size(16)));
    typedef int I __attribute__((vector_size(16)));
};
template <> struct VecTraits<8> {
    typedef float F __attribute__((vector_size(32)));
    typedef int I __attribute__((vector_size(32)));
};
template <> struct VecTraits<16> {
    typedef float F __attribute__((vector_size(64)));
    typedef int I __attribute__((vector_size(64)));
};

template <class V> __attribute__((always_inline)) inline V vload(const float* p)
{
    V v;
    __builtin_memcpy(&v, p, sizeof(V));
    return v;
}
template <class V> __attribute__((always_inline)) inline void vstore(float* p, V v) { __builtin_memcpy(p, &v, sizeof(V)); }
template <class V> __attribute__((always_inline)) inline V vset(float s) { return V{} + s; }

template <class To, class From> __attribute__((always_inline)) inline To bitcast(From v)
{
    To t;
    __builtin_memcpy(&t, &v, sizeof(To));
    return t;
}

// exp(S * a) for a >= 0 and S = -1 or -2. S * a is exact (a power of two), so this is bit for
// bit exp(x) at x = S * a; the scaling is folded into the constants, off the dependency chain
// (block size 1 waits on every activation's latency).
template <int L, int S> __attribute__((always_inline)) inline typename VecTraits<L>::F vexpNegScaled(typename VecTraits<L>::F a)
{
    static_assert(S == -1 || S == -2);
    using F = typename VecTraits<L>::F;
    using I = typename VecTraits<L>::I;
    const F hi = vset<F>(-87.0f / S);  // x >= -87
    a = a > hi ? hi : a;
    const F magic = vset<F>(12582912.0f);  // 1.5 * 2^23: adding it rounds to an integer
    const F n = (a * (S * 1.44269504088896341f) + magic) - magic;
    const F x = a * static_cast<float>(S);
    const F r = (x - n * 0.693359375f) - n * -2.12194440e-4f;  // ln2 split in two (Cody-Waite)
    // Estrin's scheme: three FMA latencies deep instead of Horner's seven. At small blocks a
    // WaveNet is one dependent chain through every layer's activation, so this latency is
    // most of the per-layer cost at block size 1 (two more multiplies at large blocks).
    const F r2 = r * r;
    const F p01 = r + 1.0f, p23 = r * (1.0f / 6.0f) + 0.5f;
    const F p45 = r * (1.0f / 120.0f) + (1.0f / 24.0f), p67 = r * (1.0f / 5040.0f) + (1.0f / 720.0f);
    const F p = (p01 + r2 * p23) + (r2 * r2) * (p45 + r2 * p67);
    const I e = (__builtin_convertvector(n, I) + 127) << 23;
    return p * bitcast<F>(e);
}

template <int L> __attribute__((always_inline)) inline typename VecTraits<L>::F vabs(typename VecTraits<L>::F x)
{
    using I = typename VecTraits<L>::I;
    return bitcast<typename VecTraits<L>::F>(bitcast<I>(x) & 0x7fffffff);
}

template <int L> __attribute__((always_inline)) inline typename VecTraits<L>::F vtanh(typename VecTraits<L>::F x)
{
    using F = typename VecTraits<L>::F;
    using I = typename VecTraits<L>::I;
    const F e = vexpNegScaled<L, -2>(vabs<L>(x));
    const F t = (1.0f - e) / (1.0f + e);
    const I sign = bitcast<I>(x) & static_cast<int>(0x80000000u);
    return bitcast<F>(bitcast<I>(t) | sign);
}

template <int L> __attribute__((always_inline)) inline typename VecTraits<L>::F vsigmoid(typename VecTraits<L>::F x)
{
    using F = typename VecTraits<L>::F;
    const F e = vexpNegScaled<L, -1>(vabs<L>(x));
    const F s = 1.0f / (1.0f + e);
    return x >= 0.0f ? s : e * s;
}

template <int L> __attribute__((always_inline)) inline typename VecTraits<L>::F vactivate(typename VecTraits<L>::F x, int code, float slope)
{
    using F = typename VecTraits<L>::F;
    using waveamp::kernels::ActivationCode;
    switch (code) {
    case waveamp::kernels::kTanh: return vtanh<L>(x);
    case waveamp::kernels::kSigmoid: return vsigmoid<L>(x);
    case waveamp::kernels::kReLU: return x > 0.0f ? x : F{};
    case waveamp::kernels::kLeakyReLU: return x > 0.0f ? x : x * slope;
    case waveamp::kernels::kHardtanh: {
        const F one = vset<F>(1.0f), minusOne = vset<F>(-1.0f);
        x = x > one ? one : x;
        return x < minusOne ? minusOne : x;
    }
    case waveamp::kernels::kSiLU: return x * vsigmoid<L>(x);
    case waveamp::kernels::kSoftsign: return x / (1.0f + vabs<L>(x));
    default: return x;
    }
}

} // namespace
