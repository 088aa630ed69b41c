// Output must not depend on how the host slices the audio: every block partition gives the same
// samples (max abs <= 1e-6), including blocks larger than prepared. reset() restores zero
// history; prewarm() reaches the steady state for silence.
#include "ModelLoader.h"
#include "ModelRender.h"
#include "SyntheticModels.h"
#include "SyntheticNamModels.h"
#include "TestSupport.h"
#include <cmath>
#include <random>

using namespace waveamp;

namespace {

struct Named {
    const char* name;
    std::string (*make)();
};

const Named kModels[] = {
    { "DefaultModel", [] { return test::readText(test::sourceDir() + "/Resources/models/default.json"); } },
    { "VA_gated_16ch", [] { return test::makeWaveNetVA(16, 3, { 1, 2, 4, 8, 16, 32, 64, 128, 256, 512 }, 1); } },
    { "VA_tanh_4ch_k5", [] { return test::makeWaveNetVA(4, 5, { 1, 3, 9, 27 }, 2, "tanh"); } },
    { "NAM_A1_standard", [] { return test::makeNamA1Standard(3); } },
    { "NAM_gated_k2", [] {
          return test::makeNamWaveNet({ { 1, 6, 3, 2, { 1, 2, 4, 8, 16 }, true, false },
                                        { 6, 3, 1, 2, { 32, 64 }, true, true } }, 4);
      } },
    { "NAM_relu_k1", [] { return test::makeNamWaveNet({ { 1, 3, 1, 1, { 1, 1 }, false, true, "ReLU" } }, 5); } },
    { "NAM_LSTM_2x8", [] { return test::makeNamLstm(2, 8, 21); } },
    { "Keras_LSTM_12", [] { return test::makeKerasRecurrent("lstm", 12, 22); } },
    { "Keras_GRU_8", [] { return test::makeKerasRecurrent("gru", 8, 23); } },
    { "Keras_conv_lstm_mixed", [] { return test::readText(test::dataDir() + "/recurrent/keras_mixed.json"); } },
    { "NAM_A2_lite_shape", [] { return test::makeNamA2WaveNet(3, 6); } },
    { "NAM_Slimmable_A2_shapes", [] { return test::makeNamSlimmable(7); } },
    { "NAM_options_gated_blended_bottleneck", [] {
          return test::readText(test::dataDir() + "/nam_torch/wavenet_gated_blended_bottleneck.nam");
      } },
    { "NAM_post_stack_head", [] { return test::readText(test::dataDir() + "/nam_torch/wavenet_no_layer1x1_post_head.nam"); } },
    { "NAM_ConvNet", [] { return test::makeNamConvNet(8, { 1, 2, 4, 8, 16, 32 }, "Tanh", 8); } },
    { "NAM_Linear", [] { return test::makeNamLinear(300, true, 9); } },
};

std::vector<float> guitarLikeSignal(size_t n, unsigned seed)
{
    std::mt19937 rng(seed);
    std::normal_distribution<float> noise(0.f, 0.02f);
    std::vector<float> x(n);
    for (size_t i = 0; i < n; ++i) {
        const float env = std::exp(-float(i % 12000) / 4000.f);
        x[i] = 0.6f * env * std::sin(2.f * float(M_PI) * 110.f * float(i) / 48000.f)
               + 0.2f * env * std::sin(2.f * float(M_PI) * 331.f * float(i) / 48000.f) + noise(rng);
    }
    return x;
}

using test::renderWithBlocks;

class BlockPartition : public ::testing::TestWithParam<Named> {};

} // namespace

TEST_P(BlockPartition, EveryPartitionGivesTheSameOutput)
{
    const auto text = GetParam().make();
    const auto in = guitarLikeSignal(20000, 11);
    std::mt19937 rng(99);
    std::vector<int> random;
    for (int i = 0; i < 200; ++i) random.push_back(1 + int(rng() % 700));

    auto reference = ModelLoader::loadString(text, GetParam().name);
    reference->prepare(48000.0, 4096);
    const auto expected = renderWithBlocks(*reference, in, { 4096 });

    struct Setup { int prepared; std::vector<int> blocks; };
    const Setup setups[] = { { 1, { 1 } }, { 2, { 2 } }, { 7, { 7 } }, { 64, { 64 } }, { 4096, { 4096 } },
                             { 700, random },
                             { 64, { 4096 } },           // larger than prepared: chunked
                             { 16, { 1, 17, 300, 5 } } };  // mixed, partly larger than prepared
    for (const auto& s : setups) {
        auto model = ModelLoader::loadString(text, GetParam().name);
        model->prepare(48000.0, s.prepared);
        const auto d = test::compare(renderWithBlocks(*model, in, s.blocks), expected);
        EXPECT_LE(d.maxAbs, 1e-6) << "prepared " << s.prepared << ", first block " << s.blocks[0];
    }
}

