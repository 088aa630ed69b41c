// The block-size-1 path (kernels/ArrayFrameKernel.h: one frame through a whole layer array,
// with the chain products pre-multiplied for tanh-like activations) against the block kernels
// on the same model: every channel count it takes (1-8), each activation it instantiates
// (tanh and LeakyReLU compiled in, others read per layer), kernel sizes 2 to 15, one and two
// layer arrays; and 9-16 channels in one 16-lane vector on AVX-512. The block path is itself
// checked against PyTorch (Conv1dTorchTest, NamTorchReferenceTest); here block 1 must agree
// with it to float rounding.
#include "ModelLoader.h"
#include "ModelRender.h"
#include "NamWaveNetModel.h"
#include "WaveNetVAModel.h"
#include "SyntheticModels.h"
#include "SyntheticNamModels.h"
#include "TestSupport.h"
#include "kernels/LayerKernel.h"
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <gtest/gtest.h>
#include <memory>

using namespace waveamp;

namespace {

// The model rendered at block size 64 and at block size 1 (the latter kept, to ask which path
// it ran): the block-64 output must not be silent, and block 1 must be within `relative` of its
// peak.
std::unique_ptr<Model> expectBlockOneWithin(const std::string& text, const std::string& what, double relative)
{
    const auto in = test::guitarLikeSignal(6000);
    auto blockModel = ModelLoader::loadString(text, what);
    blockModel->prepare(48000.0, 64);
    const auto expected = test::render(*blockModel, in, 64);
    auto frameModel = ModelLoader::loadString(text, what);
    frameModel->prepare(48000.0, 1);
    const auto d = test::compare(test::render(*frameModel, in, 1), expected);
    float peak = 0.0f;
    for (float y : expected) peak = std::max(peak, std::fabs(y));
    EXPECT_GT(peak, 1e-4f) << what << ": the model is silent, the comparison would prove nothing";
    EXPECT_LE(d.maxAbs, relative * peak) << what;
    if (std::getenv("WAVEAMP_SHOW_ERRORS")) std::printf("%-40s peak %.3g  max abs %.3g  (%.2g of peak)\n", what.c_str(), peak, d.maxAbs, d.maxAbs / peak);
    return frameModel;
}

// Block 1 against block 64 on the same model; true when block 1 ran on the array-frame kernel.
bool expectBlockOneMatches(const std::string& text, const std::string& what)
{
    // Float rounding in another summation order, through up to 23 layers: ~1e-6 of the peak.
    const auto model = expectBlockOneWithin(text, what, 1e-5);
    const auto* nam = dynamic_cast<const NamWaveNetModel*>(model.get());
    return nam && nam->usesFrameKernel();
}

bool wideIsa() { return kernels::selectedIsa() == kernels::Isa::Avx2 || kernels::selectedIsa() == kernels::Isa::Avx512; }

} // namespace

TEST(ArrayFrame, EveryChannelCountAndActivationMatchesTheBlockPath)
{
    for (const char* activation : { "Tanh", "LeakyReLU", "Sigmoid", "ReLU" })
        for (int c = 1; c <= 8; ++c)
            for (int k : { 2, 3 }) {
                const int c2 = std::max(1, c / 2);
                const std::string text = test::makeNamWaveNet(
                    { { 1, c, c2, k, { 1, 2, 4, 8, 16, 32, 64 }, false, false, activation },
                      { c, c2, 1, k, { 128, 1, 3, 9, 27 }, false, true, activation } }, 40 + unsigned(c));
                const std::string what = std::string(activation) + " " + std::to_string(c) + "/" + std::to_string(c2)
                                         + " ch, kernel " + std::to_string(k);
                const bool usedFrameKernel = expectBlockOneMatches(text, what);
                EXPECT_EQ(usedFrameKernel, wideIsa()) << what;
            }
}

// Arrays of one layer (no chain row) and two (one row): the joint form's first and last layer at once.
// On AVX-512, 5-8 channel layers other than LeakyReLU read chain rows with the residual 1x1 beside
// M (arrayFrameJoint), so these and the test above run it there.
TEST(ArrayFrame, OneAndTwoLayerArraysMatchTheBlockPath)
{
    for (const char* activation : { "Tanh", "Sigmoid" })
        for (int c = 3; c <= 8; ++c)
            for (int layers : { 1, 2 }) {
                const std::vector<int> dilations = layers == 1 ? std::vector<int> { 4 } : std::vector<int> { 1, 8 };
                const std::string text = test::makeNamWaveNet(
                    { { 1, c, 2, 3, dilations, false, false, activation }, { c, 2, 1, 3, dilations, false, true, activation } },
                    80 + unsigned(c));
                const std::string what = std::string(activation) + " " + std::to_string(c) + " ch, " + std::to_string(layers) + " layer(s)";
                EXPECT_EQ(expectBlockOneMatches(text, what), wideIsa()) << what;
            }
    if (kernels::selectedIsa() == kernels::Isa::Avx512) {
        EXPECT_EQ(kernels::arrayFrameChainLanes(kernels::Isa::Avx512, 8, 8, kernels::kTanh), 16);
        EXPECT_EQ(kernels::arrayFrameChainLanes(kernels::Isa::Avx512, 8, 5, -1), 16);
        EXPECT_EQ(kernels::arrayFrameChainLanes(kernels::Isa::Avx512, 8, 8, kernels::kLeakyReLU), 8);
        EXPECT_EQ(kernels::arrayFrameChainLanes(kernels::Isa::Avx512, 4, 4, kernels::kTanh), 4);
    }
    EXPECT_EQ(kernels::arrayFrameChainLanes(kernels::Isa::Avx2, 8, 8, kernels::kTanh), 8);  // M alone on AVX2
}

