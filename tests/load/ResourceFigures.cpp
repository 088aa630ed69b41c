// Resource figures per model shape (docs/resources.md): file size, load time (parse + validate +
// build, median of 5), peak heap during load, heap one engine instance holds after
// prepare(48 kHz, 512) (weights, histories, block buffers), and the receptive field. Synthetic
// models of the shapes in use plus the project's default model and ../shared's real models.
// Prints a Markdown table (also written to $WAVEAMP_RESOURCE_TABLE when set).
#include "AllocationHook.h"
#include "LoadBound.h"
#include "ModelLoader.h"
#include "SyntheticModels.h"
#include "TestSupport.h"
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace waveamp;
using test::ScopedAllocationCounter;

namespace {

std::vector<int> pow2(int from, int to) { std::vector<int> v; for (int d = from; d <= to; d *= 2) v.push_back(d); return v; }
std::vector<int> cat(std::vector<int> a, const std::vector<int>& b) { a.insert(a.end(), b.begin(), b.end()); return a; }

std::string namPreset(int c0, int c1, const std::vector<int>& d0, const std::vector<int>& d1)
{
    return test::makeNamWaveNet({ { 1, c0, c1, 3, d0, false, false }, { c0, c1, 1, 3, d1, false, true } }, 7);
}

std::vector<std::pair<std::string, std::string>> shapes()
{
    const auto lite = cat({ 128, 256, 512 }, pow2(1, 512));
    std::vector<std::pair<std::string, std::string>> s = {
        { "WaveNetVA 16 ch gated, 10 layers (PedalNet shape)", test::makeWaveNetVA(16, 3, pow2(1, 512), 1) },
        { "WaveNetVA 8 ch gated, 18 layers", test::makeWaveNetVA(8, 3, cat(pow2(1, 256), pow2(1, 256)), 2) },
        { "NAM WaveNet standard (16/8 ch, 20 layers)", namPreset(16, 8, pow2(1, 512), pow2(1, 512)) },
        { "NAM WaveNet lite (12/6 ch)", namPreset(12, 6, pow2(1, 64), lite) },
        { "NAM WaveNet feather (8/4 ch)", namPreset(8, 4, pow2(1, 64), lite) },
        { "NAM WaveNet nano (4/2 ch)", namPreset(4, 2, pow2(1, 64), lite) },
        { "NAM WaveNet 64 ch x 20 layers (large)", namPreset(64, 32, pow2(1, 512), pow2(1, 512)) },
        { "default model (Resources/models)", test::readText(test::sourceDir() + "/Resources/models/default.json") },
    };
    const std::string shared = test::sharedDir() + "/models";
    if (std::filesystem::is_directory(shared)) {
        std::vector<std::filesystem::path> files;
        for (const auto& dir : std::filesystem::directory_iterator(shared))
            for (const auto& f : std::filesystem::directory_iterator(dir.path())) files.push_back(f.path());
        std::sort(files.begin(), files.end());
        for (const auto& f : files)
            s.push_back({ f.parent_path().filename().string() + "/" + f.filename().string() + " (../shared)",
                          test::readText(f.string()) });
    }
    return s;
}

std::string mib(long long bytes)
{
    char b[32];
    std::snprintf(b, sizeof b, "%.2f", static_cast<double>(bytes) / (1 << 20));
    return b;
}

} // namespace

TEST(ResourceFigures, PerShapeMemoryLoadTimeAndPeakLoadAllocation)
{
    std::ostringstream table;
    table << "| model | file KiB | load ms | peak heap during load MiB | heap per instance after prepare(48 kHz, 512) MiB | receptive field |\n"
          << "|---|---:|---:|---:|---:|---:|\n";
    for (const auto& [name, text] : shapes()) {
        std::vector<double> ms;
        long long loadPeak = 0, instance = 0;
        int rf = 0;
        std::string error;
        for (int rep = 0; rep < 5 && error.empty(); ++rep) {
            ScopedAllocationCounter counter;
            const auto t0 = std::chrono::steady_clock::now();
            std::unique_ptr<Model> model;
            try {
                model = ModelLoader::loadString(text, name);
            } catch (const ModelError& e) {
                error = e.what();
                break;
            }
            ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
            loadPeak = counter.counts().peakBytes;
            model->prepare(48000.0, 512);
            instance = counter.counts().liveBytes;  // what the instance holds: weights + state + buffers
            rf = model->receptiveField();
        }
        if (!error.empty()) {
            table << "| " << name << " | " << text.size() / 1024 << " | not loadable: " << error.substr(0, 80) << " | | | |\n";
            continue;
        }
        std::sort(ms.begin(), ms.end());
        char line[512];
        std::snprintf(line, sizeof line, "| %s | %zu | %.2f | %s | %s | %d |\n", name.c_str(), text.size() / 1024,
                      ms[ms.size() / 2], mib(loadPeak).c_str(), mib(instance).c_str(), rf);
        table << line;
        EXPECT_LE(loadPeak, limits::loadPeakBound(text.size())) << name;
        EXPECT_GT(instance, 0) << name;
    }
    std::printf("%s", table.str().c_str());
    if (const char* out = std::getenv("WAVEAMP_RESOURCE_TABLE")) std::ofstream(out) << table.str();
}
