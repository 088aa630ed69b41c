// The plugin under concurrent abuse, for a fixed time (WAVEAMP_STRESS_SECONDS, default 10):
//  - the audio thread runs processBlock with random block sizes 1..4096 (prepared for 512) and
//    random parameter changes between blocks, counting its heap use (tests/AllocationHook);
//  - a loader thread loads and switches models (synthetic shapes, the default, ../shared's real
//    models when present, and bad files: broken JSON, wrong shapes, missing files) and cabinet
//    IRs (good, stereo, different rates, bad files, clears), hundreds of times;
//  - a state thread saves and restores state (the live state, older saved states, corrupted ones).
// Run under TSan in CI (tools/sanitize.sh tsan) for data races, and in the normal and ASan builds
// for heap use on the audio thread. Output must stay finite and bounded throughout.
#include "AllocationHook.h"
#include "PluginTestSupport.h"
#include "SyntheticModels.h"
#include "TestSupport.h"
#include <gtest/gtest.h>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <thread>

using namespace waveamp::plugin;
using namespace waveamp::plugin::test;
using waveamp::test::ScopedAllocationCounter;

namespace {

double stressSeconds()
{
    const char* s = std::getenv("WAVEAMP_STRESS_SECONDS");
    return s != nullptr ? std::max(1.0, std::atof(s)) : 10.0;
}

struct ModelFile {
    std::string name, text;
};

std::vector<ModelFile> goodModels()
{
    using namespace waveamp::test;
    std::vector<ModelFile> m = {
        { "tiny-va", makeWaveNetVA(2, 3, { 1, 2 }, 1) },
        { "va-8ch", makeWaveNetVA(8, 3, { 1, 2, 4, 8, 16, 32, 64, 128, 256 }, 2) },
        { "va-tanh", makeWaveNetVA(4, 2, { 1, 4, 16 }, 3, "tanh") },
        { "nam-gated", makeNamWaveNet({ { 1, 4, 2, 3, { 1, 2, 4, 8 }, true, false },
                                        { 4, 2, 1, 3, { 16, 32 }, false, true } }, 4) },
        { "nam-a1-standard", makeNamA1Standard(5) },
        { "default", defaultModelText() },
    };
    const std::string shared = sharedDir() + "/models";
    if (std::filesystem::is_directory(shared))
        for (const char* f : { "nam/BossWN-nano.nam", "nam/wavenet.nam", "wavenetva/ts9_fullD.json" })
            if (fileExists(shared + "/" + f)) m.push_back({ f, readText(shared + "/" + f) });
    return m;
}

std::vector<ModelFile> badModels()
{
    std::vector<ModelFile> m;
    const std::string dir = waveamp::test::dataDir() + "/bad_models";
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
        const auto name = e.path().filename().string();
        if (name.rfind("valid_", 0) == 0 || name == "manifest.json") continue;
        m.push_back({ name, waveamp::test::readText(e.path().string()) });
    }
    const std::string good = waveamp::test::makeWaveNetVA(4, 3, { 1, 2, 4 }, 9);
    m.push_back({ "truncated", good.substr(0, good.size() / 2) });
    m.push_back({ "empty", "" });
    m.push_back({ "binary", std::string("\x00\xff\xfe{[\"", 6) });
    return m;
}

struct AudioTally {
    long blocks = 0, samples = 0, heapOps = 0, paramChanges = 0, switchesCompleted = 0;
    float peak = 0.0f;
    bool nonFinite = false;
};

} // namespace

TEST(PluginStress, AllocationHookFiresInThisBuild)
{
    // The zero below means something only if the hook counts here (glibc replacement in normal
    // builds, the sanitizer's hooks under ASan/TSan).
    ScopedAllocationCounter counter;
    {
        void* volatile p = std::malloc(64);  // volatile: the compiler may not elide the pair
        std::free(p);
        juce::AudioBuffer<float> b(2, 100);
        b.clear();
    }
    EXPECT_GE(counter.counts().allocations, 2);
    EXPECT_GE(counter.counts().deallocations, 2);
}

