// The AVX-512 mixing kernel (kernels/MixKernel.h: 10-16 inputs -> 8 outputs, NAM A1's 16 -> 8
// rechannel and head) against a double-precision sum, with padded frame strides, bias,
// accumulation and odd frame counts; its output must not depend on how the frames are split
// into calls (a lone frame takes another path than frames in groups of eight); padding rows
// stay untouched. Whole models that use it are checked against the reference NAM renders.
#include "kernels/LayerKernel.h"
#include <gtest/gtest.h>
#include <cmath>
#include <random>
#include <vector>

using namespace waveamp::kernels;

namespace {

constexpr int kOut = 8, kYStride = 11;  // padded output frames, as a history buffer's

struct Buffers {
    std::vector<float> w, b, x, y;
    int in, xStride;
};

Buffers make(int in, int frames, std::mt19937& rng)
{
    std::uniform_real_distribution<float> u(-1.0f, 1.0f);
    Buffers s { std::vector<float>(static_cast<size_t>(in * kOut)), std::vector<float>(kOut),
                std::vector<float>(static_cast<size_t>((in + 3) * frames)), std::vector<float>(static_cast<size_t>(kYStride * frames)),
                in, in + 3 };
    for (auto* v : { &s.w, &s.b, &s.x, &s.y })
        for (float& f : *v) f = u(rng);
    return s;
}

void run(MixFn fn, Buffers& s, bool bias, bool accumulate, long first, long frames)
{
    fn({ s.w.data(), bias ? s.b.data() : nullptr, s.x.data() + first * s.xStride, s.xStride,
         s.y.data() + first * kYStride, kYStride, frames, accumulate });
}

} // namespace

TEST(MixKernel, AvailableExactlyForTheShapesItClaims)
{
    EXPECT_EQ(mixKernel(Isa::Reference, 16, 8), nullptr);
    EXPECT_EQ(mixKernel(Isa::Avx512, 16, 4), nullptr);
    EXPECT_EQ(mixKernel(Isa::Avx512, 9, 8), nullptr);
    EXPECT_EQ(mixKernel(Isa::Avx512, 18, 8), nullptr);
    EXPECT_EQ(mixKernel(Isa::Avx2, 16, 8), nullptr);
    for (int in : { 10, 12, 14, 16 })
        EXPECT_EQ(mixKernel(Isa::Avx512, in, 8) != nullptr, cpuSupports(Isa::Avx512)) << in;
}

TEST(MixKernel, MatchesADoublePrecisionSumAndDoesNotDependOnTheSplit)
{
    if (!cpuSupports(Isa::Avx512)) GTEST_SKIP() << "no AVX-512 on this CPU: the kernel does not exist here";
    std::mt19937 rng(17);
    int checked = 0;
    for (int in : { 10, 12, 14, 16 })
        for (bool bias : { false, true })
            for (bool accumulate : { false, true })
                for (int frames : { 1, 3, 8, 9, 64, 257 }) {
                    const MixFn fn = mixKernel(Isa::Avx512, in, kOut);
                    Buffers s = make(in, frames, rng);
                    const std::vector<float> y0 = s.y;
                    run(fn, s, bias, accumulate, 0, frames);
                    for (int t = 0; t < frames; ++t)
                        for (int o = 0; o < kYStride; ++o) {
                            const size_t at = static_cast<size_t>(t * kYStride + o);
                            if (o >= kOut) {
                                EXPECT_EQ(s.y[at], y0[at]) << "padding row written";
                                continue;
                            }
                            double expected = (accumulate ? y0[at] : 0.0) + (bias ? s.b[static_cast<size_t>(o)] : 0.0);
                            double magnitude = std::fabs(expected);
                            for (int i = 0; i < in; ++i) {
                                const double term = double(s.w[static_cast<size_t>(i * kOut + o)]) * s.x[static_cast<size_t>(t * s.xStride + i)];
                                expected += term;
                                magnitude += std::fabs(term);
                            }
                            EXPECT_NEAR(s.y[at], expected, 1e-6 * magnitude + 1e-7) << in << " inputs, t=" << t << " o=" << o;
                            ++checked;
                        }
                    // The same frames in uneven calls (groups of eight and lone frames mixed).
                    Buffers pieces = s;
                    pieces.y = y0;
                    for (long first = 0, step = 1; first < frames; first += step, step = step % 13 + 5)
                        run(fn, pieces, bias, accumulate, first, std::min<long>(step, frames - first));
                    EXPECT_EQ(pieces.y, s.y) << in << " inputs, " << frames << " frames";
                }
    EXPECT_EQ(checked, 4 * 2 * 2 * (1 + 3 + 8 + 9 + 64 + 257) * kOut);
}
