// The allocation bound of model loading (Source/Engine/LoadBound.h), checked with the counting
// allocator (tests/AllocationHook): for adversarial JSON (deep nesting, millions of tiny values,
// keys, strings), size-inflated model files (huge channel counts, dilations, layer lists, weight
// lists) and real models, the peak heap held during ModelLoader::loadString of N bytes stays
// within loadPeakBound(N), and prepare() within preparePeakBound(). Also prints the figures.
#include "AllocationHook.h"
#include "LoadBound.h"
#include "ModelLoader.h"
#include "SyntheticModels.h"
#include "TestSupport.h"
#include <nlohmann/json.hpp>
#include <cstdio>
#include <filesystem>

using namespace waveamp;
using test::ScopedAllocationCounter;

namespace {

struct Input {
    std::string name, text;
};

std::string repeated(const std::string& open, const std::string& item, const std::string& close, size_t bytes)
{
    std::string s = open;
    while (s.size() + item.size() + close.size() < bytes) s += item;
    if (s.back() == ',') s.pop_back();
    return s + close;
}

std::vector<Input> adversarialJson(size_t n)
{
    std::vector<Input> in;
    in.push_back({ "nested arrays", std::string(n / 2, '[') + std::string(n / 2, ']') });
    std::string objects;
    for (size_t i = 0; i < n / 6; ++i) objects += "{\"a\":";
    in.push_back({ "nested objects", objects + "0" + std::string(n / 6, '}') });
    in.push_back({ "array of zeros", repeated("[", "0,", "]", n) });
    in.push_back({ "array of empty objects", repeated("[", "{},", "]", n) });
    in.push_back({ "array of empty arrays", repeated("[", "[],", "]", n) });
    in.push_back({ "array of empty strings", repeated("[", "\"\",", "]", n) });
    in.push_back({ "array of nulls", repeated("[", "null,", "]", n) });
    std::string keys = "{";
    for (int i = 0; keys.size() + 16 < n; ++i) keys += "\"" + std::to_string(i) + "\":0,";
    keys.back() = '}';
    in.push_back({ "object of many keys", keys });
    return in;
}

std::vector<Input> inflatedModels()
{
    std::vector<Input> in;
    auto nam = nlohmann::json::parse(test::makeNamWaveNet({ { 1, 4, 1, 3, { 1, 2, 4 }, false, true } }, 1));
    auto with = [&](const char* name, auto edit) {
        auto d = nam;
        edit(d);
        in.push_back({ name, d.dump() });
    };
    with("NAM channels 2^31-1", [](auto& d) { d["config"]["layers"][0]["channels"] = 2147483647; });
    with("NAM channels 256", [](auto& d) { d["config"]["layers"][0]["channels"] = 256; });
    with("NAM kernel 64 dilation 65536 x 256", [](auto& d) {
        d["config"]["layers"][0]["kernel_size"] = 64;
        d["config"]["layers"][0]["dilations"] = std::vector<int>(256, 65536);
    });
    with("NAM 16 arrays of 256 channels", [](auto& d) {
        auto layer = d["config"]["layers"][0];
        layer["channels"] = 256;
        d["config"]["layers"] = std::vector<nlohmann::json>(16, layer);
    });
    with("NAM weights x1000", [](auto& d) {
        std::vector<float> w = d["weights"];
        std::vector<float> big;
        for (int i = 0; i < 1000; ++i) big.insert(big.end(), w.begin(), w.end());
        d["weights"] = big;
    });
    auto va = nlohmann::json::parse(test::makeWaveNetVA(2, 3, { 1, 2 }, 2));
    auto vaWith = [&](const char* name, auto edit) {
        auto d = va;
        edit(d);
        in.push_back({ name, d.dump() });
    };
    vaWith("WaveNetVA residual_channels 256", [](auto& d) { d["residual_channels"] = 256; });
    vaWith("WaveNetVA dilations 65536 x 16", [](auto& d) { d["dilations"] = std::vector<int>(16, 65536); });
    vaWith("WaveNetVA filter_width 2^31-1", [](auto& d) { d["filter_width"] = 2147483647; });
    // Legal but history-heavy: a small file whose receptive field is near the cap.
    in.push_back({ "NAM 1 ch, dilations 32768 x 16 (valid)",
                   test::makeNamWaveNet({ { 1, 1, 1, 3, std::vector<int>(16, 32768), false, true } }, 3) });
    in.push_back({ "NAM A1 standard (synthetic)", test::makeNamA1Standard(4) });
    in.push_back({ "default model", test::readText(test::sourceDir() + "/Resources/models/default.json") });
    const std::string shared = test::sharedDir() + "/models";
    if (std::filesystem::is_directory(shared))
        for (const auto& dir : std::filesystem::directory_iterator(shared))
            for (const auto& f : std::filesystem::directory_iterator(dir.path()))
                in.push_back({ f.path().filename().string() + " (../shared)", test::readText(f.path().string()) });
    return in;
}

struct Measured {
    long long loadPeak = 0, preparePeak = 0;
    bool loaded = false;
    std::string error;
};

Measured measure(const std::string& text, int maxBlock)
{
    Measured m;
    std::unique_ptr<Model> model;
    {
        ScopedAllocationCounter counter;
        try {
            model = ModelLoader::loadString(text, "input");
            m.loaded = true;
        } catch (const ModelError& e) {
            m.error = e.what();
        }
        m.loadPeak = counter.counts().peakBytes;
    }
    if (model) {
        ScopedAllocationCounter counter;
        model->prepare(48000.0, maxBlock);
        m.preparePeak = counter.counts().peakBytes;
    }
    return m;
}

} // namespace

TEST(LoadBound, AdversarialJsonStaysWithinTheLoadBound)
{
    for (size_t n : { size_t(4096), size_t(1) << 20, size_t(8) << 20 }) {
        for (const auto& in : adversarialJson(n)) {
            const auto m = measure(in.text, 64);
            const double perByte = static_cast<double>(m.loadPeak) / static_cast<double>(in.text.size());
            std::printf("%-26s %9zu bytes: peak %11lld bytes during load (%.1f x input), bound %lld\n",
                        in.name.c_str(), in.text.size(), m.loadPeak, perByte,
                        static_cast<long long>(limits::loadPeakBound(in.text.size())));
            EXPECT_LE(m.loadPeak, static_cast<long long>(limits::loadPeakBound(in.text.size()))) << in.name;
            EXPECT_FALSE(m.loaded) << in.name;
        }
    }
}

TEST(LoadBound, InflatedAndRealModelsStayWithinTheLoadAndPrepareBounds)
{
    for (int maxBlock : { 64, 4096 }) {
        for (const auto& in : inflatedModels()) {
            const auto m = measure(in.text, maxBlock);
            std::printf("%-42s block %4d %9zu bytes: load peak %11lld (bound %11lld)  prepare peak %11lld "
                        "(bound %11lld)  %s\n",
                        in.name.c_str(), maxBlock, in.text.size(), m.loadPeak,
                        static_cast<long long>(limits::loadPeakBound(in.text.size())), m.preparePeak,
                        static_cast<long long>(limits::preparePeakBound(maxBlock)),
                        m.loaded ? "loaded" : m.error.substr(0, 90).c_str());
            EXPECT_LE(m.loadPeak, static_cast<long long>(limits::loadPeakBound(in.text.size()))) << in.name;
            EXPECT_LE(m.preparePeak, static_cast<long long>(limits::preparePeakBound(maxBlock))) << in.name;
        }
    }
}
