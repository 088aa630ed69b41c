// The wide-vector kernels claim the tile kernel's arithmetic in the same order, so a layer's
// result must not depend on which of them ran it:
// - the paired-input kernel (kernels/PairedInputKernel.h: ungated 6- and 8-channel layers on
//   AVX-512, a frame's input channels taken two per 64-bit broadcast; steps of 16 frames);
// - the grouped-frames kernel for gated 5-8 channel layers (kernels/GroupedFramesKernel.h:
//   two frames per 512-bit vector on AVX-512; steps of at least 4 frames).
// Blocks shorter than a step run entirely on the tile kernel, blocks of 64 entirely on the wide
// kernel, and irregular blocks on both: the renders must be equal bit for bit. On CPUs without
// AVX-512 every side runs the tile kernel and the test still holds (it then proves only
// partition independence).
#include "ModelLoader.h"
#include "ModelRender.h"
#include "SyntheticModels.h"
#include "SyntheticNamModels.h"
#include "TestSupport.h"
#include <cmath>
#include <gtest/gtest.h>

using namespace waveamp;

namespace {

// tileBlock: a block size shorter than the wide kernel's step.
void expectTileAndWideAgreeBitForBit(const std::string& text, const std::string& what, int tileBlock = 7)
{
    const auto in = test::guitarLikeSignal(5000);
    auto render = [&](int prepared, const std::vector<int>& blocks) {
        auto model = ModelLoader::loadString(text, what);
        model->prepare(48000.0, prepared);
        return test::renderWithBlocks(*model, in, blocks);
    };
    const auto tile = render(tileBlock, { tileBlock });
    const auto wide = render(64, { 64 });
    const auto mixed = render(64, { 13, 64, 9, 2, 31, 16 });
    float peak = 0.0f;
    for (float y : tile) peak = std::max(peak, std::fabs(y));
    EXPECT_GT(peak, 1e-3f) << what << ": a silent model would prove nothing";
    EXPECT_EQ(test::compare(wide, tile).maxAbs, 0.0) << what;
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
            expectTileAndWideAgreeBitForBit(text, std::string(activation) + " " + std::to_string(c) + " ch");
        }
}

TEST(PairedInputKernel, NamA1AndA2FullShapesMatchTheTileKernelBitForBit)
{
    expectTileAndWideAgreeBitForBit(test::makeNamA1Standard(11), "NAM A1 standard");
    expectTileAndWideAgreeBitForBit(test::makeNamA2WaveNet(8, 12), "NAM A2 full (kernel sizes 6 and 15)");
    expectTileAndWideAgreeBitForBit(test::makeWaveNetVA(8, 3, { 1, 2, 4, 8, 16, 32, 64, 128, 256, 512 }, 13, "tanh"),
                                      "WaveNetVA 8 ch tanh");
}

TEST(GroupedFramesKernel, GatedFiveToEightChannelLayersMatchTheTileKernelBitForBit)
{
    for (int c : { 5, 6, 7, 8 }) {
        // WaveNetVA (SmartGuitarPedal's family): gated tanh x sigmoid, one array, input mixin.
        expectTileAndWideAgreeBitForBit(test::makeWaveNetVA(c, 3, { 1, 2, 4, 8, 16, 32, 64, 128 }, 70 + unsigned(c)),
                                        "WaveNetVA gated " + std::to_string(c) + " ch", 3);
        // NAM gated layers: two arrays, kernel sizes 3 and 2, a head of another width. (Only
        // even widths: with 5 or 7 channels the products between NAM's arrays, outside the
        // layer kernels, round differently with the block length, by ~1e-9, even with every
        // layer forced onto the tile kernel (WAVEAMP_GROUPED=0); BlockPartitionTest bounds
        // that at 1e-6.)
        if (c % 2) continue;
        const std::string text = test::makeNamWaveNet(
            { { 1, c, c, 3, { 1, 2, 4, 8, 16, 32, 64 }, true, false },
              { c, c, 1, 2, { 128, 1, 5, 25 }, true, true } }, 80 + unsigned(c));
        expectTileAndWideAgreeBitForBit(text, "NAM gated " + std::to_string(c) + " ch", 3);
    }
}
