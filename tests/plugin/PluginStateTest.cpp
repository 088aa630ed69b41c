// Saved state: parameters, model (path and text) and IR (path and samples) round-trip into a
// fresh instance; the committed fixture of every state version keeps loading; garbage,
// truncated, unknown-version and half-missing states never crash and fall back to defaults.
#include "PluginTestSupport.h"
#include "StateCodec.h"
#include "SyntheticModels.h"
#include <gtest/gtest.h>
#include <random>

using namespace waveamp::plugin;
using namespace waveamp::plugin::test;

namespace {

const juce::File kDataDir { WAVEAMP_PLUGIN_TEST_DATA };

juce::MemoryBlock stateOf(WaveAmpProcessor& p)
{
    juce::MemoryBlock m;
    p.getStateInformation(m);
    return m;
}

void expectDefaults(WaveAmpProcessor& p)
{
    for (const auto& id : params::all()) {
        auto* param = p.apvts.getParameter(id.getParamID());
        EXPECT_FLOAT_EQ(param->getValue(), param->getDefaultValue()) << id.getParamID();
    }
}

// The state every fixture version was written from (see WriteFixtures below).
void configureFixtureState(WaveAmpProcessor& p)
{
    setParam(p, params::inputGain, 3.5f);
    setParam(p, params::gateThreshold, -55.0f);
    setParam(p, params::bass, 4.0f);
    setParam(p, params::treble, -2.5f);
    setParam(p, params::mix, 75.0f);
    setParam(p, params::stereoMode, 1.0f);
    setParam(p, params::cabEnabled, 1.0f);
    auto src = modelFromText(waveamp::test::makeWaveNetVA(4, 3, { 1, 2, 4 }, 42), "fixture-model.json");
    src.path = "/nonexistent/fixture-model.json";
    p.loadModel(src);
    p.loadImpulseResponse(toyImpulseResponse(1, 256, 42), 44100.0, "fixture-ir.wav", "/nonexistent/fixture-ir.wav");
}

} // namespace

TEST(PluginState, RoundTripsParametersModelAndImpulseResponse)
{
    WaveAmpProcessor a;
    a.prepareToPlay(48000.0, 256);
    configureFixtureState(a);
    ASSERT_TRUE(settle(a));
    const auto saved = stateOf(a);

    WaveAmpProcessor b;
    b.prepareToPlay(48000.0, 256);
    b.setStateInformation(saved.getData(), static_cast<int>(saved.getSize()));
    ASSERT_TRUE(settle(b));
    for (const auto& id : params::all())
        EXPECT_FLOAT_EQ(getParam(a, id), getParam(b, id)) << id.getParamID();
    const auto s = b.getStatus();
    EXPECT_EQ(s.modelName, "fixture-model.json");
    EXPECT_TRUE(s.modelError.isEmpty()) << s.modelError;
    EXPECT_TRUE(s.irLoaded);
    EXPECT_EQ(s.irName, "fixture-ir.wav");
    EXPECT_EQ(b.currentModelSource().text, a.currentModelSource().text);
    // And saving again gives the same state.
    EXPECT_EQ(stateOf(b), saved);
}

TEST(PluginState, EveryCommittedStateVersionKeepsLoading)
{
    for (int version = 1; version <= StateCodec::kFormatVersion; ++version) {
        const auto file = kDataDir.getChildFile("state_v" + juce::String(version) + ".bin");
        ASSERT_TRUE(file.existsAsFile()) << file.getFullPathName();
        juce::MemoryBlock data;
        ASSERT_TRUE(file.loadFileAsData(data));
        WaveAmpProcessor p;
        p.prepareToPlay(48000.0, 256);
        p.setStateInformation(data.getData(), static_cast<int>(data.getSize()));
        ASSERT_TRUE(settle(p));
        EXPECT_FLOAT_EQ(getParam(p, params::inputGain), 3.5f) << "v" << version;
        EXPECT_FLOAT_EQ(getParam(p, params::gateThreshold), -55.0f);
        EXPECT_FLOAT_EQ(getParam(p, params::bass), 4.0f);
        EXPECT_FLOAT_EQ(getParam(p, params::treble), -2.5f);
        EXPECT_FLOAT_EQ(getParam(p, params::mix), 75.0f);
        EXPECT_FLOAT_EQ(getParam(p, params::stereoMode), 1.0f);
        const auto s = p.getStatus();
        EXPECT_EQ(s.modelName, "fixture-model.json") << "v" << version;
        EXPECT_TRUE(s.modelError.isEmpty()) << s.modelError;
        EXPECT_TRUE(s.irLoaded);
        EXPECT_EQ(s.irName, "fixture-ir.wav");
    }
}

