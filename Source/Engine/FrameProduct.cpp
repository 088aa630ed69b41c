#include "FrameProduct.h"

namespace waveamp {
namespace {

// With several taps, a narrow output (a head's single channel) would make each frame one
// serial chain of taps * In additions. One partial sum per (input, output) pair gives In
// independent chains instead, which matters at block size 1, where a frame's latency is the cost.
template <int In, int Out>
constexpr bool kPartialSums = In * Out <= 16 && In > 1;

template <int In, int Out, bool OneTap>
void run(const FrameProductArgs& a) noexcept
{
    float b[Out];
    for (int o = 0; o < Out; ++o) b[o] = a.bias ? a.bias[o] : 0.0f;
    const int taps = OneTap ? 1 : a.taps;
    const float* __restrict w = a.weights;
    const float* x = a.x;
    float* __restrict y = a.y;
    for (Eigen::Index t = 0; t < a.frames; ++t, x += a.xStride, y += a.yStride) {
        float s[Out];
        for (int o = 0; o < Out; ++o) s[o] = (a.accumulate ? y[o] : 0.0f) + b[o];
        if constexpr (!OneTap && kPartialSums<In, Out>) {
            float p[In][Out] = {};
            for (int j = 0; j < taps; ++j) {
                const float* __restrict xj = x - static_cast<Eigen::Index>(taps - 1 - j) * a.tapStride;
                const float* wj = w + j * In * Out;
                for (int i = 0; i < In; ++i)
                    for (int o = 0; o < Out; ++o) p[i][o] += wj[i * Out + o] * xj[i];
            }
            for (int o = 0; o < Out; ++o) {
                float sum = 0.0f;
                for (int i = 0; i < In; ++i) sum += p[i][o];
                s[o] += sum;
            }
        } else {
            for (int j = 0; j < taps; ++j) {
                const float* __restrict xj = x - static_cast<Eigen::Index>(taps - 1 - j) * a.tapStride;
                const float* wj = w + j * In * Out;
                for (int i = 0; i < In; ++i)
                    for (int o = 0; o < Out; ++o) s[o] += wj[i * Out + o] * xj[i];
            }
        }
        for (int o = 0; o < Out; ++o) y[o] = s[o];
    }
}

template <int In, int Out>
void run(const FrameProductArgs& a) noexcept
{
    // A 1x1 (one tap) is a short chain already; its plain loop measured fastest at block 64.
    if (a.taps == 1)
        run<In, Out, true>(a);
    else
        run<In, Out, false>(a);
}

using RunFn = void (*)(const FrameProductArgs&) noexcept;

// Larger products (A1's 16 -> 8) stay with Eigen: its packed GEMM is as fast there.
constexpr int kMaxProduct = 72;

template <int In, int Out>
RunFn sized() noexcept
{
    if constexpr (In * Out > kMaxProduct || In * Out == 1)
        return nullptr;
    else
        return &run<In, Out>;
}

template <int In>
RunFn forOut(int out) noexcept
{
    switch (out) {
    case 1: return sized<In, 1>();
    case 2: return sized<In, 2>();
    case 3: return sized<In, 3>();
    case 4: return sized<In, 4>();
    case 6: return sized<In, 6>();
    case 8: return sized<In, 8>();
    case 12: return sized<In, 12>();
    case 16: return sized<In, 16>();
    default: return nullptr;
    }
}

RunFn select(int in, int out) noexcept
{
    switch (in) {
    case 1: return forOut<1>(out);
    case 2: return forOut<2>(out);
    case 3: return forOut<3>(out);
    case 4: return forOut<4>(out);
    case 6: return forOut<6>(out);
    case 8: return forOut<8>(out);
    case 12: return forOut<12>(out);
    case 16: return forOut<16>(out);
    default: return nullptr;
    }
}

} // namespace

bool frameProduct(const FrameProductArgs& a) noexcept
{
    const RunFn fn = select(a.in, a.out);
    if (!fn)
        return false;
    fn(a);
    return true;
}

} // namespace waveamp
