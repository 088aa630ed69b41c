// The engine fed hostile audio (HostileSignals.h) in host-sized blocks: output finite and
// bounded for every finite input; after a NaN/Inf burst the output is finite again within one
// receptive field of the burst's end, in every model shape.
#include "HostileSignals.h"
#include "ModelLoader.h"
#include "SyntheticModels.h"
#include "TestSupport.h"
#include <gtest/gtest.h>
#include <cstdlib>

using namespace waveamp;
using namespace waveamp::test::hostile;

namespace {

struct NamedModel {
    const char* name;
    std::string text;
};

std::vector<NamedModel> models()
{
    std::vector<NamedModel> m = {
        { "default", test::readText(test::sourceDir() + "/Resources/models/default.json") },
        { "va_gated_16ch", test::makeWaveNetVA(16, 3, { 1, 2, 4, 8, 16, 32, 64, 128, 256, 512 }, 1) },
        { "va_tanh_4ch", test::makeWaveNetVA(4, 2, { 1, 4, 16 }, 3, "tanh") },
        { "nam_a1_standard", test::makeNamA1Standard(2) },
        { "nam_gated", test::makeNamWaveNet({ { 1, 5, 3, 4, { 1, 3, 9 }, true, false },
                                              { 5, 3, 1, 2, { 27 }, true, true } }, 3) },
    };
    // Recurrent and container families, from ../shared when it is there (their state does not
    // forget by itself, so recovering from NaN/Inf is a property of the engine, not of the shape).
    for (const char* f : { "nam/lstm.nam", "nam/BossLSTM-1x16.nam", "nam/A2.nam", "keras/tw40_california_clean.json" }) {
        const std::string path = test::sharedDir() + "/models/" + f;
        if (test::fileExists(path)) m.push_back({ f, test::readText(path) });
    }
    return m;
}

// Output of a model on a full-scale input stays within this: every shape ends in a linear head
// over tanh/sigmoid-bounded activations, so |y| is bounded by its weights; 100 is far above any
// trained or synthetic model here (they peak at a few units) and far below "blown up".
constexpr float kBound = 100.0f;

} // namespace

TEST(HostileAudioEngine, OutputFiniteBoundedAndRecoversWithinOneReceptiveField)
{
    const double rate = 48000.0;
    const int block = 97;  // not a power of two: bursts straddle block edges
    for (const auto& m : models()) {
        auto model = ModelLoader::loadString(m.text, m.name);
        model->prepare(rate, 256);
        const size_t rf = static_cast<size_t>(model->receptiveField());
        for (const auto& s : signals(rate, silenceSeconds())) {
            SCOPED_TRACE(std::string(m.name) + " / " + s.name);
            model->reset();
            std::vector<float> y(s.samples.size());
            for (size_t i = 0; i < s.samples.size(); i += block) {
                const int n = static_cast<int>(std::min<size_t>(block, s.samples.size() - i));
                model->process(s.samples.data() + i, y.data() + i, n);
            }
            const size_t burstTail = s.burstEnd > s.burstBegin ? s.burstEnd + rf : 0;
            size_t bad = 0, firstBad = y.size();
            float peak = 0.0f;
            for (size_t i = 0; i < y.size(); ++i) {
                if (i >= s.burstBegin && i < burstTail) continue;  // within the burst's reach
                if (!std::isfinite(y[i]) || std::abs(y[i]) > kBound) {
                    if (bad++ == 0) firstBad = i;
                } else {
                    peak = std::max(peak, std::abs(y[i]));
                }
            }
            EXPECT_EQ(bad, 0u) << "first at sample " << firstBad << " (receptive field " << rf << ")";
            if (s.burstEnd > s.burstBegin) {  // recovered: live output again, not stuck at silence
                ASSERT_LT(burstTail + 1100, y.size()) << "signal too short for this receptive field";
                EXPECT_GT(std::abs(y[burstTail + 1000]) + std::abs(y[burstTail + 1100]), 0.0f);
            }
        }
    }
}
