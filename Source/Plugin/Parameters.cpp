#include "Parameters.h"

namespace waveamp::plugin::params {

namespace {

using Float = juce::AudioParameterFloat;
using Bool = juce::AudioParameterBool;
using Choice = juce::AudioParameterChoice;
using Attributes = juce::AudioParameterFloatAttributes;

juce::String dbText(float v, int) { return juce::String(v, 1) + " dB"; }

std::unique_ptr<Float> decibels(const juce::ParameterID& id, const juce::String& name, float lo,
                                float hi, float def)
{
    return std::make_unique<Float>(id, name, juce::NormalisableRange<float>(lo, hi, 0.01f), def,
                                   Attributes().withLabel("dB").withStringFromValueFunction(dbText));
}

} // namespace

juce::AudioProcessorValueTreeState::ParameterLayout createLayout()
{
    juce::AudioProcessorValueTreeState::ParameterLayout layout;
    layout.add(decibels(inputGain, "Input", -24.0f, 24.0f, 0.0f));
    layout.add(std::make_unique<Bool>(gateEnabled, "Gate", true));
    layout.add(decibels(gateThreshold, "Gate Threshold", -100.0f, 0.0f, -80.0f));
    layout.add(decibels(gateHysteresis, "Gate Hysteresis", 0.0f, 20.0f, 6.0f));
    {
        juce::NormalisableRange<float> range(5.0f, 1000.0f, 0.1f);
        range.setSkewForCentre(100.0f);
        layout.add(std::make_unique<Float>(gateRelease, "Gate Release", range, 80.0f,
                                           Attributes().withLabel("ms").withStringFromValueFunction(
                                               [](float v, int) { return juce::String(v, 0) + " ms"; })));
    }
    layout.add(decibels(bass, "Bass", -12.0f, 12.0f, 0.0f));
    layout.add(decibels(mid, "Mid", -12.0f, 12.0f, 0.0f));
    layout.add(decibels(treble, "Treble", -12.0f, 12.0f, 0.0f));
    layout.add(decibels(presence, "Presence", -12.0f, 12.0f, 0.0f));
    layout.add(std::make_unique<Bool>(cabEnabled, "Cabinet", true));
    layout.add(decibels(outputLevel, "Output", -40.0f, 12.0f, 0.0f));
    layout.add(std::make_unique<Float>(mix, "Mix", juce::NormalisableRange<float>(0.0f, 100.0f, 0.1f), 100.0f,
                                       Attributes().withLabel("%").withStringFromValueFunction(
                                           [](float v, int) { return juce::String(v, 0) + " %"; })));
    layout.add(std::make_unique<Bool>(bypass, "Bypass", false));
    layout.add(std::make_unique<Choice>(stereoMode, "Stereo", juce::StringArray { "Summed", "Dual mono" }, 0));
    layout.add(std::make_unique<Bool>(inputCalibration, "Calibrate Input", false));
    layout.add(std::make_unique<Float>(interfaceLevel, "Interface Level",
                                       juce::NormalisableRange<float>(-20.0f, 30.0f, 0.1f), 12.0f,
                                       Attributes().withLabel("dBu").withStringFromValueFunction(
                                           [](float v, int) { return juce::String(v, 1) + " dBu"; })));
    layout.add(std::make_unique<Bool>(normalizeOutput, "Normalize Output", false));
    layout.add(std::make_unique<Float>(modelSize, "Model Size", juce::NormalisableRange<float>(0.0f, 1.0f, 0.01f), 1.0f,
                                       Attributes().withStringFromValueFunction(
                                           [](float v, int) { return juce::String(juce::roundToInt(v * 100.0f)) + " %"; })));
    return layout;
}

const std::vector<juce::ParameterID>& all()
{
    static const std::vector<juce::ParameterID> ids {
        inputGain, gateEnabled, gateThreshold, gateHysteresis, gateRelease, bass, mid, treble,
        presence, cabEnabled, outputLevel, mix, bypass, stereoMode, inputCalibration,
        interfaceLevel, normalizeOutput, modelSize
    };
    return ids;
}

} // namespace waveamp::plugin::params
