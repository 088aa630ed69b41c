// The audio thread's contract, proven: processBlock makes no heap allocation (or free) for any
// block size 1..4096 (prepared for 512, so many are larger than prepared), while a model switch
// and a cabinet-IR switch are in flight and parameters move. A hook on malloc/operator new
// counts this thread's heap use (tests/AllocationHook.cpp, proven to fire below).
#include "AllocationHook.h"
#include "PluginTestSupport.h"
#include "SyntheticModels.h"
#include "TestSupport.h"
#include <gtest/gtest.h>
#include <cmath>

using namespace waveamp::plugin;
using namespace waveamp::plugin::test;
using waveamp::test::ScopedAllocationCounter;

namespace {

struct Tally {
    long heapOps = 0;
    long blocks = 0;
    int switchesSeen = 0;
    bool nonFinite = false;
};

void runSizes(WaveAmpProcessor& p, const std::vector<int>& sizes, Tally& tally,
              const std::function<void(size_t)>& between)
{
    const int channels = 2;
    juce::AudioBuffer<float> buffer(channels, 4096);
    juce::MidiBuffer midi;
    double phase = 0.0;
    bool wasInFlight = false;
    for (size_t k = 0; k < sizes.size(); ++k) {
        between(k);
        const int n = sizes[k];
        buffer.setSize(channels, n, false, false, true);  // never reallocates (capacity 4096)
        for (int i = 0; i < n; ++i) {
            const float v = static_cast<float>(0.3 * std::sin(phase));
            phase += 2.0 * juce::MathConstants<double>::pi * 196.0 / p.getSampleRate();
            buffer.setSample(0, i, v);
            buffer.setSample(1, i, 0.8f * v);
        }
        if (p.isModelSwitchInFlight()) wasInFlight = true;  // a switch may start and end in one block
        {
            ScopedAllocationCounter counter;
            p.processBlock(buffer, midi);
            const auto c = counter.counts();
            tally.heapOps += c.allocations + c.deallocations;
        }
        ++tally.blocks;
        const bool inFlight = p.isModelSwitchInFlight();
        if (wasInFlight && !inFlight) ++tally.switchesSeen;
        wasInFlight = inFlight;
        for (int c = 0; c < channels; ++c)
            for (int i = 0; i < n; ++i)
                if (!std::isfinite(buffer.getSample(c, i))) tally.nonFinite = true;
    }
}

} // namespace

TEST(PluginAllocationHook, FiresInThisExecutable)
{
    ScopedAllocationCounter counter;
    auto* v = new std::vector<float>(100);
    delete v;
    juce::AudioBuffer<float> b(2, 100);
    EXPECT_GE(counter.counts().allocations, 2);
}

TEST(PluginRealtime, NoHeapUseForBlockSizes1To4096WithModelAndIrSwitchesInFlight)
{
    WaveAmpProcessor p;
    p.setPlayConfigDetails(2, 2, 48000.0, 512);
    p.prepareToPlay(48000.0, 512);
    p.loadImpulseResponse(toyImpulseResponse(1, 2400, 1), 48000.0, "ir-a", {});
    ASSERT_TRUE(settle(p));

    const std::string modelB = waveamp::test::makeWaveNetVA(8, 3, { 1, 2, 4, 8, 16, 32, 64, 128, 256 }, 7);
    const std::string modelC = waveamp::test::makeNamWaveNet({ { 1, 4, 2, 3, { 1, 2, 4, 8 }, true, false },
                                                               { 4, 2, 1, 3, { 16, 32 }, false, true } }, 5);
    std::vector<int> sizes;
    for (int n = 1; n <= 4096; ++n) sizes.push_back(n);
    Tally tally;
    runSizes(p, sizes, tally, [&](size_t k) {
        // A few blocks run while the worker builds; then the built model is surely pending and
        // the following blocks take it, warm it in and crossfade.
        if (k == 13 || k == 1203 || k == 2003 || k == 2603 || k == 3303) {
            ASSERT_TRUE(p.waitForWorker(30000));
        }
        switch (k) {
        case 10:  // a model switch and an IR switch requested together, picked up mid-stream
            p.loadModel(modelFromText(modelB, "synthetic-va"));
            p.loadImpulseResponse(toyImpulseResponse(2, 4800, 2), 44100.0, "ir-b", {});
            break;
        case 1200:
            p.loadModel(modelFromText(modelC, "synthetic-nam"));
            p.loadImpulseResponse(toyImpulseResponse(1, 1000, 3), 96000.0, "ir-c", {});
            setParam(p, params::stereoMode, 1.0f);  // dual mono from here on
            break;
        case 2000:
            setParam(p, params::bass, 9.0f);
            setParam(p, params::presence, -6.0f);
            setParam(p, params::inputGain, 6.0f);
            setParam(p, params::mix, 60.0f);
            p.loadDefaultModel();
            break;
        case 2600:
            setParam(p, params::cabEnabled, 0.0f);
            setParam(p, params::bypass, 1.0f);
            p.clearImpulseResponse();
            break;
        case 3300:
            setParam(p, params::bypass, 0.0f);
            setParam(p, params::cabEnabled, 1.0f);
            p.loadImpulseResponse(toyImpulseResponse(1, 3000, 4), 48000.0, "ir-d", {});
            p.loadModel(modelFromText(modelB, "synthetic-va again"));
            break;
        default:
            break;
        }
    });
    EXPECT_EQ(tally.heapOps, 0) << "heap operations on the audio thread over " << tally.blocks << " blocks";
    EXPECT_GE(tally.switchesSeen, 3) << "model switches completed while processing";
    EXPECT_FALSE(tally.nonFinite);
    std::printf("blocks 1..4096: %ld heap operations on the audio thread, %d model switches completed mid-stream\n",
                tally.heapOps, tally.switchesSeen);
}