// Run by hand (--gtest_also_run_disabled_tests --gtest_filter=*WriteFixture*) when the state
// format version is bumped, to commit tests/plugin/data/state_vN.bin for the new version.
TEST(PluginState, DISABLED_WriteFixture)
{
    WaveAmpProcessor p;
    p.prepareToPlay(48000.0, 256);
    configureFixtureState(p);
    ASSERT_TRUE(settle(p));
    const auto state = stateOf(p);
    const auto file = kDataDir.getChildFile("state_v" + juce::String(StateCodec::kFormatVersion) + ".bin");
    ASSERT_TRUE(file.replaceWithData(state.getData(), state.getSize()));
}

TEST(PluginState, GarbageAndTruncatedStatesFallBackToDefaults)
{
    WaveAmpProcessor good;
    good.prepareToPlay(48000.0, 256);
    configureFixtureState(good);
    ASSERT_TRUE(settle(good));
    const auto saved = stateOf(good);

    WaveAmpProcessor p;
    p.prepareToPlay(48000.0, 256);
    std::mt19937 rng(1);
    std::vector<juce::MemoryBlock> states;
    states.emplace_back();  // empty
    for (int len : { 1, 7, 8, 9, 64, 1000 }) {
        juce::MemoryBlock m(static_cast<size_t>(len));
        for (size_t i = 0; i < m.getSize(); ++i) m[i] = static_cast<char>(rng());
        states.push_back(m);
    }
    for (size_t cut = 1; cut < saved.getSize(); cut += saved.getSize() / 23 + 1)  // truncated
        states.emplace_back(saved.getData(), cut);
    {
        auto flipped = saved;  // a corrupted byte in the XML
        flipped[flipped.getSize() / 3] = '<';
        states.push_back(flipped);
    }
    const auto xmlState = [](const juce::String& xml) {
        juce::MemoryBlock m;
        juce::AudioProcessor::copyXmlToBinary(*juce::parseXML(xml), m);
        return m;
    };
    states.push_back(xmlState("<SomethingElse formatVersion=\"1\"/>"));
    states.push_back(xmlState("<WaveAmpState/>"));  // no version
    states.push_back(xmlState("<WaveAmpState formatVersion=\"0\"/>"));

    for (size_t k = 0; k < states.size(); ++k) {
        configureFixtureState(p);
        ASSERT_TRUE(settle(p));
        p.setStateInformation(states[k].getData(), static_cast<int>(states[k].getSize()));
        ASSERT_TRUE(settle(p));
        // Either defaults (unreadable) or a consistent restore; never a crash. Unreadable ones:
        if (!juce::AudioProcessor::getXmlFromBinary(states[k].getData(), static_cast<int>(states[k].getSize()))
            || k >= states.size() - 3) {
            expectDefaults(p);
            EXPECT_TRUE(p.getStatus().modelName.contains("default")) << "state " << k;
            EXPECT_FALSE(p.getStatus().irLoaded);
        }
        const auto out = render(p, guitarLike(2048, 48000.0), 256);
        for (float v : out) ASSERT_TRUE(std::isfinite(v));
    }
}

