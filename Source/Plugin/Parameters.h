#pragma once
// Every WaveAmp parameter's ID, in one place. IDs are stable forever (hosts and saved sessions
// refer to them); a parameter whose meaning changes gets a new version number.
#include <juce_audio_processors/juce_audio_processors.h>
#include <vector>

namespace waveamp::plugin::params {

inline const juce::ParameterID inputGain        { "inputGain", 1 };        // dB
inline const juce::ParameterID gateEnabled      { "gateEnabled", 1 };
inline const juce::ParameterID gateThreshold    { "gateThreshold", 1 };    // dBFS
inline const juce::ParameterID gateHysteresis   { "gateHysteresis", 1 };   // dB
inline const juce::ParameterID gateRelease      { "gateRelease", 1 };      // ms
inline const juce::ParameterID bass             { "bass", 1 };             // dB
inline const juce::ParameterID mid              { "mid", 1 };              // dB
inline const juce::ParameterID treble           { "treble", 1 };           // dB
inline const juce::ParameterID presence         { "presence", 1 };         // dB
inline const juce::ParameterID cabEnabled       { "cabEnabled", 1 };
inline const juce::ParameterID outputLevel      { "outputLevel", 1 };      // dB
inline const juce::ParameterID mix              { "mix", 1 };              // % wet
inline const juce::ParameterID bypass           { "bypass", 1 };
inline const juce::ParameterID stereoMode       { "stereoMode", 1 };       // 0 summed, 1 dual mono
inline const juce::ParameterID inputCalibration { "inputCalibration", 1 }; // use .nam input_level_dbu
inline const juce::ParameterID interfaceLevel   { "interfaceLevel", 1 };   // dBu at 0 dBFS
inline const juce::ParameterID normalizeOutput  { "normalizeOutput", 1 };  // use .nam loudness
// Size / quality of a SlimmableContainer model (NAM A2), 0..1: the first submodel whose
// max_value exceeds it plays (1 = full size). No effect on other models.
inline const juce::ParameterID modelSize        { "modelSize", 1 };

enum StereoMode { summed = 0, dualMono = 1 };

// Output normalisation target for models that carry a loudness (as the NAM plugin does).
inline constexpr float kNormalizedLoudnessDb = -18.0f;

juce::AudioProcessorValueTreeState::ParameterLayout createLayout();

// All IDs, in layout order (for tests, state and the editor).
const std::vector<juce::ParameterID>& all();

} // namespace waveamp::plugin::params
