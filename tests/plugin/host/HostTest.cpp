// Real hosting: JUCE's VST3PluginFormat and LV2PluginFormat load the WaveAmp.vst3 and
// WaveAmp.lv2 just built, process audio through them, and check:
//  - the output equals waveamp-render's output for the same input and the same (default) model,
//    within 1e-5 (gate off through the host's parameter API, everything else at its default);
//  - state saved through the host API and restored into a fresh instance restores the
//    parameters and plays identically.
#include <juce_audio_formats/juce_audio_formats.h>
#include <juce_audio_processors/juce_audio_processors.h>
#include <gtest/gtest.h>
#include <cmath>

namespace {

constexpr double kRate = 48000.0;
constexpr int kBlock = 512;

std::vector<float> testSignal(int n)
{
    std::vector<float> x(static_cast<size_t>(n));
    const double notes[] = { 82.41, 110.0, 146.83, 196.0 };
    const int noteLength = static_cast<int>(kRate * 0.25);
    for (int i = 0; i < n; ++i) {
        const double t = (i % noteLength) / kRate;
        const double f = notes[(i / noteLength) % 4];
        double v = 0.0;
        for (int h = 1; h <= 5; ++h) v += std::sin(2.0 * juce::MathConstants<double>::pi * f * h * t) / h;
        x[static_cast<size_t>(i)] = static_cast<float>(0.25 * v * std::exp(-3.0 * t));
    }
    return x;
}

const juce::File& workDir()
{
    static const juce::File dir = [] {
        auto d = juce::File::getSpecialLocation(juce::File::tempDirectory).getChildFile("waveamp-host-test");
        d.deleteRecursively();
        d.createDirectory();
        return d;
    }();
    return dir;
}

bool writeWav(const juce::File& file, const std::vector<float>& x)
{
    file.deleteFile();
    juce::WavAudioFormat wav;
    std::unique_ptr<juce::AudioFormatWriter> writer(
        wav.createWriterFor(new juce::FileOutputStream(file), kRate, 1, 32, {}, 0));
    if (writer == nullptr) return false;
    const float* channels[] = { x.data() };
    return writer->writeFromFloatArrays(channels, 1, static_cast<int>(x.size()));
}

std::vector<float> readWav(const juce::File& file)
{
    juce::AudioFormatManager formats;
    formats.registerBasicFormats();
    std::unique_ptr<juce::AudioFormatReader> reader(formats.createReaderFor(file));
    if (reader == nullptr) return {};
    juce::AudioBuffer<float> b(1, static_cast<int>(reader->lengthInSamples));
    reader->read(&b, 0, b.getNumSamples(), 0, true, false);
    return { b.getReadPointer(0), b.getReadPointer(0) + b.getNumSamples() };
}

std::vector<float> cliRender(const std::vector<float>& in)
{
    const auto inFile = workDir().getChildFile("in.wav"), outFile = workDir().getChildFile("cli.wav");
    if (!writeWav(inFile, in)) return {};
    juce::ChildProcess render;
    const juce::StringArray args { WAVEAMP_RENDER_EXE, inFile.getFullPathName(), outFile.getFullPathName(),
                                   "--prewarm", "--quiet" };
    if (!render.start(args)) return {};
    render.waitForProcessToFinish(120000);
    if (render.getExitCode() != 0) return {};
    return readWav(outFile);
}

juce::AudioProcessorParameter* findParameter(juce::AudioPluginInstance& p, const juce::String& name)
{
    for (auto* param : p.getParameters())
        if (param->getName(100) == name) return param;
    return nullptr;
}

std::vector<float> process(juce::AudioPluginInstance& p, const std::vector<float>& in)
{
    p.prepareToPlay(kRate, kBlock);
    const int channels = std::max(p.getTotalNumInputChannels(), p.getTotalNumOutputChannels());
    juce::AudioBuffer<float> buffer(channels, kBlock);
    juce::MidiBuffer midi;
    std::vector<float> out;
    for (size_t start = 0; start < in.size(); start += kBlock) {
        const int n = static_cast<int>(std::min<size_t>(kBlock, in.size() - start));
        buffer.setSize(channels, n, false, false, true);
        buffer.clear();
        for (int c = 0; c < p.getTotalNumInputChannels(); ++c) buffer.copyFrom(c, 0, in.data() + start, n);
        p.processBlock(buffer, midi);
        out.insert(out.end(), buffer.getReadPointer(0), buffer.getReadPointer(0) + n);
    }
    p.releaseResources();
    return out;
}

// Lets a parameter change or a restored state reach the plugin (both formats deliver them
// with the next process call; the plugin's loader finishes in the background), then resets.
void settle(juce::AudioPluginInstance& p)
{
    process(p, std::vector<float>(kBlock * 4, 0.0f));
    juce::Thread::sleep(500);
    process(p, std::vector<float>(kBlock * 4, 0.0f));
}

double maxAbsDiff(const std::vector<float>& a, const std::vector<float>& b)
{
    if (a.size() != b.size()) return 1e9;
    double m = 0.0;
    for (size_t i = 0; i < a.size(); ++i) m = std::max(m, static_cast<double>(std::abs(a[i] - b[i])));
    return m;
}

class HostedPlugin : public ::testing::TestWithParam<const char*> {
protected:
    std::unique_ptr<juce::AudioPluginInstance> load()
    {
        const juce::String kind = GetParam();
        juce::OwnedArray<juce::PluginDescription> types;
        juce::String error;
        std::unique_ptr<juce::AudioPluginFormat>& format = kind == "VST3" ? vst3_ : lv2_;
        juce::String id;
        if (kind == "VST3") {
            if (format == nullptr) format = std::make_unique<juce::VST3PluginFormat>();
            id = juce::File(WAVEAMP_VST3_BUNDLE).getFullPathName();
        } else {
            if (format == nullptr) {
                format = std::make_unique<juce::LV2PluginFormat>();
                format->searchPathsForPlugins(juce::FileSearchPath(juce::File(WAVEAMP_LV2_DIR).getFullPathName()), true, false);
            }
            id = WAVEAMP_LV2_URI;
        }
        format->findAllTypesForFile(types, id);
        if (types.isEmpty()) {
            ADD_FAILURE() << kind << ": no plugin found at " << id;
            return {};
        }
        auto instance = format->createInstanceFromDescription(*types[0], kRate, kBlock, error);
        if (instance == nullptr) ADD_FAILURE() << kind << ": " << error;
        else std::printf("%s: loaded \"%s\" (%s), %d parameters\n", kind.toRawUTF8(), instance->getName().toRawUTF8(),
                         types[0]->fileOrIdentifier.toRawUTF8(), static_cast<int>(instance->getParameters().size()));
        return instance;
    }

