// The whole plugin (gate, model, tone stack, cabinet IR, output, dry/wet) fed hostile audio
// (HostileSignals.h) through processBlock: the output is finite and bounded for every input,
// NaN/Inf included (the processor zeroes non-finite input before anything stateful sees it),
// and it plays again right after a burst.
#include "HostileSignals.h"
#include "PluginTestSupport.h"
#include <gtest/gtest.h>

using namespace waveamp::plugin;
using namespace waveamp::plugin::test;
using namespace waveamp::test::hostile;

TEST(HostileAudioPlugin, OutputFiniteAndBoundedWithCabinetAndDualMono)
{
    const double rate = 48000.0;
    for (const bool dualMono : { false, true }) {
        WaveAmpProcessor p;
        p.setPlayConfigDetails(2, 2, rate, 512);
        p.prepareToPlay(rate, 512);
        p.loadImpulseResponse(toyImpulseResponse(2, 2400, 11), rate, "ir", {});
        setParam(p, params::stereoMode, dualMono ? 1.0f : 0.0f);
        setParam(p, params::inputGain, 12.0f);  // hotter than any guitar DI
        ASSERT_TRUE(settle(p));
        for (const auto& s : signals(rate, silenceSeconds())) {
            SCOPED_TRACE(s.name + (dualMono ? " (dual mono)" : " (summed)"));
            const auto y = render(p, s.samples, 333);
            size_t bad = 0, firstBad = y.size();
            float peak = 0.0f;
            for (size_t i = 0; i < y.size(); ++i) {
                if (!std::isfinite(y[i]) || std::abs(y[i]) > 100.0f) {
                    if (bad++ == 0) firstBad = i;
                } else {
                    peak = std::max(peak, std::abs(y[i]));
                }
            }
            EXPECT_EQ(bad, 0u) << "first at " << firstBad;
            if (s.burstEnd > s.burstBegin) {
                float after = 0.0f;  // playing again within 0.1 s of the burst
                for (size_t i = s.burstEnd + 4800; i < s.burstEnd + 9600; ++i) after = std::max(after, std::abs(y[i]));
                EXPECT_GT(after, 1e-3f);
            }
        }
    }
}
