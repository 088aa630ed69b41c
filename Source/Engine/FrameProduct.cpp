#include "FrameProduct.h"

namespace waveamp {
namespace {

template <int In, int Out>
void run(const FrameProductArgs& a) noexcept
{
    float w[In][Out];
    float b[Out];
    for (int i = 0; i < In; ++i)
        for (int o = 0; o < Out; ++o) w[i][o] = a.weights[i * Out + o];
    for (int o = 0; o < Out; ++o) b[o] = a.bias ? a.bias[o] : 0.0f;
    const float* __restrict x = a.x;
    float* __restrict y = a.y;
    for (Eigen::Index t = 0; t < a.frames; ++t, x += a.xStride, y += a.yStride) {
        float s[Out];
        for (int o = 0; o < Out; ++o) s[o] = (a.accumulate ? y[o] : 0.0f) + b[o];
        for (int i = 0; i < In; ++i)
            for (int o = 0; o < Out; ++o) s[o] += w[i][o] * x[i];
        for (int o = 0; o < Out; ++o) y[o] = s[o];
    }
}

using RunFn = void (*)(const FrameProductArgs&) noexcept;

template <int In>
RunFn forOut(int out) noexcept
{
    switch (out) {
    case 1: return In == 1 ? nullptr : &run<In, 1>;
    case 2: return &run<In, 2>;
    case 4: return &run<In, 4>;
    case 8: return &run<In, 8>;
    default: return nullptr;
    }
}

RunFn select(int in, int out) noexcept
{
    switch (in) {
    case 1: return forOut<1>(out);
    case 2: return forOut<2>(out);
    case 4: return forOut<4>(out);
    case 8: return forOut<8>(out);
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
