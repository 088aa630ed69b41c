// Every WaveNetVA-family model in ../shared/models/wavenetva against the golden PyTorch renders
// in ../shared/golden (WaveNetVATorchTest.cpp compares with our own PyTorch reference too).
#include "ModelLoader.h"
#include "ModelRender.h"
#include "TestSupport.h"

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
