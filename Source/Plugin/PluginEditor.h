#pragma once
// WaveAmp's editor: a knob for every parameter, the model's name, architecture and sample rate,
// an error line, load buttons and drag-and-drop for models (.json/.nam) and cabinet IRs
// (.wav/.aif), input/output meters and a CPU meter (model time as % of the block's budget).
// Resizable. Talks to the processor only through its message-thread API and atomics.
#include "PluginProcessor.h"
#include <juce_audio_processors/juce_audio_processors.h>
#include <juce_gui_basics/juce_gui_basics.h>

namespace waveamp::plugin {

class LevelMeter : public juce::Component {
public:
    void setLevel(float linearPeak);
    void paint(juce::Graphics& g) override;

private:
    float levelDb_ = -100.0f;
};

class WaveAmpEditor : public juce::AudioProcessorEditor,
                      public juce::FileDragAndDropTarget,
                      private juce::Timer {
public:
    explicit WaveAmpEditor(WaveAmpProcessor& processor);
    ~WaveAmpEditor() override;

    void paint(juce::Graphics& g) override;
    void resized() override;

    bool isInterestedInFileDrag(const juce::StringArray& files) override;
    void filesDropped(const juce::StringArray& files, int x, int y) override;
    void fileDragEnter(const juce::StringArray&, int, int) override { dragging_ = true; repaint(); }
    void fileDragExit(const juce::StringArray&) override { dragging_ = false; repaint(); }

private:
    void timerCallback() override;
    void refreshStatus();
    void chooseFile(bool model);

    struct Knob {
        juce::Slider slider;
        juce::Label label;
        std::unique_ptr<juce::AudioProcessorValueTreeState::SliderAttachment> attachment;
    };
    struct Toggle {
        juce::ToggleButton button;
        std::unique_ptr<juce::AudioProcessorValueTreeState::ButtonAttachment> attachment;
    };

    WaveAmpProcessor& processor_;
    std::vector<std::unique_ptr<Knob>> knobs_;
    std::vector<std::unique_ptr<Toggle>> toggles_;
    juce::ComboBox stereoMode_;
    std::unique_ptr<juce::AudioProcessorValueTreeState::ComboBoxAttachment> stereoAttachment_;

    juce::Label title_, modelName_, modelDetails_, errorLine_, irLine_, cpuLabel_, inLabel_, outLabel_;
    juce::TextButton loadModel_ { "Load model..." }, defaultModel_ { "Default model" },
        loadIr_ { "Load IR..." }, clearIr_ { "Clear IR" };
    LevelMeter inMeter_, outMeter_;
    std::unique_ptr<juce::FileChooser> chooser_;
    int lastStatusVersion_ = -1;
    bool dragging_ = false;
};

} // namespace waveamp::plugin