    static std::unique_ptr<juce::AudioPluginFormat> vst3_, lv2_;
};
std::unique_ptr<juce::AudioPluginFormat> HostedPlugin::vst3_, HostedPlugin::lv2_;

} // namespace

TEST_P(HostedPlugin, OutputEqualsTheCliRenderAndStateRoundTrips)
{
    const auto in = testSignal(static_cast<int>(kRate * 2));
    const auto reference = cliRender(in);
    ASSERT_EQ(reference.size(), in.size()) << "waveamp-render failed";

    auto a = load();
    ASSERT_NE(a, nullptr);
    auto* gate = findParameter(*a, "Gate");
    auto* bass = findParameter(*a, "Bass");
    ASSERT_NE(gate, nullptr);
    ASSERT_NE(bass, nullptr);
    gate->setValueNotifyingHost(0.0f);  // the CLI has no gate
    settle(*a);
    const auto out = process(*a, in);
    const double diff = maxAbsDiff(out, reference);
    std::printf("%s: max |plugin - waveamp-render| = %.3g over %zu samples\n", GetParam(), diff, out.size());
    EXPECT_LE(diff, 1e-5);
    if (diff > 1e-5) {  // say where and how they differ
        size_t first = 0;
        while (first < out.size() && std::abs(out[first] - reference[first]) <= 1e-5) ++first;
        std::printf("first difference at sample %zu: plugin %.6f, cli %.6f; plugin[0..3] %.6f %.6f %.6f, cli[0..3] %.6f %.6f %.6f\n",
                    first, out[first], reference[first], out[0], out[1], out[2], reference[0], reference[1], reference[2]);
    }

    // State through the host API: change a parameter, save, restore into a fresh instance.
    bass->setValueNotifyingHost(0.75f);
    settle(*a);
    juce::MemoryBlock state;
    a->getStateInformation(state);
    EXPECT_GT(state.getSize(), 1000u);
    const auto outA = process(*a, in);

    auto b = load();
    ASSERT_NE(b, nullptr);
    b->setStateInformation(state.getData(), static_cast<int>(state.getSize()));
    settle(*b);
    EXPECT_NEAR(findParameter(*b, "Bass")->getValue(), 0.75f, 1e-4);
    EXPECT_NEAR(findParameter(*b, "Gate")->getValue(), 0.0f, 1e-6);
    const auto outB = process(*b, in);
    const double restoredDiff = maxAbsDiff(outA, outB);
    std::printf("%s: state %zu bytes; restored instance differs by %.3g\n", GetParam(), state.getSize(), restoredDiff);
    EXPECT_LE(restoredDiff, 1e-6);
    EXPECT_GT(maxAbsDiff(outA, out), 1e-3) << "the bass change must be audible";
}

INSTANTIATE_TEST_SUITE_P(Formats, HostedPlugin, ::testing::Values("VST3", "LV2"),
                         [](const auto& info) { return std::string(info.param); });

int main(int argc, char** argv)
{
    juce::ScopedJuceInitialiser_GUI juceInit;
    ::testing::InitGoogleTest(&argc, argv);
    const int result = RUN_ALL_TESTS();
    workDir().deleteRecursively();
    return result;
}