TEST_P(BlockPartition, InPlaceProcessingMatches)
{
    const auto text = GetParam().make();
    const auto in = guitarLikeSignal(5000, 12);
    auto a = ModelLoader::loadString(text);
    auto b = ModelLoader::loadString(text);
    a->prepare(48000.0, 128);
    b->prepare(48000.0, 128);
    const auto expected = test::render(*a, in, 128);
    auto buffer = in;
    for (size_t i = 0; i < buffer.size(); i += 128)
        b->process(buffer.data() + i, buffer.data() + i, int(std::min<size_t>(128, buffer.size() - i)));
    EXPECT_LE(test::compare(buffer, expected).maxAbs, 0.0);
}

TEST_P(BlockPartition, ResetRestoresZeroHistory)
{
    const auto text = GetParam().make();
    const auto in = guitarLikeSignal(6000, 13);
    auto model = ModelLoader::loadString(text);
    model->prepare(48000.0, 256);
    const auto first = test::render(*model, in, 256);
    model->reset();
    const auto second = test::render(*model, in, 256);
    EXPECT_LE(test::compare(first, second).maxAbs, 0.0);
}

TEST_P(BlockPartition, PrewarmReachesTheSilenceSteadyState)
{
    const auto text = GetParam().make();
    auto model = ModelLoader::loadString(text);
    model->prepare(48000.0, 64);
    model->prewarm();
    // After prewarm, silence in gives a constant out: no start-up transient at all.
    std::vector<float> silence(size_t(model->receptiveField()) + 500, 0.f);
    const auto out = test::render(*model, silence, 64);
    for (size_t i = 1; i < out.size(); ++i)
        ASSERT_NEAR(out[i], out[0], 1e-6) << "transient at sample " << i;
    // A fresh model (zero history) does have a transient unless the network is trivially flat;
    // prewarming twice gives identical results (prewarm starts from reset).
    auto again = ModelLoader::loadString(text);
    again->prepare(48000.0, 64);
    again->prewarm();
    again->prewarm();
    EXPECT_LE(test::compare(test::render(*again, silence, 64), out).maxAbs, 0.0);
}

INSTANTIATE_TEST_SUITE_P(Models, BlockPartition, ::testing::ValuesIn(kModels),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(ModelProcess, UnpreparedModelOutputsSilenceInsteadOfCrashing)
{
    auto model = ModelLoader::loadString(test::makeWaveNetVA(2, 3, { 1 }, 1));
    std::vector<float> in(100, 0.5f), out(100, 1.f);
    model->process(in.data(), out.data(), 100);
    for (float v : out) EXPECT_EQ(v, 0.f);
}

TEST_P(BlockPartition, IdleSkippingChangesNothing)
{
    // Signal, then long exact silence (skipped once the receptive field is silent), then signal
    // again: the output must be bit-identical to running the network all the way through.
    const auto text = GetParam().make();
    auto burst = guitarLikeSignal(3000, 14);
    std::vector<float> in(burst);
    in.resize(in.size() + 12000, 0.0f);
    in.insert(in.end(), burst.begin(), burst.end());
    in.resize(in.size() + 9000, 0.0f);
    auto skipping = ModelLoader::loadString(text);
    auto full = ModelLoader::loadString(text);
    skipping->prepare(48000.0, 64);
    full->prepare(48000.0, 64);
    full->setIdleSkipping(false);
    const auto expected = test::render(*full, in, 64);
    const auto ours = test::render(*skipping, in, 64);
    EXPECT_LE(test::compare(ours, expected).maxAbs, 0.0);
}