// NAM A2's shape (23 layers, kernel sizes 6 and 15, LeakyReLU), and the same with tanh, which
// takes the pre-multiplied chain across layers of different kernel sizes. 1-4 channels read the
// past taps two per vector on AVX2 and AVX-512, 5-8 on AVX-512 (at least 4 past taps per layer):
// odd and even tap counts, every input channel count of both packings.
TEST(ArrayFrame, A2ShapesMatchTheBlockPath)
{
    for (int c : { 1, 2, 3, 4, 5, 6, 7, 8 }) {
        auto doc = test::makeNamA2WaveNetDocument(c, 17);
        EXPECT_EQ(expectBlockOneMatches(doc.dump(), "A2 LeakyReLU " + std::to_string(c)), wideIsa());
        doc["config"]["layers"][0]["activation"] = { { "type", "Tanh" } };
        EXPECT_EQ(expectBlockOneMatches(doc.dump(), "A2 tanh " + std::to_string(c)), wideIsa());
    }
}

// 9-16 channels in one 16-lane vector: the array-frame kernel's wide form on AVX-512 (NAM A1's
// 16-channel array, lite's 12); the stack kernel elsewhere. Every channel count it instantiates,
// the activations compiled in and one read per layer, kernel sizes 2, 3 and 6.
TEST(ArrayFrame, WideLayersMatchTheBlockPath)
{
    const bool wideForm = kernels::selectedIsa() == kernels::Isa::Avx512;
    for (const char* activation : { "Tanh", "LeakyReLU", "Sigmoid" })
        for (int c = 9; c <= 16; ++c)
            for (int k : { 2, 3, 6 }) {
                const std::string text = test::makeNamWaveNet(
                    { { 1, c, 1, k, { 1, 2, 4, 8, 16, 32, 64, 128, 3, 9 }, false, true, activation } }, 60 + unsigned(c));
                const std::string what = std::string(activation) + " " + std::to_string(c) + " ch, kernel " + std::to_string(k);
                EXPECT_EQ(expectBlockOneMatches(text, what), wideForm) << what;
            }
}

// Gated layers and wider ones are not for the array-frame kernel. Block size 1 runs
// them on the stack kernel: the tile kernel's one-frame tile for every layer in one call, the
// arithmetic the block path's kernels do (the paired-input and grouped-frames kernels match the
// tile bit for bit: KernelAgreementTest). WaveNetVA's output is then equal bit for bit; a NAM
// WaveNet's head and rechannel products (Eigen, outside the layer kernels) round differently with
// the block length: up to 1e-6 of the peak.
namespace {

template <class M>
bool expectBlockOneMatchesBlockPath(const std::string& text, const std::string& what, double relative)
{
    const auto frameModel = expectBlockOneWithin(text, what, relative);
    const auto* model = dynamic_cast<const M*>(frameModel.get());
    EXPECT_NE(model, nullptr) << what;
    return model && model->usesStackKernel();
}

bool tileIsa() { return kernels::selectedIsa() != kernels::Isa::Reference; }

// Sigmoid-gated layers of c channels run the gated one-frame kernel at block size 1: packed for 4
// lanes (3-4 channels) on AVX2 and AVX-512, for 8 lanes (5-8) on AVX-512. 1-2 channels pack for
// 2 lanes (the grouped-frames kernel, which has no one-frame form) unless WAVEAMP_GROUPED=0
// keeps them on the tile kernel: then for 4 lanes, and the gated one-frame kernel takes them.
bool gatedFrameIsa(int c)
{
    const auto isa = kernels::selectedIsa();
    const int fewest = kernels::groupedFramesEnabled() ? 3 : 1;
    return (isa == kernels::Isa::Avx512 && c >= fewest && c <= 8) || (isa == kernels::Isa::Avx2 && c >= fewest && c <= 4);
}

} // namespace

