// The "Model Size" parameter of SlimmableContainer models (NAM A2): moving it rebuilds the
// model with another submodel on the worker thread, and the audio thread crossfades to it like
// any model switch, without heap use; the editor's control is enabled only for such models;
// saved states from before the parameter existed load at full size.
#include "AllocationHook.h"
#include "PluginEditor.h"
#include "PluginTestSupport.h"
#include "StateCodec.h"
#include "SyntheticNamModels.h"
#include <gtest/gtest.h>
#include <chrono>
#include <cmath>
#include <thread>

using namespace waveamp::plugin;
using namespace waveamp::plugin::test;

namespace {

std::vector<float> note(int n)
{
    std::vector<float> in(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i)
        in[static_cast<size_t>(i)] = 0.25f * std::sin(2.0f * juce::MathConstants<float>::pi * 110.0f * i / 48000.0f);
    return in;
}

double stepMax(const std::vector<float>& y, size_t from, size_t to)
{
    double m = 0.0;
    for (size_t i = from + 1; i < std::min(to, y.size()); ++i)
        m = std::max(m, static_cast<double>(std::abs(y[i] - y[i - 1])));
    return m;
}

// Like render(), counting the heap operations of processBlock only.
std::vector<float> renderCounting(WaveAmpProcessor& p, const std::vector<float>& in, int block, long& heapOps)
{
    juce::AudioBuffer<float> buffer(2, block);
    juce::MidiBuffer midi;
    std::vector<float> out(in.size());
    for (size_t start = 0; start < in.size(); start += static_cast<size_t>(block)) {
        const int n = static_cast<int>(std::min<size_t>(static_cast<size_t>(block), in.size() - start));
        buffer.setSize(2, n, false, false, true);
        for (int c = 0; c < 2; ++c) buffer.copyFrom(c, 0, in.data() + start, n);
        {
            waveamp::test::ScopedAllocationCounter counter;
            p.processBlock(buffer, midi);
            heapOps += counter.counts().allocations + counter.counts().deallocations;
        }
        std::copy_n(buffer.getReadPointer(0), n, out.begin() + static_cast<long>(start));
    }
    return out;
}

// Waits (processing nothing) until the worker has published the submodel `index`.
bool waitForSubmodel(WaveAmpProcessor& p, int index)
{
    for (int i = 0; i < 1000; ++i) {
        if (p.getStatus().activeSubmodel == index && p.waitForWorker(20000)) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
}

juce::Component* findControl(juce::Component& editor, const juce::String& id)
{
    for (auto* child : editor.getChildren())
        if (child->getComponentID() == id) return child;
    return nullptr;
}

} // namespace

TEST(PluginModelSize, SwitchesTheSubmodelOffTheAudioThreadWithACrossfade)
{
    WaveAmpProcessor p;
    p.setPlayConfigDetails(2, 2, 48000.0, 128);
    setParam(p, params::gateEnabled, 0.0f);
    p.prepareToPlay(48000.0, 128);
    p.loadModel(modelFromText(waveamp::test::makeNamSlimmable(17), "a2-shapes.nam"));
    ASSERT_TRUE(settle(p));
    auto s = p.getStatus();
    EXPECT_TRUE(s.modelSlimmable);
    EXPECT_EQ(s.submodelCount, 2);
    EXPECT_EQ(s.activeSubmodel, 1);  // full size by default
    EXPECT_TRUE(s.modelDescription.contains("8 ch")) << s.modelDescription;

    const auto in = note(48000);
    const auto full = render(p, in, 128);

    setParam(p, params::modelSize, 0.2f);  // below the lite model's max_value 0.5
    ASSERT_TRUE(waitForSubmodel(p, 0));
    ASSERT_TRUE(p.isModelSwitchInFlight()) << "the new size reaches the audio thread as a model switch";
    long heapOps = 0;
    const auto during = renderCounting(p, in, 128, heapOps);
    EXPECT_FALSE(p.isModelSwitchInFlight());
    const auto lite = render(p, in, 128);
    s = p.getStatus();
    EXPECT_EQ(s.activeSubmodel, 0);
    EXPECT_TRUE(s.modelDescription.contains("3 ch")) << s.modelDescription;
    EXPECT_EQ(s.modelName, "a2-shapes.nam");

    double diff = 0.0;
    for (size_t i = 4800; i < full.size(); ++i) diff = std::max(diff, double(std::abs(full[i] - lite[i])));
    EXPECT_GT(diff, 1e-3) << "the two sizes should sound different";
    const double stepFull = stepMax(full, 4800, full.size()), stepLite = stepMax(lite, 4800, lite.size());
    const double stepSwitch = stepMax(during, 0, 9600);
    // A linear crossfade g from one output a to the other b steps by at most
    // (1-g) |da| + g |db| + |dg| |a - b|; a hard switch (a click) would jump by |a - b| at once.
    const double fadeTerm = diff / std::max(1, p.crossfadeLengthSamples());
    std::printf("max step: full %.5f, lite %.5f, during the size switch %.5f (bound %.5f; a hard switch: %.4f)\n",
                stepFull, stepLite, stepSwitch, stepFull + stepLite + fadeTerm, diff);
    EXPECT_LE(stepSwitch, 1.1 * (stepFull + stepLite + fadeTerm));
    EXPECT_LT(stepSwitch, 0.1 * diff) << "the switch should not jump";
    EXPECT_EQ(heapOps, 0) << "heap use on the audio thread while the size switch was crossfaded";

    // Moving within the same submodel's range rebuilds nothing.
    const int version = p.statusVersion();
    setParam(p, params::modelSize, 0.3f);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    ASSERT_TRUE(p.waitForWorker(20000));
    EXPECT_EQ(p.statusVersion(), version);
    EXPECT_FALSE(p.isModelSwitchInFlight());

    // Back to full size.
    setParam(p, params::modelSize, 1.0f);
    ASSERT_TRUE(waitForSubmodel(p, 1));
    ASSERT_TRUE(settle(p));
    EXPECT_TRUE(p.getStatus().modelDescription.contains("8 ch"));
}

TEST(PluginModelSize, EditorControlIsEnabledOnlyForSlimmableModels)
{
    WaveAmpProcessor p;
    p.prepareToPlay(48000.0, 256);
    ASSERT_TRUE(settle(p));
    std::unique_ptr<juce::AudioProcessorEditor> editor(p.createEditor());
    auto* control = findControl(*editor, params::modelSize.getParamID());
    ASSERT_NE(control, nullptr);
    EXPECT_FALSE(p.getStatus().modelSlimmable);
    EXPECT_FALSE(control->isEnabled()) << "the default model has one size";

    editor.reset();
    p.loadModel(modelFromText(waveamp::test::makeNamSlimmable(3), "a2-shapes.nam"));
    ASSERT_TRUE(settle(p));
    editor.reset(p.createEditor());  // (an open editor refreshes from its timer)
    control = findControl(*editor, params::modelSize.getParamID());
    ASSERT_NE(control, nullptr);
    EXPECT_TRUE(control->isEnabled());
}

TEST(PluginModelSize, StatesFromBeforeTheParameterLoadAtFullSize)
{
    const juce::File file = juce::File(WAVEAMP_PLUGIN_TEST_DATA).getChildFile("state_v1.bin");
    juce::MemoryBlock data;
    ASSERT_TRUE(file.loadFileAsData(data));
    WaveAmpProcessor p;
    p.prepareToPlay(48000.0, 256);
    setParam(p, params::modelSize, 0.1f);
    p.setStateInformation(data.getData(), static_cast<int>(data.getSize()));
    ASSERT_TRUE(settle(p));
    EXPECT_FLOAT_EQ(getParam(p, params::modelSize), 1.0f);
    EXPECT_FLOAT_EQ(getParam(p, params::inputGain), 3.5f);
    // And a saved size round-trips.
    setParam(p, params::modelSize, 0.25f);
    juce::MemoryBlock saved;
    p.getStateInformation(saved);
    WaveAmpProcessor q;
    q.prepareToPlay(48000.0, 256);
    q.setStateInformation(saved.getData(), static_cast<int>(saved.getSize()));
    ASSERT_TRUE(settle(q));
    EXPECT_NEAR(getParam(q, params::modelSize), 0.25f, 1e-6);
}
