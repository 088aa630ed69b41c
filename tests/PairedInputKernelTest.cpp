// The paired-input kernel (kernels/PairedInputKernel.h: ungated 6- and 8-channel layers on
// AVX-512, a frame's input channels taken two per 64-bit broadcast) claims the tile kernel's
// arithmetic in the same order. Blocks of 7 frames run entirely on the tile kernel (the paired
// kernel takes steps of 8 frames), blocks of 64 entirely on the paired kernel, and irregular
// blocks on both: the renders must be equal bit for bit. On CPUs without AVX-512 both sides run
// the tile kernel and the test still holds (it then proves only partition independence).
#include "ModelLoader.h"
#include "ModelRender.h"
#include "SyntheticModels.h"
#include "SyntheticNamModels.h"
#include "TestSupport.h"
#include <cmath>
#include <gtest/gtest.h>

using namespace waveamp;

namespace {

void expectTileAndPairedAgreeBitForBit(const std::string& text, const std::string& what)
{
    const auto in = test::guitarLikeSignal(5000);
    auto render = [&](int prepared, const std::vector<int>& blocks) {
        auto model = ModelLoader::loadString(text, what);
        model->prepare(48000.0, prepared);
        return test::renderWithBlocks(*model, in, blocks);
    };
    const auto tile = render(7, { 7 });
    const auto paired = render(64, { 64 });
    const auto mixed = render(64, { 13, 64, 9, 2, 31, 16 });
    float peak = 0.0f;
    for (float y : tile) peak = std::max(peak, std::fabs(y));
    EXPECT_GT(peak, 1e-3f) << what << ": a silent model would prove nothing";
    EXPECT_EQ(test::compare(paired, tile).maxAbs, 0.0) << what;
    EXPECT_EQ(test::compare(mixed, tile).maxAbs, 0.0) << what;
}

} // namespace

TEST(PairedInputKernel, EightAndSixChannelLayersMatchTheTileKernelBitForBit)
{
    for (const char* activation : { "Tanh", "LeakyReLU", "ReLU", "SiLU" })
        for (int c : { 6, 8 }) {
            // Input mixin in the first array, two kernel sizes, a head of another width.
            const std::string text = test::makeNamWaveNet(
                { { 1, c, c, 3, { 1, 2, 4, 8, 16, 32, 64 }, false, false, activation },
                  { c, c, 1, 2, { 128, 1, 5, 25 }, false, true, activation } }, 60 + unsigned(c));
            expectTileAndPairedAgreeBitForBit(text, std::string(activation) + " " + std::to_string(c) + " ch");
        }
}

TEST(PairedInputKernel, NamA1AndA2FullShapesMatchTheTileKernelBitForBit)
{
    expectTileAndPairedAgreeBitForBit(test::makeNamA1Standard(11), "NAM A1 standard");
    expectTileAndPairedAgreeBitForBit(test::makeNamA2WaveNet(8, 12), "NAM A2 full (kernel sizes 6 and 15)");
    expectTileAndPairedAgreeBitForBit(test::makeWaveNetVA(8, 3, { 1, 2, 4, 8, 16, 32, 64, 128, 256, 512 }, 13, "tanh"),
                                      "WaveNetVA 8 ch tanh");
}
