#pragma once
// Helpers for the plugin tests: setting parameters, running the processor over a signal in
// blocks, waiting for model switches, and small synthetic signals and impulse responses.
#include "PluginProcessor.h"
#include <functional>
#include <string>
#include <vector>

namespace waveamp::plugin::test {

void setParam(WaveAmpProcessor& p, const juce::ParameterID& id, float value);
float getParam(WaveAmpProcessor& p, const juce::ParameterID& id);

// A guitar-like test signal: decaying plucked harmonics, repeated, at `rate`.
std::vector<float> guitarLike(int numSamples, double rate, float amplitude = 0.3f);

// Processes `in` (mono, copied to every input channel) in blocks of `block`, returns channel 0.
std::vector<float> render(WaveAmpProcessor& p, const std::vector<float>& in, int block);

// Processes silence until the worker is idle and no model switch is in flight.
bool settle(WaveAmpProcessor& p, int block = 256, int timeoutMs = 20000);

// An exponentially decaying noise burst (a toy cabinet IR).
juce::AudioBuffer<float> toyImpulseResponse(int channels, int length, unsigned seed);

ModelSource modelFromText(const std::string& text, const juce::String& name);

std::string defaultModelText();

} // namespace waveamp::plugin::test
