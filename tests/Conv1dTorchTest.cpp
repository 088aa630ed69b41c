// CausalConv1d against torch.nn.Conv1d: golden vectors made by tests/reference/gen_conv1d_vectors.py
// (committed in tests/data/conv1d), each run from zero history in one block and in irregular
// blocks, so that the history buffer rewinds many times.
#include "CausalConv1d.h"
#include "LayerHistory.h"
#include "TestSupport.h"
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

using namespace waveamp;

namespace {

struct Case {
    std::string name;
    int in = 0, out = 0, k = 0, dilation = 0, frames = 0;
    bool bias = false;
    std::vector<float> weight, biasValues, input, output;  // input/output row-major (ch, frames)
};

std::vector<Case> loadCases()
{
    const std::string dir = test::dataDir() + "/conv1d";
    const auto manifest = nlohmann::json::parse(test::readText(dir + "/manifest.json"));
    std::vector<Case> cases;
    for (const auto& m : manifest.at("cases")) {
        Case c;
        c.name = m.at("name");
        c.in = m.at("in_channels");
        c.out = m.at("out_channels");
        c.k = m.at("kernel_size");
        c.dilation = m.at("dilation");
        c.frames = m.at("frames");
        c.bias = m.at("bias");
        std::ifstream f(dir + "/" + m.at("file").get<std::string>(), std::ios::binary);
        auto read = [&](std::vector<float>& v, size_t n) {
            v.resize(n);
            f.read(reinterpret_cast<char*>(v.data()), static_cast<std::streamsize>(n * sizeof(float)));
        };
        read(c.weight, size_t(c.out) * c.in * c.k);
        if (c.bias) read(c.biasValues, size_t(c.out));
        read(c.input, size_t(c.in) * c.frames);
        read(c.output, size_t(c.out) * c.frames);
        EXPECT_TRUE(f.good()) << c.name << ": data file too short";
        cases.push_back(std::move(c));
    }
    return cases;
}

// Runs the case through LayerHistory + CausalConv1d with the given block sizes (cycled).
std::vector<float> run(const Case& c, const std::vector<int>& blocks)
{
    const int maxBlock = *std::max_element(blocks.begin(), blocks.end());
    CausalConv1d conv;
    conv.setWeights(c.in, c.out, c.k, c.dilation, c.weight.data(), c.bias ? c.biasValues.data() : nullptr);
    LayerHistory history;
    history.prepare(c.in, conv.lookback(), maxBlock);
    Eigen::MatrixXf y(c.out, maxBlock);
    std::vector<float> result(size_t(c.out) * c.frames);
    size_t b = 0;
    for (int t = 0; t < c.frames;) {
        const int n = std::min(blocks[b++ % blocks.size()], c.frames - t);
        auto block = history.next(n);
        for (int ch = 0; ch < c.in; ++ch)
            for (int i = 0; i < n; ++i)
                block(ch, i) = c.input[size_t(ch) * c.frames + t + i];
        conv.process(history, n, y.leftCols(n));
        history.advance(n);
        for (int ch = 0; ch < c.out; ++ch)
            for (int i = 0; i < n; ++i)
                result[size_t(ch) * c.frames + t + i] = y(ch, i);
        t += n;
    }
    return result;
}

} // namespace

TEST(Conv1dTorch, MatchesTorchConv1dInOneBlockAndInIrregularBlocks)
{
    const auto cases = loadCases();
    ASSERT_GE(cases.size(), 20u);
    std::mt19937 rng(7);
    std::vector<int> irregular;
    for (int i = 0; i < 50; ++i) irregular.push_back(1 + int(rng() % 97));
    for (const auto& c : cases) {
        for (const auto& blocks : { std::vector<int>{ c.frames }, std::vector<int>{ 1 },
                                    std::vector<int>{ 64 }, irregular }) {
            const auto d = test::compare(run(c, blocks), c.output);
            EXPECT_LE(d.maxAbs, 2e-6) << c.name << " (k " << c.k << ", d " << c.dilation << ", "
                                      << c.in << "->" << c.out << ") block pattern starting " << blocks[0]
                                      << ": worst at " << d.worstIndex;
        }
    }
}

TEST(Conv1dTorch, TapZeroIsTheOldestSample)
{
    // A hand-checkable case: k=3, d=2, one channel, weights [1, 10, 100], an impulse at t=0.
    // PyTorch: y[t] = 1*x[t-4] + 10*x[t-2] + 100*x[t]  ->  y = 100, 0, 10, 0, 1, 0...
    const float w[3] = { 1.f, 10.f, 100.f };
    CausalConv1d conv;
    conv.setWeights(1, 1, 3, 2, w, nullptr);
    LayerHistory h;
    h.prepare(1, conv.lookback(), 8);
    h.next(8).setZero();
    h.next(8)(0, 0) = 1.f;
    Eigen::MatrixXf y(1, 8);
    conv.process(h, 8, y);
    const float expected[8] = { 100, 0, 10, 0, 1, 0, 0, 0 };
    for (int t = 0; t < 8; ++t) EXPECT_EQ(y(0, t), expected[t]) << "t=" << t;
}
