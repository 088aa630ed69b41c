#include "PluginEditor.h"

namespace waveamp::plugin {

namespace {
const juce::Colour kBackground { 0xff1d1f24 }, kPanel { 0xff2a2d34 }, kAccent { 0xffe0a030 },
    kText { 0xffe8e8e8 }, kError { 0xffff6060 };
} // namespace

void LevelMeter::setLevel(float linearPeak)
{
    const float db = juce::Decibels::gainToDecibels(linearPeak, -100.0f);
    // Fast attack, ~20 dB/s fall at 30 Hz refresh.
    levelDb_ = db > levelDb_ ? db : std::max(db, levelDb_ - 0.7f);
    repaint();
}

void LevelMeter::paint(juce::Graphics& g)
{
    auto r = getLocalBounds().toFloat();
    g.setColour(juce::Colours::black);
    g.fillRoundedRectangle(r, 3.0f);
    const float fraction = juce::jlimit(0.0f, 1.0f, (levelDb_ + 60.0f) / 66.0f);
    auto bar = r.reduced(2.0f);
    bar = bar.removeFromBottom(bar.getHeight() * fraction);
    g.setColour(levelDb_ > -0.5f ? kError : levelDb_ > -12.0f ? kAccent : juce::Colours::limegreen);
    g.fillRect(bar);
}

WaveAmpEditor::WaveAmpEditor(WaveAmpProcessor& p) : AudioProcessorEditor(p), processor_(p)
{
    const std::vector<std::pair<juce::ParameterID, juce::String>> knobIds {
        { params::inputGain, "Input" },       { params::gateThreshold, "Gate" },
        { params::gateHysteresis, "Hyst" },   { params::gateRelease, "Release" },
        { params::bass, "Bass" },             { params::mid, "Mid" },
        { params::treble, "Treble" },         { params::presence, "Presence" },
        { params::outputLevel, "Output" },    { params::mix, "Mix" },
        { params::interfaceLevel, "Interface dBu" }, { params::modelSize, "Size" },
    };
    for (const auto& [id, name] : knobIds) {
        auto k = std::make_unique<Knob>();
        k->slider.setSliderStyle(juce::Slider::RotaryHorizontalVerticalDrag);
        k->slider.setTextBoxStyle(juce::Slider::TextBoxBelow, false, 80, 18);
        k->slider.setColour(juce::Slider::rotarySliderFillColourId, kAccent);
        k->slider.setComponentID(id.getParamID());
        k->label.setText(name, juce::dontSendNotification);
        k->label.setJustificationType(juce::Justification::centred);
        k->attachment = std::make_unique<juce::AudioProcessorValueTreeState::SliderAttachment>(
            p.apvts, id.getParamID(), k->slider);
        addAndMakeVisible(k->slider);
        addAndMakeVisible(k->label);
        knobs_.push_back(std::move(k));
    }
    const std::vector<std::pair<juce::ParameterID, juce::String>> toggleIds {
        { params::gateEnabled, "Gate" },           { params::cabEnabled, "Cabinet" },
        { params::inputCalibration, "Calibrate input" }, { params::normalizeOutput, "Normalize" },
        { params::bypass, "Bypass" },
    };
    for (const auto& [id, name] : toggleIds) {
        auto t = std::make_unique<Toggle>();
        t->button.setButtonText(name);
        t->button.setComponentID(id.getParamID());
        t->attachment = std::make_unique<juce::AudioProcessorValueTreeState::ButtonAttachment>(
            p.apvts, id.getParamID(), t->button);
        addAndMakeVisible(t->button);
        toggles_.push_back(std::move(t));
    }
    stereoMode_.addItemList({ "Summed", "Dual mono" }, 1);
    stereoAttachment_ = std::make_unique<juce::AudioProcessorValueTreeState::ComboBoxAttachment>(
        p.apvts, params::stereoMode.getParamID(), stereoMode_);
    addAndMakeVisible(stereoMode_);

    title_.setText("WaveAmp", juce::dontSendNotification);
    title_.setFont(juce::Font(24.0f, juce::Font::bold));
    title_.setColour(juce::Label::textColourId, kAccent);
    modelName_.setFont(juce::Font(17.0f, juce::Font::bold));
    errorLine_.setColour(juce::Label::textColourId, kError);
    for (auto* l : { &title_, &modelName_, &modelDetails_, &errorLine_, &irLine_, &cpuLabel_, &inLabel_, &outLabel_ })
        addAndMakeVisible(*l);
    inLabel_.setText("IN", juce::dontSendNotification);
    outLabel_.setText("OUT", juce::dontSendNotification);
    inLabel_.setJustificationType(juce::Justification::centred);
    outLabel_.setJustificationType(juce::Justification::centred);

    loadModel_.onClick = [this] { chooseFile(true); };
    defaultModel_.onClick = [this] { processor_.loadDefaultModel(); };
    loadIr_.onClick = [this] { chooseFile(false); };
    clearIr_.onClick = [this] { processor_.clearImpulseResponse(); };
    for (auto* b : { &loadModel_, &defaultModel_, &loadIr_, &clearIr_ }) addAndMakeVisible(*b);
    addAndMakeVisible(inMeter_);
    addAndMakeVisible(outMeter_);

    setResizable(true, true);
    setResizeLimits(640, 440, 1800, 1200);
    setSize(860, 540);
    refreshStatus();
    startTimerHz(30);
}

WaveAmpEditor::~WaveAmpEditor()
{
    stopTimer();
}

void WaveAmpEditor::paint(juce::Graphics& g)
{
    g.fillAll(kBackground);
    g.setColour(kPanel);
    g.fillRoundedRectangle(getLocalBounds().reduced(8).withTrimmedTop(112).toFloat(), 8.0f);
    if (dragging_) {
        g.setColour(kAccent);
        g.drawRect(getLocalBounds(), 3);
    }
}

void WaveAmpEditor::resized()
{
    auto r = getLocalBounds().reduced(12);
    auto header = r.removeFromTop(100);
    auto buttons = header.removeFromRight(260);
    title_.setBounds(header.removeFromTop(30));
    modelName_.setBounds(header.removeFromTop(22));
    modelDetails_.setBounds(header.removeFromTop(16));
    errorLine_.setBounds(header.removeFromTop(16));
    irLine_.setBounds(header.removeFromTop(16));
    {
        auto row1 = buttons.removeFromTop(30);
        loadModel_.setBounds(row1.removeFromLeft(128).reduced(2));
        defaultModel_.setBounds(row1.reduced(2));
        auto row2 = buttons.removeFromTop(30);
        loadIr_.setBounds(row2.removeFromLeft(128).reduced(2));
        clearIr_.setBounds(row2.reduced(2));
        cpuLabel_.setBounds(buttons.removeFromTop(24));
    }
    r.removeFromTop(8);
    r.reduce(8, 8);

    auto meters = r.removeFromRight(70);
    auto meterLabels = meters.removeFromBottom(20);
    inLabel_.setBounds(meterLabels.removeFromLeft(35));
    outLabel_.setBounds(meterLabels);
    inMeter_.setBounds(meters.removeFromLeft(35).reduced(6, 4));
    outMeter_.setBounds(meters.removeFromLeft(35).reduced(6, 4));

    auto toggleRow = r.removeFromBottom(32);
    const int toggleWidth = toggleRow.getWidth() / static_cast<int>(toggles_.size() + 1);
    for (auto& t : toggles_) t->button.setBounds(toggleRow.removeFromLeft(toggleWidth).reduced(2));
    stereoMode_.setBounds(toggleRow.reduced(2));

    const int columns = 6;
    const int rows = static_cast<int>((knobs_.size() + columns - 1) / columns);
    const int cellW = r.getWidth() / columns;
    const int cellH = r.getHeight() / std::max(1, rows);
    for (size_t i = 0; i < knobs_.size(); ++i) {
        const int col = static_cast<int>(i) % columns, row = static_cast<int>(i) / columns;
        juce::Rectangle<int> cell(r.getX() + col * cellW, r.getY() + row * cellH, cellW, cellH);
        knobs_[i]->label.setBounds(cell.removeFromTop(18));
        knobs_[i]->slider.setBounds(cell.reduced(4));
    }
}

bool WaveAmpEditor::isInterestedInFileDrag(const juce::StringArray& files)
{
    for (const auto& f : files)
        if (WaveAmpProcessor::isModelFile(juce::File(f)) || WaveAmpProcessor::isImpulseResponseFile(juce::File(f)))
            return true;
    return false;
}

void WaveAmpEditor::filesDropped(const juce::StringArray& files, int, int)
{
    dragging_ = false;
    for (const auto& path : files) {
        const juce::File f(path);
        if (WaveAmpProcessor::isModelFile(f)) processor_.loadModelFile(f);
        else if (WaveAmpProcessor::isImpulseResponseFile(f)) processor_.loadImpulseResponseFile(f);
    }
    repaint();
}

void WaveAmpEditor::chooseFile(bool model)
{
    chooser_ = std::make_unique<juce::FileChooser>(model ? "Load a model (.json, .nam)" : "Load a cabinet IR (.wav, .aif)",
                                                   juce::File(), model ? "*.json;*.nam" : "*.wav;*.aif;*.aiff");
    chooser_->launchAsync(juce::FileBrowserComponent::openMode | juce::FileBrowserComponent::canSelectFiles,
                          [this, model](const juce::FileChooser& fc) {
                              const auto f = fc.getResult();
                              if (f == juce::File()) return;
                              if (model) processor_.loadModelFile(f);
                              else processor_.loadImpulseResponseFile(f);
                          });
}

void WaveAmpEditor::refreshStatus()
{
    const auto s = processor_.getStatus();
    modelName_.setText(s.modelName, juce::dontSendNotification);
    juce::String details = s.modelDescription;
    if (s.latencySamples > 0) details << " - resampled, latency " << s.latencySamples << " samples";
    modelDetails_.setText(details, juce::dontSendNotification);
    juce::String err = s.modelError;
    if (s.irError.isNotEmpty()) err = err.isEmpty() ? s.irError : err + "; " + s.irError;
    errorLine_.setText(err, juce::dontSendNotification);
    irLine_.setText(s.irLoaded ? "Cabinet IR: " + s.irName : "Cabinet IR: none (drop a .wav here)",
                    juce::dontSendNotification);
    // The size control only means something for SlimmableContainer (NAM A2) models.
    for (auto& k : knobs_)
        if (k->slider.getComponentID() == params::modelSize.getParamID()) {
            k->slider.setEnabled(s.modelSlimmable);
            k->label.setEnabled(s.modelSlimmable);
            k->slider.setTooltip(s.modelSlimmable ? "Model size / quality: submodel " + juce::String(s.activeSubmodel + 1)
                                                        + " of " + juce::String(s.submodelCount) + " plays"
                                                  : "Only models with several sizes (NAM A2) have a size control");
        }
}

void WaveAmpEditor::timerCallback()
{
    if (const int v = processor_.statusVersion(); v != lastStatusVersion_) {
        lastStatusVersion_ = v;
        refreshStatus();
    }
    inMeter_.setLevel(processor_.takeInputPeak());
    outMeter_.setLevel(processor_.takeOutputPeak());
    cpuLabel_.setText("CPU (model): " + juce::String(processor_.modelCpuLoad() * 100.0f, 1) + " %",
                      juce::dontSendNotification);
}

} // namespace waveamp::plugin
