// Recurrent models from ../shared: NAM LSTM files against the reference NAM implementation's
// renders (with and without its prewarm, which for LSTMs is empty: NAM's trainer stores the
// state reached after 48,000 zeros as the initial state), and the AIDA-X Keras file against its
// own input_batch / output_batch test vectors. Idle skipping must not change a single sample.
#include "KerasLoader.h"
#include "ModelLoader.h"
#include "ModelRender.h"
#include "TestSupport.h"
#include <nlohmann/json.hpp>

using namespace waveamp;

namespace {

struct LstmCase {
    const char* name;
    bool prewarm;
};
const LstmCase kLstmCases[] = { { "lstm", true }, { "lstm", false }, { "BossLSTM-1x16", true } };

class NamLstmShared : public ::testing::TestWithParam<LstmCase> {};

} // namespace

TEST_P(NamLstmShared, MatchesReferenceNamRender)
{
    const auto& c = GetParam();
    const std::string golden = test::sharedDir() + "/golden/" + c.name + "__guitar_di"
                               + (c.prewarm ? "" : "__noprewarm") + ".wav";
    const std::string modelPath = test::sharedDir() + "/models/nam/" + c.name + ".nam";
    WAVEAMP_REQUIRE_SHARED_FILE(modelPath);
    WAVEAMP_REQUIRE_SHARED_FILE(golden);
    auto model = ModelLoader::loadFile(modelPath);
    EXPECT_EQ(model->info().format, "NAM");
    EXPECT_NE(model->info().architecture.find("LSTM"), std::string::npos);
    model->prepare(48000.0, 64);
    if (c.prewarm) model->prewarm();
    const auto di = test::readWav(test::sharedDir() + "/audio/guitar_di.wav");
    const auto ours = test::render(*model, di, 64);
    const auto expected = test::readWav(golden);
    ASSERT_EQ(ours.size(), expected.size());
    const auto d = test::compare(ours, expected);
    std::cout << "[ metric ] " << c.name << (c.prewarm ? " (prewarm)" : " (no prewarm)")
              << " vs reference NAM: max abs " << d.maxAbs << "\n";
    EXPECT_TRUE(d.finite);
    EXPECT_LE(d.maxAbs, 1e-4) << "worst at sample " << d.worstIndex;
}

INSTANTIATE_TEST_SUITE_P(Models, NamLstmShared, ::testing::ValuesIn(kLstmCases), [](const auto& info) {
    std::string s = std::string(info.param.name) + (info.param.prewarm ? "_prewarm" : "_noprewarm");
    for (auto& ch : s) if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
    return s;
});

TEST(KerasShared, AidaXFileMatchesItsOwnTestVectors)
{
    const std::string path = test::sharedDir() + "/models/keras/tw40_california_clean.json";
    WAVEAMP_REQUIRE_SHARED_FILE(path);
    const auto document = nlohmann::json::parse(test::readText(path));
    KerasTestVectors vectors;
    ASSERT_TRUE(kerasTestVectors(document, vectors));
    EXPECT_EQ(vectors.input.size(), 2048u);
    const double error = maxErrorOnTestVectors(document);
    std::cout << "[ metric ] tw40_california_clean vs its output_batch: max abs " << error << "\n";
    EXPECT_LE(error, 1e-5);

    auto model = ModelLoader::loadFile(path);
    EXPECT_EQ(model->info().format, "Keras JSON (AIDA-X / RTNeural)");
    EXPECT_EQ(model->info().architecture, "lstm 12 > dense 1");
    EXPECT_TRUE(model->info().sampleRateKnown);
    EXPECT_EQ(model->info().sampleRate, 48000.0);
    EXPECT_EQ(model->info().name, "tw40_california_clean_deerinkstudios");
    EXPECT_EQ(model->info().macsPerSample, 4 * 12 * (1 + 12) + 12);
}

TEST(RecurrentShared, IdleSkippingChangesNothingAndPrewarmSettles)
{
    const char* files[] = { "/models/nam/lstm.nam", "/models/nam/BossLSTM-1x16.nam",
                            "/models/keras/tw40_california_clean.json" };
    const auto di = [] {
        auto x = test::readWav(test::sharedDir() + "/audio/guitar_di.wav");
        x.resize(96000);
        // Gated guitar: stretches of exact silence long enough for the state to settle.
        for (size_t i = 20000; i < 70000; ++i) x[i] = 0.0f;
        return x;
    };
    for (const char* file : files) {
        const std::string path = test::sharedDir() + file;
        WAVEAMP_REQUIRE_SHARED_FILE(path);
        WAVEAMP_REQUIRE_SHARED_FILE(test::sharedDir() + "/audio/guitar_di.wav");
        const auto in = di();
        auto skipping = ModelLoader::loadFile(path);
        auto full = ModelLoader::loadFile(path);
        full->setIdleSkipping(false);
        for (auto* m : { skipping.get(), full.get() }) {
            m->prepare(48000.0, 64);
            m->prewarm();
        }
        const auto a = test::render(*skipping, in, 64);
        const auto b = test::render(*full, in, 64);
        EXPECT_LE(test::compare(a, b).maxAbs, 0.0) << file;
        // After prewarm, silence gives a constant output (no start-up thump). BossLSTM-1x16 never
        // reaches a bit-exact fixed point in float32 (NAM's reference neither): its silent output
        // wanders by ~2e-6 (-114 dBFS) for ever, so it is never idle-skipped; hence 1e-5 here.
        std::vector<float> silence(4096, 0.0f);
        full->prewarm();
        const auto out = test::render(*full, silence, 64);
        for (size_t i = 1; i < out.size(); ++i)
            ASSERT_NEAR(out[i], out[0], 1e-5) << file << ": transient at sample " << i;
    }
}
