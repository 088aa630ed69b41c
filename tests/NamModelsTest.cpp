// Every NAM WaveNet file in ../shared/models/nam against the reference NAM implementation's
// renders in ../shared/golden: with prewarm (what NAM does) and without (zero history).
// Non-WaveNet files must be refused with a message naming the architecture.
#include "ModelLoader.h"
#include "ModelRender.h"
#include "TestSupport.h"
#include <cmath>
#include <filesystem>

using namespace waveamp;

namespace {

struct NamCase {
    const char* name;
    bool prewarm;
};
const NamCase kCases[] = { { "wavenet", true }, { "wavenet", false }, { "BossWN-nano", true },
                           { "BossWN-nano", false }, { "wavenet_a1_standard", true },
                           { "wavenet_a1_standard", false },
                           // A2 (SlimmableContainer): the golden is the default, full-size submodel.
                           { "A2", true } };

class NamWaveNetShared : public ::testing::TestWithParam<NamCase> {};

} // namespace

TEST_P(NamWaveNetShared, MatchesReferenceNamRender)
{
    const auto& c = GetParam();
    const std::string golden = test::sharedDir() + "/golden/" + c.name + "__guitar_di"
                               + (c.prewarm ? "" : "__noprewarm") + ".wav";
    const std::string modelPath = test::sharedDir() + "/models/nam/" + c.name + ".nam";
    WAVEAMP_REQUIRE_SHARED_FILE(modelPath);
    WAVEAMP_REQUIRE_SHARED_FILE(golden);
    auto model = ModelLoader::loadFile(modelPath);
    model->prepare(48000.0, 64);
    if (c.prewarm) model->prewarm();
    const auto di = test::readWav(test::sharedDir() + "/audio/guitar_di.wav");
    const auto ours = test::render(*model, di, 64);
    const auto expected = test::readWav(golden);
    ASSERT_EQ(ours.size(), expected.size());
    const auto d = test::compare(ours, expected);
    std::cout << "[ metric ] " << c.name << (c.prewarm ? " (prewarm)" : " (no prewarm)")
              << " vs reference NAM: max abs " << d.maxAbs << "\n";
    EXPECT_LE(d.maxAbs, 1e-4) << "worst at sample " << d.worstIndex;
}

INSTANTIATE_TEST_SUITE_P(Models, NamWaveNetShared, ::testing::ValuesIn(kCases), [](const auto& info) {
    std::string s = std::string(info.param.name) + (info.param.prewarm ? "_prewarm" : "_noprewarm");
    for (auto& ch : s) if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
    return s;
});

TEST(NamMetadataShared, ExposesLevelsAndRate)
{
    const std::string path = test::sharedDir() + "/models/nam/wavenet.nam";
    WAVEAMP_REQUIRE_SHARED_FILE(path);
    auto model = ModelLoader::loadFile(path);
    const auto& info = model->info();
    EXPECT_EQ(info.format, "NAM");
    EXPECT_TRUE(info.sampleRateKnown);
    EXPECT_EQ(info.sampleRate, 48000.0);
    EXPECT_TRUE(info.loudnessKnown);
    EXPECT_NEAR(info.loudness, -20.0207, 1e-3);
    EXPECT_TRUE(info.inputLevelKnown);
    EXPECT_DOUBLE_EQ(info.inputLevelDbu, 18.3);
    EXPECT_DOUBLE_EQ(info.outputLevelDbu, 12.3);
    EXPECT_EQ(info.name, "Test Model");
    EXPECT_EQ(info.gearMake, "Darkglass Electronics");
    EXPECT_EQ(model->receptiveField(), 1 + 2 * 1 + 2 * 2 + 2 * 8);
}

TEST(NamMetadataShared, A1StandardAssumes48kAndCountsMacs)
{
    const std::string path = test::sharedDir() + "/models/nam/wavenet_a1_standard.nam";
    WAVEAMP_REQUIRE_SHARED_FILE(path);
    auto model = ModelLoader::loadFile(path);
    EXPECT_FALSE(model->info().sampleRateKnown);
    EXPECT_EQ(model->info().sampleRate, 48000.0);
    EXPECT_EQ(model->info().macsPerSample, 13321);  // the figure ../shared/README.md gives
    EXPECT_EQ(model->receptiveField(), 1 + 2 * 2 * 1023);
}

TEST(EveryModelShared, EveryFileInSharedModelsLoadsAndPlays)
{
    // Every architecture in ../shared/models is supported now: each file loads, and plays a
    // second of guitar with finite, non-silent output.
    const std::string root = test::sharedDir() + "/models";
    WAVEAMP_REQUIRE_SHARED_FILE(root + "/nam/lstm.nam");
    auto di = test::readWav(test::sharedDir() + "/audio/guitar_di.wav");
    di.resize(48000);
    size_t files = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
        if (!entry.is_regular_file()) continue;
        const std::string path = entry.path().string();
        SCOPED_TRACE(path);
        std::unique_ptr<Model> model;
        ASSERT_NO_THROW(model = ModelLoader::loadFile(path));
        model->prepare(model->info().sampleRate, 64);
        model->prewarm();
        const auto out = test::render(*model, di, 64);
        double energy = 0;
        for (float y : out) {
            ASSERT_TRUE(std::isfinite(y));
            energy += double(y) * y;
        }
        EXPECT_GT(energy, 0.0);
        std::cout << "[ model ] " << entry.path().filename().string() << ": " << model->info().format << ", "
                  << model->info().architecture << "\n";
        ++files;
    }
    EXPECT_GE(files, 12u);
}

TEST(NamSlimmableShared, SizeChoosesTheSubmodelLikeTheReference)
{
    const std::string path = test::sharedDir() + "/models/nam/A2.nam";
    WAVEAMP_REQUIRE_SHARED_FILE(path);
    // The reference plays the first submodel whose max_value exceeds the size; A2 has
    // max_values 0.5 (lite, 3 channels) and 1.0 (full, 8 channels); the default is the full one.
    const struct { double size; int active; } cases[] = { { 0.0, 0 }, { 0.49, 0 }, { 0.5, 1 }, { 1.0, 1 } };
    for (const auto& c : cases) {
        LoadOptions options;
        options.slimmableSize = c.size;
        auto model = ModelLoader::loadFile(path, options);
        const auto& info = model->info();
        ASSERT_EQ(info.submodelMaxValues, (std::vector<double> { 0.5, 1.0 }));
        EXPECT_EQ(info.activeSubmodel, c.active) << "size " << c.size;
        EXPECT_NE(info.architecture.find(c.active == 0 ? "3 ch" : "8 ch"), std::string::npos) << info.architecture;
        EXPECT_EQ(model->receptiveField(), 6347);  // 1 + sum (k-1)*d + head kernel 16 - 1
        EXPECT_TRUE(info.inputLevelKnown);          // the container's own metadata
    }
    auto full = ModelLoader::loadFile(path);
    EXPECT_EQ(full->info().activeSubmodel, 1);
    // A plain model is not slimmable.
    auto plain = ModelLoader::loadFile(test::sharedDir() + "/models/nam/wavenet.nam");
    EXPECT_TRUE(plain->info().submodelMaxValues.empty());
    EXPECT_EQ(plain->info().activeSubmodel, -1);
}
