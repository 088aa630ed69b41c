// RateAdapter: with an identity "model", the output is the input delayed by exactly the latency
// it reports (to within a sample), at unity gain, for any block size; equal rates pass through.
#include "RateAdapter.h"
#include <gtest/gtest.h>
#include <cmath>
#include <vector>

using waveamp::plugin::RateAdapter;

namespace {

// Band-limited test signal well below both Nyquists.
std::vector<float> sweepish(int n, double rate)
{
    std::vector<float> x(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) {
        const double t = i / rate;
        x[static_cast<size_t>(i)] = static_cast<float>(0.4 * std::sin(2 * M_PI * 440.0 * t)
                                                       + 0.3 * std::sin(2 * M_PI * 1234.5 * t + 0.3)
                                                       + 0.2 * std::sin(2 * M_PI * 97.0 * t + 1.0));
    }
    return x;
}

std::vector<float> run(RateAdapter& a, const std::vector<float>& in, int block, int* modelSamples = nullptr)
{
    std::vector<float> out(in.size());
    int total = 0;
    for (size_t s = 0; s < in.size(); s += static_cast<size_t>(block)) {
        const int n = static_cast<int>(std::min<size_t>(static_cast<size_t>(block), in.size() - s));
        a.process(in.data() + s, out.data() + s, n, [&](const float* i, float* o, int k) {
            std::copy(i, i + k, o);
            total += k;
        });
    }
    if (modelSamples) *modelSamples = total;
    return out;
}

} // namespace

TEST(RateAdapter, EqualRatesPassThrough)
{
    RateAdapter a;
    a.prepare(48000.0, 48000.0, 64);
    EXPECT_FALSE(a.active());
    EXPECT_EQ(a.latencySamples(), 0);
    const auto in = sweepish(1000, 48000.0);
    const auto out = run(a, in, 37);
    EXPECT_EQ(in, out);
}

class RateAdapterRates : public ::testing::TestWithParam<std::tuple<double, int>> {};

TEST_P(RateAdapterRates, DelaysByReportedLatencyAtUnityGain)
{
    const double hostRate = std::get<0>(GetParam());
    const int block = std::get<1>(GetParam());
    const double modelRate = 48000.0;
    RateAdapter a;
    a.prepare(hostRate, modelRate, 512);
    ASSERT_TRUE(a.active());
    const int latency = a.latencySamples();
    const int n = static_cast<int>(hostRate * 1.0);
    const auto in = sweepish(n, hostRate);
    int modelSamples = 0;
    const auto out = run(a, in, block, &modelSamples);
    EXPECT_EQ(a.underruns(), 0);
    // The model ran at its own rate.
    EXPECT_NEAR(modelSamples, n * modelRate / hostRate, 16.0);

    // Find the delay that best aligns out with in (search around the reported latency).
    double bestErr = 1e9;
    int bestDelay = -1;
    for (int d = std::max(0, latency - 40); d <= latency + 40; ++d) {
        double err = 0.0;
        for (int i = n / 4; i < n - d; ++i) err += std::pow(out[static_cast<size_t>(i + d)] - in[static_cast<size_t>(i)], 2);
        if (err < bestErr) { bestErr = err; bestDelay = d; }
    }
    double maxAbs = 0.0;
    for (int i = n / 4; i < n - bestDelay; ++i)
        maxAbs = std::max(maxAbs, static_cast<double>(std::abs(out[static_cast<size_t>(i + bestDelay)] - in[static_cast<size_t>(i)])));
    std::printf("host %.0f Hz, block %d: reported latency %d, measured %d, max error %.2e\n", hostRate, block,
                latency, bestDelay, maxAbs);
    EXPECT_LE(std::abs(bestDelay - latency), 1);
    EXPECT_LT(maxAbs, 0.05);  // integer-sample alignment of a fractional delay: small residual
}

INSTANTIATE_TEST_SUITE_P(HostRates, RateAdapterRates,
                         ::testing::Combine(::testing::Values(44100.0, 88200.0, 96000.0, 32000.0),
                                            ::testing::Values(1, 64, 511, 512)));
