// GoogleTest main for the plugin tests: JUCE's message manager and GUI subsystems exist for
// the whole run (the processor's parameters and the editor need them); no window is shown.
#include <gtest/gtest.h>
#include <juce_gui_basics/juce_gui_basics.h>

int main(int argc, char** argv)
{
    juce::ScopedJuceInitialiser_GUI juceInit;
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
