// The fixed-size channel-mixing loops (FrameProduct.h) against a double-precision sum, over
// every size they claim, with padded frame strides, bias, accumulation, odd block lengths and
// several taps (a causal conv, as A2's kernel-16 head);
// and the sizes they decline leave the output untouched. (Whole convolutions that use them are
// checked against PyTorch in Conv1dTorchTest and through every NAM model.)
#include "FrameProduct.h"
#include <gtest/gtest.h>
#include <cmath>
#include <random>
#include <vector>

using waveamp::frameProduct;
using waveamp::FrameProductArgs;

namespace {

struct Case {
    int in, out;
    bool bias, accumulate;
    int frames;
    int taps = 1, dilation = 1;
};

void check(const Case& c, std::mt19937& rng)
{
    std::uniform_real_distribution<float> u(-1.0f, 1.0f);
    const int xStride = c.in + 3, yStride = c.out + 1;  // padded frames, as the layer buffers are
    const int lookback = (c.taps - 1) * c.dilation;
    std::vector<float> w(static_cast<size_t>(c.taps * c.in * c.out)), b(static_cast<size_t>(c.out));
    std::vector<float> x(static_cast<size_t>(xStride * (lookback + c.frames))), y(static_cast<size_t>(yStride * c.frames));
    for (auto* v : { &w, &b, &x, &y })
        for (float& f : *v) f = u(rng);
    const std::vector<float> y0 = y;
    const float* x0 = x.data() + lookback * xStride;  // the block's first frame; history before it
    ASSERT_TRUE(frameProduct({ w.data(), c.bias ? b.data() : nullptr, c.in, c.out, x0, xStride, y.data(),
                               yStride, c.frames, c.accumulate, c.taps, static_cast<Eigen::Index>(c.dilation) * xStride }))
        << c.in << "->" << c.out;
    for (int t = 0; t < c.frames; ++t) {
        for (int o = 0; o < yStride; ++o) {
            const size_t at = static_cast<size_t>(t * yStride + o);
            if (o >= c.out) {
                EXPECT_EQ(y[at], y0[at]) << "padding row written, " << c.in << "->" << c.out;
                continue;
            }
            double expected = (c.accumulate ? y0[at] : 0.0) + (c.bias ? b[static_cast<size_t>(o)] : 0.0);
            double magnitude = std::fabs(expected);  // float rounding grows with the sum of |terms|
            for (int j = 0; j < c.taps; ++j) {
                const int frame = lookback + t - (c.taps - 1 - j) * c.dilation;
                for (int i = 0; i < c.in; ++i)
                {
                    const double term = static_cast<double>(w[static_cast<size_t>((j * c.in + i) * c.out + o)])
                                      * x[static_cast<size_t>(frame * xStride + i)];
                    expected += term;
                    magnitude += std::fabs(term);
                }
            }
            EXPECT_NEAR(y[at], expected, 1e-6 * magnitude + 1e-7) << c.in << "->" << c.out << " t=" << t << " o=" << o;
        }
    }
}

} // namespace

TEST(FrameProduct, MatchesADoublePrecisionSumForEverySizeItHandles)
{
    std::mt19937 rng(7);
    int checked = 0;
    const int sizes[] = { 1, 2, 3, 4, 6, 8, 12, 16 };
    int shapes = 0;
    for (int in : sizes)
        for (int out : sizes) {
            if ((in == 1 && out == 1) || in * out > 72) continue;
            ++shapes;
            for (bool bias : { false, true })
                for (bool accumulate : { false, true })
                    for (int frames : { 1, 3, 64, 257 })
                        for (auto [taps, dilation] : { std::pair { 1, 1 }, { 3, 2 }, { 16, 1 } }) {
                            check({ in, out, bias, accumulate, frames, taps, dilation }, rng);
                            ++checked;
                        }
        }
    EXPECT_EQ(shapes, 53);
    EXPECT_EQ(checked, shapes * 16 * 3);
}

TEST(FrameProduct, DeclinesOtherSizesWithoutTouchingTheOutput)
{
    std::vector<float> w(16 * 16, 1.0f), x(16 * 4, 1.0f), y(16 * 4, 5.0f);
    for (auto [in, out] : { std::pair { 1, 1 }, { 3, 5 }, { 16, 8 }, { 8, 16 }, { 12, 8 }, { 32, 1 } }) {
        EXPECT_FALSE(frameProduct({ w.data(), nullptr, in, out, x.data(), in, y.data(), out, 4, false }))
            << in << "->" << out;
    }
    for (float v : y) EXPECT_EQ(v, 5.0f);
}