TEST(PluginStress, ProcessWhileModelsIrsAndStateChangeConcurrently)
{
    const double seconds = stressSeconds();
    const auto good = goodModels();
    const auto bad = badModels();
    const std::string badFile = waveamp::test::dataDir() + "/bad_models/syntax_truncated.json";
    const std::string notAudio = waveamp::test::dataDir() + "/bad_models/valid_nam.nam";

    WaveAmpProcessor p;
    p.setPlayConfigDetails(2, 2, 48000.0, 512);
    p.prepareToPlay(48000.0, 512);
    ASSERT_TRUE(settle(p));
    juce::MemoryBlock initialState;
    p.getStateInformation(initialState);

    std::atomic<bool> stop { false };
    AudioTally audio;
    std::atomic<long> modelLoads { 0 }, badLoads { 0 }, irLoads { 0 }, stateSaves { 0 }, stateRestores { 0 };

    std::thread audioThread([&] {
        std::mt19937 rng(1);
        std::uniform_int_distribution<int> blockSize(1, 4096);
        std::uniform_real_distribution<float> unit(0.0f, 1.0f);
        juce::AudioBuffer<float> buffer(2, 4096);
        juce::MidiBuffer midi;
        const auto& ids = params::all();
        double phase = 0.0;
        bool wasSwitching = false;
        while (!stop.load()) {
            const int n = blockSize(rng);
            buffer.setSize(2, n, false, false, true);  // capacity 4096: never reallocates
            for (int i = 0; i < n; ++i) {
                const float v = static_cast<float>(0.5 * std::sin(phase));
                phase += 0.0411;
                buffer.setSample(0, i, v);
                buffer.setSample(1, i, -0.7f * v);
            }
            if (rng() % 4 == 0) {  // host automation, between blocks on this thread
                auto* param = p.apvts.getParameter(ids[rng() % ids.size()].getParamID());
                param->setValueNotifyingHost(unit(rng));
                ++audio.paramChanges;
            }
            if (p.isModelSwitchInFlight()) wasSwitching = true;
            {
                ScopedAllocationCounter counter;
                p.processBlock(buffer, midi);
                const auto c = counter.counts();
                audio.heapOps += c.allocations + c.deallocations;
            }
            const bool switching = p.isModelSwitchInFlight();
            if (wasSwitching && !switching) ++audio.switchesCompleted;
            wasSwitching = switching;
            for (int c = 0; c < 2; ++c)
                for (int i = 0; i < n; ++i) {
                    const float y = buffer.getSample(c, i);
                    if (!std::isfinite(y)) audio.nonFinite = true;
                    else audio.peak = std::max(audio.peak, std::abs(y));
                }
            ++audio.blocks;
            audio.samples += n;
        }
    });

    std::thread loaderThread([&] {
        std::mt19937 rng(2);
        int op = 0;
        while (!stop.load()) {
            switch (rng() % 10) {
            case 0: case 1: case 2: case 3: {
                const auto& m = good[rng() % good.size()];
                p.loadModel(modelFromText(m.text, m.name));
                ++modelLoads;
                break;
            }
            case 4: case 5: {
                const auto& m = bad[rng() % bad.size()];
                p.loadModel(modelFromText(m.text, m.name));
                ++badLoads;
                break;
            }
            case 6:
                p.loadModelFile(juce::File(juce::String(rng() % 2 ? badFile : std::string("/nonexistent/model.nam"))));
                ++badLoads;
                break;
            case 7:
                p.loadImpulseResponse(toyImpulseResponse(1 + static_cast<int>(rng() % 2), 200 + static_cast<int>(rng() % 4000),
                                                         static_cast<unsigned>(rng())),
                                      rng() % 2 ? 48000.0 : 44100.0, "ir", {});
                ++irLoads;
                break;
            case 8:
                p.loadImpulseResponseFile(juce::File(juce::String(rng() % 2 ? notAudio : std::string("/nonexistent/ir.wav"))));
                ++irLoads;
                break;
            default:
                p.clearImpulseResponse();
                ++irLoads;
                break;
            }
            if (++op % 3 == 0) p.waitForWorker(30000);  // keep the queue short, like a user would
            std::this_thread::sleep_for(std::chrono::milliseconds(rng() % 5));
        }
    });

    std::thread stateThread([&] {
        std::mt19937 rng(3);
        juce::MemoryBlock last = initialState;
        while (!stop.load()) {
            juce::MemoryBlock saved;
            p.getStateInformation(saved);
            ++stateSaves;
            switch (rng() % 4) {
            case 0: p.setStateInformation(saved.getData(), static_cast<int>(saved.getSize())); break;
            case 1: p.setStateInformation(last.getData(), static_cast<int>(last.getSize())); break;
            case 2: {  // corrupted
                juce::MemoryBlock broken = saved;
                auto* bytes = static_cast<char*>(broken.getData());
                for (int k = 0; k < 8 && broken.getSize() > 9; ++k)
                    bytes[8 + rng() % (broken.getSize() - 9)] ^= static_cast<char>(1 << (rng() % 8));
                p.setStateInformation(broken.getData(), static_cast<int>(broken.getSize() / (1 + rng() % 2)));
                break;
            }
            default: p.setStateInformation(initialState.getData(), static_cast<int>(initialState.getSize())); break;
            }
            ++stateRestores;
            last = std::move(saved);
            std::this_thread::sleep_for(std::chrono::milliseconds(5 + rng() % 20));
        }
    });

    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    stop.store(true);
    loaderThread.join();
    stateThread.join();
    audioThread.join();
    ASSERT_TRUE(p.waitForWorker(60000));

    std::printf("stress %.0f s: %ld blocks (%.1f s of audio), %ld parameter changes, %ld model loads "
                "(%ld bad), %ld IR operations, %ld state saves, %ld restores, %ld switches completed, "
                "%ld heap operations on the audio thread, peak |out| %.3f\n",
                seconds, audio.blocks, static_cast<double>(audio.samples) / 48000.0, audio.paramChanges,
                modelLoads.load() + badLoads.load(), badLoads.load(), irLoads.load(), stateSaves.load(),
                stateRestores.load(), audio.switchesCompleted, audio.heapOps, static_cast<double>(audio.peak));
    EXPECT_EQ(audio.heapOps, 0) << "heap operations on the audio thread";
    EXPECT_FALSE(audio.nonFinite) << "NaN or Inf in the output";
    EXPECT_LT(audio.peak, 1000.0f) << "output unbounded";
    EXPECT_GT(audio.blocks, 100);
    EXPECT_GT(modelLoads.load() + badLoads.load(), seconds >= 30 ? 100 : 10);
    EXPECT_GT(audio.switchesCompleted, 0);
}
