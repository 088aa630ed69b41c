// The SIMD kernels' building blocks: the fast activations' documented error bounds on every
// instruction set this CPU has, and the dispatcher's choices.
#include "TestSupport.h"
#include "kernels/LayerKernel.h"
#include <cmath>
#include <cstdlib>
#include <vector>

using namespace waveamp::kernels;

namespace {

std::vector<Isa> supportedSimd()
{
    std::vector<Isa> v;
    for (Isa isa : { Isa::Sse2, Isa::Avx2, Isa::Avx512 })
        if (cpuSupports(isa)) v.push_back(isa);
    return v;
}

double maxError(Isa isa, int code, double (*exact)(double))
{
    std::vector<float> x;
    for (double v = -20.0; v <= 20.0; v += 1.0 / 4096.0) x.push_back(static_cast<float>(v));
    for (float tiny : { 1e-30f, -1e-30f, 1e-8f, -1e-8f, 0.0f, 88.0f, -88.0f, 1e6f, -1e6f }) x.push_back(tiny);
    std::vector<float> y = x;
    applyActivation(isa, code, 0.01f, y.data(), static_cast<int>(y.size()));
    double worst = 0;
    for (size_t i = 0; i < x.size(); ++i) {
        EXPECT_TRUE(std::isfinite(y[i])) << "x=" << x[i];
        worst = std::max(worst, std::fabs(static_cast<double>(y[i]) - exact(static_cast<double>(x[i]))));
    }
    return worst;
}

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }
double exactTanh(double x) { return std::tanh(x); }

} // namespace

TEST(Kernels, FastTanhAndSigmoidStayWithinTheirDocumentedError)
{
    for (Isa isa : supportedSimd()) {
        const double tanhError = maxError(isa, kTanh, exactTanh);
        const double sigmoidError = maxError(isa, kSigmoid, sigmoid);
        std::cout << "[ metric ] " << isaName(isa) << ": tanh max abs error " << tanhError
                  << ", sigmoid max abs error " << sigmoidError << "\n";
        EXPECT_LE(tanhError, 3.5e-7) << isaName(isa);  // rational tanh: 3.2e-7 (VectorMath.h)
        EXPECT_LE(sigmoidError, 2e-7) << isaName(isa);  // half of tanh's (VectorMath.h)
    }
}

// A NaN must come out as NaN, as from torch.tanh, not as a clamped +-1 that would hide it from
// the processor's non-finite output check (the clamp is a min/max pair whose operand order
// decides this).
TEST(Kernels, FastTanhAndSigmoidPassNaNThrough)
{
    for (Isa isa : supportedSimd()) {
        for (int code : { kTanh, kSigmoid }) {
            std::vector<float> y(37, 0.5f);
            for (size_t i = 0; i < y.size(); i += 3) y[i] = std::nanf("");
            applyActivation(isa, code, 0.f, y.data(), static_cast<int>(y.size()));
            for (size_t i = 0; i < y.size(); ++i)
                EXPECT_EQ(std::isnan(y[i]), i % 3 == 0) << isaName(isa) << " activation " << code << " at " << i;
        }
    }
}

TEST(Kernels, PiecewiseActivationsAreExact)
{
    for (Isa isa : supportedSimd()) {
        std::vector<float> x = { -3.f, -1.5f, -0.5f, 0.f, 0.25f, 1.f, 2.f }, y = x;
        applyActivation(isa, kLeakyReLU, 0.1f, y.data(), static_cast<int>(y.size()));
        for (size_t i = 0; i < x.size(); ++i) EXPECT_EQ(y[i], x[i] > 0 ? x[i] : 0.1f * x[i]);
        y = x;
        applyActivation(isa, kHardtanh, 0.f, y.data(), static_cast<int>(y.size()));
        for (size_t i = 0; i < x.size(); ++i) EXPECT_EQ(y[i], std::min(1.f, std::max(-1.f, x[i])));
        y = x;
        applyActivation(isa, kReLU, 0.f, y.data(), static_cast<int>(y.size()));
        for (size_t i = 0; i < x.size(); ++i) EXPECT_EQ(y[i], std::max(0.f, x[i]));
    }
}

TEST(Kernels, DispatchPicksTheBestSupportedIsaAndHonoursTheOverride)
{
    unsetenv("WAVEAMP_KERNEL");
    const Isa best = selectedIsa();
    EXPECT_TRUE(cpuSupports(best));
    for (Isa better : { Isa::Avx512, Isa::Avx2, Isa::Sse2 }) {
        if (better == best) break;
        EXPECT_FALSE(cpuSupports(better)) << isaName(better) << " is supported but " << isaName(best) << " was chosen";
    }
    setenv("WAVEAMP_KERNEL", "reference", 1);
    EXPECT_EQ(selectedIsa(), Isa::Reference);
    setenv("WAVEAMP_KERNEL", "sse2", 1);
    EXPECT_EQ(selectedIsa(), Isa::Sse2);
    unsetenv("WAVEAMP_KERNEL");
    std::cout << "[ metric ] selected kernel ISA: " << isaName(best) << "\n";
}

TEST(Kernels, LanesAvoidPadding)
{
    EXPECT_EQ(lanesFor(Isa::Avx512, 16), 16);
    EXPECT_EQ(lanesFor(Isa::Avx512, 8), 8);
    EXPECT_EQ(lanesFor(Isa::Avx512, 4), 4);
    EXPECT_EQ(lanesFor(Isa::Avx2, 16), 8);
    EXPECT_EQ(lanesFor(Isa::Sse2, 16), 4);
}
