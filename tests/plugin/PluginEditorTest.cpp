// The editor builds, lays out at several sizes, has a control for every parameter, shows the
// model's name and errors, and paints (rendered off-screen to a PNG in the build directory).
#include "PluginEditor.h"
#include "PluginTestSupport.h"
#include <gtest/gtest.h>
#include <set>

using namespace waveamp::plugin;
using namespace waveamp::plugin::test;

TEST(PluginEditor, HasAControlForEveryParameterAndPaints)
{
    WaveAmpProcessor p;
    p.prepareToPlay(48000.0, 256);
    p.loadModel(modelFromText("{", "broken.nam"));
    ASSERT_TRUE(settle(p));
    std::unique_ptr<juce::AudioProcessorEditor> editor(p.createEditor());
    ASSERT_NE(editor, nullptr);
    EXPECT_TRUE(editor->isResizable());
    for (const auto& id : params::all()) {
        if (id.getParamID() == params::stereoMode.getParamID()) continue;  // a combo box
        bool found = false;
        for (auto* child : editor->getChildren())
            if (child->getComponentID() == id.getParamID()) found = true;
        EXPECT_TRUE(found) << "no control for " << id.getParamID();
    }
    for (auto size : { std::pair { 640, 440 }, std::pair { 860, 540 }, std::pair { 1400, 900 } }) {
        editor->setSize(size.first, size.second);
        const auto image = editor->createComponentSnapshot(editor->getLocalBounds());
        EXPECT_EQ(image.getWidth(), size.first);
        // Not a blank image: count distinct colours on a grid.
        std::set<juce::uint32> colours;
        for (int y = 0; y < image.getHeight(); y += 7)
            for (int x = 0; x < image.getWidth(); x += 7) colours.insert(image.getPixelAt(x, y).getARGB());
        EXPECT_GT(colours.size(), 10u);
        if (size.first == 860) {
            const juce::File png(juce::String(WAVEAMP_PLUGIN_TEST_OUT) + "/editor_snapshot.png");
            png.deleteFile();
            juce::FileOutputStream out(png);
            ASSERT_TRUE(juce::PNGImageFormat().writeImageToStream(image, out));
            std::printf("editor snapshot: %s\n", png.getFullPathName().toRawUTF8());
        }
    }
    // The error line shows the bad file's error.
    bool errorShown = false;
    for (auto* child : editor->getChildren())
        if (auto* label = dynamic_cast<juce::Label*>(child))
            if (label->getText().contains("broken.nam")) errorShown = true;
    EXPECT_TRUE(errorShown);
}
