// NAM LSTM and Keras-style (AIDA-X / RTNeural) models against PyTorch: the model files and
// torch outputs in tests/data/recurrent come from tests/reference/gen_recurrent_vectors.py
// (torch.nn.LSTM / GRU / Conv1d / Linear / PReLU / BatchNorm1d, and Keras's reset_after=False
// GRU written out in torch ops). Each is loaded through ModelLoader and run from its initial
// state (no prewarm) in one block, sample by sample, and in irregular blocks.
#include "KerasLoader.h"
#include "ModelLoader.h"
#include "ModelRender.h"
#include "TestSupport.h"
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

using namespace waveamp;

namespace {

struct Case {
    std::string name, model;
    std::vector<float> input, output;
};

std::vector<Case> loadCases()
{
    const std::string dir = test::dataDir() + "/recurrent";
    const auto manifest = nlohmann::json::parse(test::readText(dir + "/manifest.json"));
    std::vector<Case> cases;
    for (const auto& m : manifest.at("cases")) {
        Case c;
        c.name = m.at("name");
        c.model = dir + "/" + m.at("model").get<std::string>();
        const size_t frames = m.at("frames");
        std::ifstream f(dir + "/" + m.at("data").get<std::string>(), std::ios::binary);
        c.input.resize(frames);
        c.output.resize(frames);
        f.read(reinterpret_cast<char*>(c.input.data()), static_cast<std::streamsize>(frames * sizeof(float)));
        f.read(reinterpret_cast<char*>(c.output.data()), static_cast<std::streamsize>(frames * sizeof(float)));
        EXPECT_TRUE(f.good()) << c.name << ": data file too short";
        cases.push_back(std::move(c));
    }
    return cases;
}

} // namespace

TEST(RecurrentTorch, EveryModelMatchesTorchInAnyBlocking)
{
    const auto cases = loadCases();
    ASSERT_GE(cases.size(), 7u);
    std::mt19937 rng(5);
    std::vector<int> irregular;
    for (int i = 0; i < 40; ++i) irregular.push_back(1 + int(rng() % 150));
    for (const auto& c : cases) {
        auto model = ModelLoader::loadFile(c.model);
        for (const auto& blocks : { std::vector<int>{ 1500 }, std::vector<int>{ 1 }, std::vector<int>{ 64 }, irregular }) {
            model->prepare(48000.0, *std::max_element(blocks.begin(), blocks.end()));
            const auto d = test::compare(test::renderWithBlocks(*model, c.input, blocks), c.output);
            EXPECT_TRUE(d.finite) << c.name;
            EXPECT_LE(d.maxAbs, 1e-5) << c.name << " (" << model->info().architecture << "), blocks from "
                                      << blocks[0] << ": worst at " << d.worstIndex;
            if (blocks[0] == 64)
                std::cout << "[ metric ] " << c.name << " vs torch: max abs " << d.maxAbs << "\n";
        }
    }
}

TEST(RecurrentTorch, EmbeddedTestVectorsAreChecked)
{
    const auto document = nlohmann::json::parse(test::readText(test::dataDir() + "/recurrent/keras_lstm8.json"));
    KerasTestVectors v;
    ASSERT_TRUE(kerasTestVectors(document, v));
    EXPECT_EQ(v.input.size(), 256u);
    EXPECT_LE(maxErrorOnTestVectors(document), 1e-5);
    // A wrong expectation is caught.
    auto broken = document;
    broken["output_batch"][100] = broken["output_batch"][100].get<double>() + 0.01;
    EXPECT_GE(maxErrorOnTestVectors(broken), 0.009);
    broken.erase("output_batch");
    EXPECT_FALSE(kerasTestVectors(broken, v));
    EXPECT_THROW(maxErrorOnTestVectors(broken), ModelError);
}

TEST(RecurrentTorch, NamLstmReportsItsShape)
{
    auto model = ModelLoader::loadFile(test::dataDir() + "/recurrent/nam_lstm_2x5.nam");
    EXPECT_EQ(model->info().format, "NAM");
    EXPECT_EQ(model->info().architecture, "LSTM (2 x 5)");
    EXPECT_EQ(model->info().macsPerSample, 4 * 5 * (1 + 5) + 4 * 5 * (5 + 5) + 5);
    EXPECT_EQ(model->receptiveField(), kRecurrentSettleSamples);
}
