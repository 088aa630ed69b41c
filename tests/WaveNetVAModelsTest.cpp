// Every WaveNetVA-family model in ../shared/models/wavenetva against the golden PyTorch renders
// in ../shared/golden (WaveNetVATorchTest.cpp compares with our own PyTorch reference too).
#include "ModelLoader.h"
#include "ModelRender.h"
#include "SyntheticModels.h"
#include "TestSupport.h"
#include <nlohmann/json.hpp>

using namespace waveamp;

namespace {

const char* const kModels[] = { "pedalnet", "ts9_fullD", "bluesJR_clean", "WaveNet2-ds1", "bluej_fullD_p0153" };

class WaveNetVAShared : public ::testing::TestWithParam<const char*> {};

std::vector<float> renderShared(const std::string& name)
{
    auto model = ModelLoader::loadFile(test::sharedDir() + "/models/wavenetva/" + name + ".json");
    model->prepare(48000.0, 64);
    const auto di = test::readWav(test::sharedDir() + "/audio/guitar_di.wav");
    return test::render(*model, di, 64);
}

} // namespace

TEST_P(WaveNetVAShared, MatchesGoldenPyTorchRender)
{
    const std::string name = GetParam();
    const std::string golden = test::sharedDir() + "/golden/" + name + "__guitar_di.wav";
    WAVEAMP_REQUIRE_SHARED_FILE(golden);
    const auto expected = test::readWav(golden);
    const auto ours = renderShared(name);
    ASSERT_EQ(ours.size(), expected.size());
    const auto d = test::compare(ours, expected);
    std::cout << "[ metric ] " << name << " vs shared golden: max abs " << d.maxAbs << "\n";
    RecordProperty("max_abs_vs_golden", std::to_string(d.maxAbs));
    EXPECT_LE(d.maxAbs, 1e-5) << "worst at sample " << d.worstIndex;
}

INSTANTIATE_TEST_SUITE_P(Models, WaveNetVAShared, ::testing::ValuesIn(kModels),
                         [](const auto& info) {
                             std::string s = info.param;
                             for (auto& ch : s) if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
                             return s;
                         });

// SmartGuitarAmp's top-level level_adjust: a linear output gain when non-zero, refused when
// absurd (a corrupt file must not play inf or a deafening signal).
TEST(WaveNetVALevelAdjust, ScalesTheOutputAndRefusesAbsurdValues)
{
    auto doc = nlohmann::json::parse(test::makeWaveNetVA(4, 3, { 1, 2, 4 }, 7));
    std::vector<float> in(512);
    for (size_t i = 0; i < in.size(); ++i) in[i] = 0.3f * std::sin(0.05f * static_cast<float>(i));
    auto renderWith = [&](double levelAdjust) {
        doc["level_adjust"] = levelAdjust;
        auto model = ModelLoader::loadString(doc.dump(), "level_adjust test");
        model->prepare(48000.0, 64);
        return test::render(*model, in, 64);
    };
    const auto plain = renderWith(0.0), louder = renderWith(2.5);
    double peak = 0;
    for (size_t i = 0; i < in.size(); ++i) {
        EXPECT_NEAR(louder[i], 2.5f * plain[i], 1e-6f) << "sample " << i;
        peak = std::max(peak, static_cast<double>(std::abs(plain[i])));
    }
    EXPECT_GT(peak, 1e-3);
    for (double bad : { 1e300, -5000.0 }) {
        doc["level_adjust"] = bad;
        try {
            ModelLoader::loadString(doc.dump(), "level_adjust test");
            ADD_FAILURE() << "level_adjust " << bad << " was accepted";
        } catch (const ModelError& e) {
            EXPECT_NE(std::string(e.what()).find("level_adjust"), std::string::npos) << e.what();
        }
    }
}
