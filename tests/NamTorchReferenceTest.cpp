// NAM ConvNet, Linear and the newer WaveNet options (kernel_sizes, LeakyReLU objects, gating
// modes, bottleneck, grouped convs, layer1x1/head1x1, conv heads, the post-stack head) against
// independent PyTorch forwards: tests/reference/nam_torch_reference.py writes each case's .nam
// file and its input/output vectors into tests/data/nam_torch. Every case is rendered in
// several block partitions from zero history; max abs <= 1e-5.
#include "ModelLoader.h"
#include "TestSupport.h"
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

using namespace waveamp;

namespace {

struct TorchCase {
    std::string name, architecture, model, vectors;
};

std::string caseDir() { return test::dataDir() + "/nam_torch"; }

std::vector<TorchCase> loadCases()
{
    std::vector<TorchCase> cases;
    try {
        const auto m = nlohmann::json::parse(test::readText(caseDir() + "/manifest.json"));
        for (const auto& c : m.at("cases"))
            cases.push_back({ c.at("name"), c.at("architecture"), c.at("model"), c.at("vectors") });
    } catch (const std::exception& e) {
        cases.push_back({ "manifest_unreadable", e.what(), "", "" });
    }
    return cases;
}

void PrintTo(const TorchCase& c, std::ostream* os) { *os << c.name; }

class NamTorchReference : public ::testing::TestWithParam<TorchCase> {};

} // namespace

TEST_P(NamTorchReference, MatchesPyTorchInEveryBlockPartition)
{
    const auto& c = GetParam();
    ASSERT_FALSE(c.model.empty()) << "tests/data/nam_torch/manifest.json: " << c.architecture;
    std::ifstream f(caseDir() + "/" + c.vectors, std::ios::binary | std::ios::ate);
    ASSERT_TRUE(f) << c.vectors;
    const size_t frames = size_t(f.tellg()) / sizeof(float) / 2;
    std::vector<float> input(frames), expected(frames);
    f.seekg(0);
    f.read(reinterpret_cast<char*>(input.data()), std::streamsize(frames * sizeof(float)));
    f.read(reinterpret_cast<char*>(expected.data()), std::streamsize(frames * sizeof(float)));
    ASSERT_TRUE(f.good());

    auto model = ModelLoader::loadFile(caseDir() + "/" + c.model);
    EXPECT_NE(model->info().architecture.find(c.architecture), std::string::npos) << model->info().architecture;
    for (int block : { 64, 1, 37, 4096 }) {
        model->prepare(48000.0, block);  // prepare() resets to zero history
        std::vector<float> out(frames);
        for (size_t i = 0; i < frames; i += size_t(block)) {
            const int n = int(std::min(size_t(block), frames - i));
            model->process(input.data() + i, out.data() + i, n);
        }
        const auto d = test::compare(out, expected);
        if (block == 64)
            std::cout << "[ metric ] " << c.name << " (" << model->info().architecture << ") vs PyTorch: max abs "
                      << d.maxAbs << "\n";
        EXPECT_TRUE(d.finite);
        EXPECT_LE(d.maxAbs, 1e-5) << "block " << block << ", worst at sample " << d.worstIndex;
    }
}

INSTANTIATE_TEST_SUITE_P(Cases, NamTorchReference, ::testing::ValuesIn(loadCases()),
                         [](const auto& info) { return info.param.name; });