TEST(PluginRealtime, NoHeapUseWhenResamplingAt44k1)
{
    WaveAmpProcessor p;  // the default model is a 48 kHz model: resampled at 44.1 kHz
    p.setPlayConfigDetails(2, 2, 44100.0, 256);
    p.prepareToPlay(44100.0, 256);
    ASSERT_TRUE(settle(p));
    EXPECT_GT(p.getLatencySamples(), 0);
    std::vector<int> sizes;
    for (int n = 1; n <= 300; ++n) sizes.push_back(n);
    for (int n : { 511, 512, 1024, 2048, 4096, 3, 4096, 1 }) sizes.push_back(n);
    for (int rep = 0; rep < 3; ++rep)
        for (int n = 1; n <= 64; ++n) sizes.push_back(n * 7 % 97 + 1);
    Tally tally;
    const std::string modelB = waveamp::test::makeWaveNetVA(6, 3, { 1, 2, 4, 8, 16, 32 }, 9);
    runSizes(p, sizes, tally, [&](size_t k) {
        if (k == 5) {
            p.loadModel(modelFromText(modelB, "synthetic-va"));
            p.loadImpulseResponse(toyImpulseResponse(2, 2000, 5), 48000.0, "ir", {});
        }
        if (k == 8 || k == 253) {
            ASSERT_TRUE(p.waitForWorker(30000));
        }
        if (k == 250) p.loadDefaultModel();
    });
    EXPECT_EQ(tally.heapOps, 0);
    EXPECT_GE(tally.switchesSeen, 1);
    EXPECT_FALSE(tally.nonFinite);
}

TEST(PluginRealtimeShared, RealNamModelsNoHeapUseAt48kAnd44k1)
{
    const std::string a1 = waveamp::test::sharedDir() + "/models/nam/wavenet_a1_standard.nam";
    const std::string nano = waveamp::test::sharedDir() + "/models/nam/BossWN-nano.nam";
    WAVEAMP_REQUIRE_SHARED_FILE(a1);
    WAVEAMP_REQUIRE_SHARED_FILE(nano);
    for (double rate : { 48000.0, 44100.0 }) {
        WaveAmpProcessor p;
        p.setPlayConfigDetails(2, 2, rate, 256);
        p.prepareToPlay(rate, 256);
        p.loadModelFile(juce::File(a1));
        ASSERT_TRUE(settle(p));
        ASSERT_TRUE(p.getStatus().modelError.isEmpty()) << p.getStatus().modelError;
        std::vector<int> sizes;
        for (int n = 1; n <= 128; ++n) sizes.push_back(n);
        for (int n : { 255, 256, 257, 1024, 4096 }) sizes.push_back(n);
        Tally tally;
        runSizes(p, sizes, tally, [&](size_t k) {
            if (k == 3) p.loadModelFile(juce::File(nano));
            if (k == 6) {
                ASSERT_TRUE(p.waitForWorker(30000));
            }
        });
        EXPECT_EQ(tally.heapOps, 0) << rate;
        EXPECT_GE(tally.switchesSeen, 1) << rate;
        EXPECT_FALSE(tally.nonFinite);
        std::printf("%.1f kHz: A1 standard -> BossWN-nano switch, %ld heap operations, model CPU %.1f %%\n",
                    rate / 1000.0, tally.heapOps, 100.0 * p.modelCpuLoad());
    }
}
