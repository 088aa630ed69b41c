// The AVX-512 mixing kernels (kernels/MixKernel.h: 10-16 inputs -> 8 outputs, NAM A1's 16 -> 8
// rechannel and head, on padded frames; 2 -> 1, 4 -> 2, 8 -> 4 on dense frames) against a
// double-precision sum, with bias, accumulation and odd frame counts; the output must not
// depend on how the frames are split into calls (lone frames and partial groups take other
// paths than full groups); padding rows stay untouched. Whole models that use them are checked
// against the reference NAM renders.
#include "kernels/LayerKernel.h"
#include <gtest/gtest.h>
#include <cmath>
#include <random>
#include <vector>

using namespace waveamp::kernels;

namespace {

struct Buffers {
    std::vector<float> w, b, x, y;
    int in, out, xStride, yStride;
};

// The 8-output form on padded frames (as the layer histories are); the dense forms need
// frames back to back.
Buffers make(int in, int out, int frames, std::mt19937& rng)
{
    std::uniform_real_distribution<float> u(-1.0f, 1.0f);
    const bool padded = out == 8;
    const int xStride = padded ? in + 3 : in, yStride = padded ? 11 : out;
    Buffers s { std::vector<float>(static_cast<size_t>(in * out)), std::vector<float>(static_cast<size_t>(out)),
                std::vector<float>(static_cast<size_t>(xStride * frames)), std::vector<float>(static_cast<size_t>(yStride * frames)),
                in, out, xStride, yStride };
    for (auto* v : { &s.w, &s.b, &s.x, &s.y })
        for (float& f : *v) f = u(rng);
    return s;
}

void run(MixFn fn, Buffers& s, bool bias, bool accumulate, long first, long frames)
{
    ASSERT_TRUE(mixTakesStrides(s.in, s.out, s.xStride, s.yStride));
    fn({ s.w.data(), bias ? s.b.data() : nullptr, s.x.data() + first * s.xStride, s.xStride,
         s.y.data() + first * s.yStride, s.yStride, frames, accumulate });
}

const std::pair<int, int> kShapes[] = { { 10, 8 }, { 12, 8 }, { 14, 8 }, { 16, 8 }, { 2, 1 }, { 4, 2 }, { 8, 4 } };

} // namespace

TEST(MixKernel, AvailableExactlyForTheShapesItClaims)
{
    EXPECT_EQ(mixKernel(Isa::Reference, 16, 8), nullptr);
    EXPECT_EQ(mixKernel(Isa::Avx512, 16, 4), nullptr);
    EXPECT_EQ(mixKernel(Isa::Avx512, 9, 8), nullptr);
    EXPECT_EQ(mixKernel(Isa::Avx512, 18, 8), nullptr);
    EXPECT_EQ(mixKernel(Isa::Avx512, 6, 3), nullptr);
    EXPECT_EQ(mixKernel(Isa::Avx2, 16, 8), nullptr);
    for (auto [in, out] : kShapes)
        EXPECT_EQ(mixKernel(Isa::Avx512, in, out) != nullptr, cpuSupports(Isa::Avx512)) << in << "->" << out;
    EXPECT_TRUE(mixTakesStrides(16, 8, 16, 8));
    EXPECT_TRUE(mixTakesStrides(4, 2, 4, 2));
    EXPECT_FALSE(mixTakesStrides(4, 2, 4, 4));  // a padded output: the dense form would overwrite it
    EXPECT_FALSE(mixTakesStrides(2, 1, 4, 1));
}

TEST(MixKernel, MatchesADoublePrecisionSumAndDoesNotDependOnTheSplit)
{
    if (!cpuSupports(Isa::Avx512)) GTEST_SKIP() << "no AVX-512 on this CPU: the kernel does not exist here";
    std::mt19937 rng(17);
    int checked = 0;
    for (auto [in, out] : kShapes)
        for (bool bias : { false, true })
            for (bool accumulate : { false, true })
                for (int frames : { 1, 3, 8, 9, 64, 257 }) {
                    const MixFn fn = mixKernel(Isa::Avx512, in, out);
                    Buffers s = make(in, out, frames, rng);
                    const std::vector<float> y0 = s.y;
                    run(fn, s, bias, accumulate, 0, frames);
                    for (int t = 0; t < frames; ++t)
                        for (int o = 0; o < s.yStride; ++o) {
                            const size_t at = static_cast<size_t>(t * s.yStride + o);
                            if (o >= out) {
                                EXPECT_EQ(s.y[at], y0[at]) << "padding row written";
                                continue;
                            }
                            double expected = (accumulate ? y0[at] : 0.0) + (bias ? s.b[static_cast<size_t>(o)] : 0.0);
                            double magnitude = std::fabs(expected);
                            for (int i = 0; i < in; ++i) {
                                const double term = double(s.w[static_cast<size_t>(i * out + o)]) * s.x[static_cast<size_t>(t * s.xStride + i)];
                                expected += term;
                                magnitude += std::fabs(term);
                            }
                            EXPECT_NEAR(s.y[at], expected, 1e-6 * magnitude + 1e-7) << in << "->" << out << ", t=" << t << " o=" << o;
                            ++checked;
                        }
                    // The same frames in uneven calls (groups of eight and lone frames mixed).
                    Buffers pieces = s;
                    pieces.y = y0;
                    for (long first = 0, step = 1; first < frames; first += step, step = step % 13 + 5)
                        run(fn, pieces, bias, accumulate, first, std::min<long>(step, frames - first));
                    EXPECT_EQ(pieces.y, s.y) << in << "->" << out << ", " << frames << " frames";
                }
    EXPECT_EQ(checked, (4 * 8 + 1 + 2 + 4) * 2 * 2 * (1 + 3 + 8 + 9 + 64 + 257));
}
