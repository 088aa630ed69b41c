#pragma once
// Portable SIMD via GCC vector extensions: the same source becomes SSE2, AVX2 or AVX-512 code
// depending on the flags of the translation unit that includes it. Included ONLY inside the
// per-ISA namespace of a LayerKernel_<isa>.cpp file (everything here has internal linkage).
//
// Approximations (measured by tests/KernelTest.cpp over [-20, 20] against std::tanh / exp; SiLU
// is x times vsigmoid):
//   vtanh:  x P(x^2) / Q(x^2), degree-4 P and Q fitted by tools/fit_tanh_rational.py, x
//           clamped to +-8.3: absolute error <= 3.2e-7 (float32 rounding; the fit is 1e-8).
//   vsigmoid: (1 + vtanh(x / 2)) / 2: absolute error <= 1.9e-7.

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

template <int L> __attribute__((always_inline)) inline typename VecTraits<L>::F vabs(typename VecTraits<L>::F x)
{
    using I = typename VecTraits<L>::I;
    return bitcast<typename VecTraits<L>::F>(bitcast<I>(x) & 0x7fffffff);
}

// x clamped to +-8.3, NaN kept. MINPS(a, b) is "a < b ? a : b", so min(hi, x) is exactly
// "x > hi ? hi : x" (NaN compares false and passes through); GCC compiles the conditional
// form of vector extensions to a compare and a blend, two instructions per bound.
template <int L> __attribute__((always_inline)) inline typename VecTraits<L>::F clampTanhInput(typename VecTraits<L>::F x)
{
    using F = typename VecTraits<L>::F;
    const F hi = vset<F>(8.3f), lo = vset<F>(-8.3f);
#if defined(__AVX512F__)
    if constexpr (L == 16) return (F)_mm512_max_ps((__m512)lo, _mm512_min_ps((__m512)hi, (__m512)x));
#endif
#if defined(__AVX__)
    if constexpr (L == 8) return (F)_mm256_max_ps((__m256)lo, _mm256_min_ps((__m256)hi, (__m256)x));
#endif
    if constexpr (L == 4) return (F)_mm_max_ps((__m128)lo, _mm_min_ps((__m128)hi, (__m128)x));
    x = x > hi ? hi : x;
    return x < lo ? lo : x;
}

// min(kTanhSquareLimit, t), NaN kept (see clampTanhInput): x * x clamped like x, bit for bit
// (rounding is monotonic: |x| <= 8.3 gives x * x <= fl(8.3 * 8.3)), without waiting for the
// clamp of x, which runs beside it.
constexpr float kTanhSquareLimit = 8.3f * 8.3f;
template <int L> __attribute__((always_inline)) inline typename VecTraits<L>::F clampTanhSquare(typename VecTraits<L>::F t)
{
    using F = typename VecTraits<L>::F;
    const F hi = vset<F>(kTanhSquareLimit);
#if defined(__AVX512F__)
    if constexpr (L == 16) return (F)_mm512_min_ps((__m512)hi, (__m512)t);
#endif
#if defined(__AVX__)
    if constexpr (L == 8) return (F)_mm256_min_ps((__m256)hi, (__m256)t);
#endif
    if constexpr (L == 4) return (F)_mm_min_ps((__m128)hi, (__m128)t);
    return t > hi ? hi : t;
}

// A rational function rather than exp: 13 vector operations and a division instead of 20 and
// a division (tanh is most of a 16-channel layer's work besides its FMAs), and half the latency
// on the block-size-1 chain through every layer: P and Q side by side, each three FMAs deep
// (Estrin's scheme). x and x * x are clamped side by side: one operation more than squaring
// the clamped x, and two cycles less on that chain. Odd and exactly x near 0 (P(0) = Q(0) = 1);
// NaN stays NaN.
template <int L> __attribute__((always_inline)) inline typename VecTraits<L>::F vtanh(typename VecTraits<L>::F x)
{
    using F = typename VecTraits<L>::F;
    const F t = clampTanhSquare<L>(x * x), t2 = t * t, t4 = t2 * t2;  // = clamped x squared
    x = clampTanhInput<L>(x);
    const F p = t4 * 1.4647633e-08f + (t2 * (t * 2.1508124e-05f + 0.00354915f) + (t * 0.13425855f + 1.0f));
    const F q = t4 * 8.294876e-07f + (t2 * (t * 0.00033739166f + 0.02607988f) + (t * 0.4675918f + 1.0f));
    return x * p / q;
}

// sigmoid(x) = (1 + tanh(x / 2)) / 2: the rational tanh's speed and latency (gated WaveNets
// wait on both activations at block size 1) for an absolute error of half of its.
template <int L> __attribute__((always_inline)) inline typename VecTraits<L>::F vsigmoid(typename VecTraits<L>::F x)
{
    return vtanh<L>(x * 0.5f) * 0.5f + 0.5f;
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
