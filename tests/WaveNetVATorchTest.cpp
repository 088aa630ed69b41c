// Every WaveNetVA-family model in ../shared/models/wavenetva against renders made in this build
// by our own PyTorch reference (tests/reference/wavenetva_reference.py, run by the ctest
// fixture render_wavenetva_torch_references_shared).
#include "ModelLoader.h"
#include "ModelRender.h"
#include "TestSupport.h"
#include <cstdlib>

using namespace waveamp;

namespace {
const char* const kModels[] = { "pedalnet", "ts9_fullD", "bluesJR_clean", "WaveNet2-ds1", "bluej_fullD_p0153" };
class WaveNetVATorchShared : public ::testing::TestWithParam<const char*> {};
} // namespace

TEST_P(WaveNetVATorchShared, MatchesOurPyTorchReference)
{
    const std::string name = GetParam();
    const char* dir = std::getenv("WAVEAMP_TORCH_RENDERS");
    const std::string reference = std::string(dir ? dir : "") + "/" + name + ".wav";
    if (!dir || !test::fileExists(reference)) {
        if (test::runningUnderCi()) FAIL() << "no PyTorch render at " << reference << " under CI";
        GTEST_SKIP() << "skipped: no PyTorch render at " << reference
                     << " (ctest renders them when Debian's python3-torch is installed)";
    }
    auto model = ModelLoader::loadFile(test::sharedDir() + "/models/wavenetva/" + name + ".json");
    model->prepare(48000.0, 64);
    const auto ours = test::render(*model, test::readWav(test::sharedDir() + "/audio/guitar_di.wav"), 64);
    const auto expected = test::readWav(reference);
    ASSERT_EQ(ours.size(), expected.size());
    const auto d = test::compare(ours, expected);
    std::cout << "[ metric ] " << name << " vs tests/reference PyTorch: max abs " << d.maxAbs << "\n";
    EXPECT_LE(d.maxAbs, 1e-5) << "worst at sample " << d.worstIndex;
}

INSTANTIATE_TEST_SUITE_P(Models, WaveNetVATorchShared, ::testing::ValuesIn(kModels), [](const auto& info) {
    std::string s = info.param;
    for (auto& ch : s) if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
    return s;
});