TEST(StackKernel, GatedAndWideNamLayersMatchTheBlockPath)
{
    using Nam = NamWaveNetModel;
    for (int c : { 3, 4, 8 }) {  // gated: the gated one-frame kernel where it takes them (below)
        const auto text = test::makeNamWaveNet({ { 1, c, 1, 3, { 1, 2, 4 }, true, true } }, 5);
        EXPECT_EQ(expectBlockOneMatchesBlockPath<Nam>(text, "gated " + std::to_string(c) + " ch", 1e-5),
                  tileIsa() && !gatedFrameIsa(c));
    }
    // Ungated 9-16 channels: the stack on SSE2 and AVX2 (two 8-lane vectors), the array-frame
    // kernel's wide form on AVX-512; 20: three 8-lane vectors (no kernel on SSE2: over 4 vectors).
    const bool avx512 = kernels::selectedIsa() == kernels::Isa::Avx512;
    for (int c : { 9, 12, 16, 20 })
        EXPECT_EQ(expectBlockOneMatchesBlockPath<Nam>(test::makeNamWaveNet({ { 1, c, 1, 3, { 1, 2, 4, 8 }, false, true } }, 6),
                                                      std::to_string(c) + " ch", c == 20 || !avx512 ? 1e-6 : 1e-5),
                  c == 20 ? wideIsa() : tileIsa() && !avx512);
    for (int c : { 12, 16 })
        EXPECT_EQ(expectBlockOneMatchesBlockPath<Nam>(test::makeNamWaveNet({ { 1, c, 8, 3, { 1, 2, 4, 8, 16 }, true, false },
                                                                             { c, 8, 1, 2, { 32, 64 }, true, true } }, 7),
                                                      "gated " + std::to_string(c) + " ch, two arrays", 1e-6),
                  tileIsa());
}

TEST(StackKernel, WaveNetVALayersMatchTheBlockPathBitForBit)
{
    // PedalNet's shape (16 channels, gated, dilations to 512), SmartGuitarPedal's (8), and
    // 4 channels tanh (the grouped-frames kernel's shape on AVX2 and AVX-512).
    const std::vector<int> dilations { 1, 2, 4, 8, 16, 32, 64, 128, 256, 512 };
    EXPECT_EQ(expectBlockOneMatchesBlockPath<WaveNetVAModel>(test::makeWaveNetVA(16, 3, dilations, 1), "VA gated 16 ch", 0.0),
              tileIsa());
    if (!gatedFrameIsa(8))  // else the gated one-frame kernel (GatedFrame below)
        EXPECT_TRUE(expectBlockOneMatchesBlockPath<WaveNetVAModel>(test::makeWaveNetVA(8, 3, dilations, 2), "VA gated 8 ch", 0.0)
                    || !tileIsa());
    EXPECT_EQ(expectBlockOneMatchesBlockPath<WaveNetVAModel>(test::makeWaveNetVA(4, 5, { 1, 3, 9, 27 }, 3, "tanh"),
                                                             "VA tanh 4 ch", 0.0),
              tileIsa());
}

// Sigmoid-gated layers of 1-8 channels at block size 1: both halves of the conv outputs in one
// vector (ArrayFrameKernel.h's gatedFrame), with the fused chain (1-2 channels only under
// WAVEAMP_GROUPED=0, a ctest run of its own). WaveNetVA (SmartGuitarPedal's 8 channels, and
// every other count it takes) and NAM gated arrays (with the input mixin, two arrays, kernel
// sizes 2, 3 and 6), tanh compiled in and other activations read per layer.
// Float rounding in another summation order: within 1e-5 of the peak, like the array-frame form.
TEST(GatedFrame, GatedLayersMatchTheBlockPath)
{
    const std::vector<int> dilations { 1, 2, 4, 8, 16, 32, 64, 128, 256, 512 };
    for (int c = 1; c <= 8; ++c) {
        const std::string what = "VA gated " + std::to_string(c) + " ch";
        const auto model = expectBlockOneWithin(test::makeWaveNetVA(c, 3, dilations, 20 + unsigned(c)), what, 1e-5);
        const auto* va = dynamic_cast<const WaveNetVAModel*>(model.get());
        ASSERT_NE(va, nullptr);
        EXPECT_EQ(va->usesGatedFrameKernel(), gatedFrameIsa(c)) << what;
    }
    for (const char* activation : { "Tanh", "ReLU" })
        for (int c = 1; c <= 8; ++c)
            for (int k : { 2, 3, 6 }) {
                const int c2 = std::max(3, c - 2);
                const std::string text = test::makeNamWaveNet(
                    { { 1, c, c2, k, { 1, 2, 4, 8, 16, 32, 64 }, true, false, activation },
                      { c, c2, 1, k, { 128, 1, 3, 9, 27 }, true, true, activation } }, 80 + unsigned(c));
                const std::string what = std::string("NAM gated ") + activation + " " + std::to_string(c) + "/"
                                         + std::to_string(c2) + " ch, kernel " + std::to_string(k);
                EXPECT_EQ(expectBlockOneMatches(text, what), gatedFrameIsa(c) || gatedFrameIsa(c2)) << what;
            }
}