TEST(PluginState, HalfMissingAndNewerStatesRestoreWhatTheyCan)
{
    WaveAmpProcessor p;
    p.prepareToPlay(48000.0, 256);
    const auto load = [&](const juce::String& xml) {
        juce::MemoryBlock m;
        juce::AudioProcessor::copyXmlToBinary(*juce::parseXML(xml), m);
        p.setStateInformation(m.getData(), static_cast<int>(m.getSize()));
        EXPECT_TRUE(settle(p));
    };
    // A newer format with unknown parts, out-of-range and non-numeric values, a model that is
    // neither embedded nor on disk, and an IR with its samples missing.
    load("<WaveAmpState formatVersion=\"99\"><FutureThing a=\"1\"/><Parameters>"
         "<Param id=\"bass\" value=\"1e9\"/><Param id=\"mid\" value=\"nan\"/><Param id=\"treble\" value=\"abc\"/>"
         "<Param id=\"unknownParam\" value=\"3\"/><Param id=\"inputGain\" value=\"-6\"/></Parameters>"
         "<Model name=\"gone.nam\" path=\"/nonexistent/gone.nam\" default=\"0\"></Model>"
         "<ImpulseResponse name=\"cab.wav\" path=\"/nonexistent/cab.wav\" sampleRate=\"48000\" channels=\"1\" samples=\"999999999\">AAAA</ImpulseResponse>"
         "</WaveAmpState>");
    EXPECT_FLOAT_EQ(getParam(p, params::bass), 12.0f);  // clamped
    EXPECT_FLOAT_EQ(getParam(p, params::mid), 0.0f);    // default
    EXPECT_FLOAT_EQ(getParam(p, params::treble), 0.0f);
    EXPECT_FLOAT_EQ(getParam(p, params::inputGain), -6.0f);
    const auto s = p.getStatus();
    EXPECT_TRUE(s.modelName.contains("default"));
    EXPECT_TRUE(s.modelError.contains("gone.nam")) << s.modelError;
    EXPECT_FALSE(s.irLoaded);
    EXPECT_TRUE(s.irError.contains("missing IR")) << s.irError;
    std::printf("error line: %s | %s\n", s.modelError.toRawUTF8(), s.irError.toRawUTF8());

    // A model embedded but corrupt, with a usable path: the path wins.
    const auto modelFile = juce::File::createTempFile(".json");
    modelFile.replaceWithText(waveamp::test::makeWaveNetVA(3, 2, { 1, 2 }, 8));
    load("<WaveAmpState formatVersion=\"1\"><Model name=\"x.json\" path=\"" + modelFile.getFullPathName()
         + "\" default=\"0\">{corrupt</Model></WaveAmpState>");
    EXPECT_EQ(p.getStatus().modelName, modelFile.getFileName());
    modelFile.deleteFile();
}

TEST(PluginState, ImpulseResponseFromFileAndItsPathFallback)
{
    const auto dir = juce::File::getSpecialLocation(juce::File::tempDirectory).getChildFile("waveamp-ir-test");
    dir.deleteRecursively();
    dir.createDirectory();
    const auto wavFile = dir.getChildFile("cab.wav");
    {
        const auto ir = toyImpulseResponse(2, 2048, 9);
        juce::WavAudioFormat wav;
        std::unique_ptr<juce::AudioFormatWriter> writer(wav.createWriterFor(new juce::FileOutputStream(wavFile), 44100.0, 2, 24, {}, 0));
        ASSERT_NE(writer, nullptr);
        ASSERT_TRUE(writer->writeFromAudioSampleBuffer(ir, 0, ir.getNumSamples()));
    }
    const auto notAudio = dir.getChildFile("notes.wav");
    notAudio.replaceWithText("not audio");

    WaveAmpProcessor p;
    p.prepareToPlay(48000.0, 256);
    p.loadImpulseResponseFile(notAudio);
    ASSERT_TRUE(settle(p));
    EXPECT_FALSE(p.getStatus().irLoaded);
    EXPECT_TRUE(p.getStatus().irError.contains("notes.wav")) << p.getStatus().irError;

    p.loadImpulseResponseFile(wavFile);
    ASSERT_TRUE(settle(p));
    EXPECT_TRUE(p.getStatus().irLoaded);
    EXPECT_EQ(p.getStatus().irName, "cab.wav");
    EXPECT_TRUE(p.getStatus().irError.isEmpty());
    // The cabinet changes the sound.
    const auto in = guitarLike(9600, 48000.0);
    setParam(p, params::gateEnabled, 0.0f);
    const auto withCab = render(p, in, 256);
    setParam(p, params::cabEnabled, 0.0f);
    render(p, in, 256);
    const auto withoutCab = render(p, in, 256);
    double diff = 0.0;
    for (size_t i = 4800; i < in.size(); ++i) diff = std::max(diff, static_cast<double>(std::abs(withCab[i] - withoutCab[i])));
    EXPECT_GT(diff, 1e-3);

    // A state whose IR samples are gone but whose path exists loads the file.
    const juce::String xml = "<WaveAmpState formatVersion=\"1\"><ImpulseResponse name=\"cab.wav\" path=\""
                             + wavFile.getFullPathName() + "\" sampleRate=\"44100\" channels=\"2\" samples=\"2048\"/></WaveAmpState>";
    juce::MemoryBlock m;
    juce::AudioProcessor::copyXmlToBinary(*juce::parseXML(xml), m);
    WaveAmpProcessor q;
    q.prepareToPlay(48000.0, 256);
    q.setStateInformation(m.getData(), static_cast<int>(m.getSize()));
    ASSERT_TRUE(settle(q));
    EXPECT_TRUE(q.getStatus().irLoaded);
    EXPECT_EQ(q.getStatus().irName, "cab.wav");
    dir.deleteRecursively();
}

// JUCE's XML parser recurses once per nesting level: a state of 300,000 nested tags (what the
// state_restore fuzzer found) would overflow the stack. Such states, and states carrying a DTD
// (whose entities JUCE also expands recursively), are refused before parsing and restore the
// defaults with a message; a state just within the tag limit still restores what it holds.
TEST(PluginState, DeeplyNestedAndDtdStatesAreRefusedWithoutCrashing)
{
    WaveAmpProcessor p;
    p.prepareToPlay(48000.0, 256);
    const auto blob = [](const std::string& text) {  // copyXmlToBinary's layout, written by hand
        juce::MemoryOutputStream out;
        out.writeInt(0x21324356);
        out.writeInt(static_cast<int>(text.size()));
        out.write(text.data(), text.size());
        out.writeByte(0);
        return out.getMemoryBlock();
    };
    const auto nested = [](int levels) {
        std::string text = "<WaveAmpState formatVersion=\"1\"><Parameters><Param id=\"inputGain\" value=\"-6\"/></Parameters>";
        for (int i = 0; i < levels; ++i) text += "<a>";
        for (int i = 0; i < levels; ++i) text += "</a>";
        return text + "</WaveAmpState>";
    };
    const auto restore = [&](const juce::MemoryBlock& m) {
        setParam(p, params::inputGain, 3.0f);
        p.setStateInformation(m.getData(), static_cast<int>(m.getSize()));
        EXPECT_TRUE(settle(p));
    };

    restore(blob(nested(1021)));  // 5 + 2 x 1021 = 2047 tags: parsed
    EXPECT_FLOAT_EQ(getParam(p, params::inputGain), -6.0f);
    EXPECT_TRUE(p.getStatus().modelError.isEmpty()) << p.getStatus().modelError;

    for (int levels : { 1030, 300000 }) {
        restore(blob(nested(levels)));
        expectDefaults(p);
        EXPECT_TRUE(p.getStatus().modelError.contains("could not be read")) << levels << ": " << p.getStatus().modelError;
    }
    restore(blob("<!DOCTYPE s [<!ENTITY e \"<a>&e;</a>\">]><WaveAmpState formatVersion=\"1\">"
                 "<Parameters><Param id=\"inputGain\" value=\"-6\"/></Parameters>&e;</WaveAmpState>"));
    expectDefaults(p);
    EXPECT_TRUE(p.getStatus().modelError.contains("could not be read")) << p.getStatus().modelError;

    // Comments and CDATA are still read.
    restore(blob("<?xml version=\"1.0\"?><!-- saved by a test --><WaveAmpState formatVersion=\"1\"><Parameters>"
                 "<Param id=\"inputGain\" value=\"-6\"/></Parameters><![CDATA[text]]></WaveAmpState>"));
    EXPECT_FLOAT_EQ(getParam(p, params::inputGain), -6.0f);
}
