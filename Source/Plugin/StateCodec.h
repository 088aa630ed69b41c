#pragma once
// WaveAmp's saved state (what a DAW session stores): parameters, the model (its path AND its
// full text, so a session opens on a machine without the file) and the cabinet IR (its path AND
// its samples). XML inside JUCE's binary wrapper, with a format version:
//
//   <WaveAmpState formatVersion="1" pluginVersion="...">
//     <Parameters><Param id="inputGain" value="0"/>...</Parameters>
//     <Model name="..." path="..." default="0">model file text</Model>
//     <ImpulseResponse name="..." path="..." sampleRate="48000" channels="1" samples="N">base64 float32</ImpulseResponse>
//   </WaveAmpState>
//
// Restoring migrates older versions one step at a time (migrate()), and never throws or crashes:
// garbage, truncated or unknown states restore the defaults; a missing piece restores its
// default and says so in the editor's error line.
#include <juce_core/juce_core.h>

namespace waveamp::plugin {

class WaveAmpProcessor;

class StateCodec {
public:
    static constexpr int kFormatVersion = 1;

    static void save(WaveAmpProcessor& processor, juce::MemoryBlock& dest);
    static void restore(WaveAmpProcessor& processor, const void* data, int size);

    // Step-by-step migration of an older state's XML to kFormatVersion, in place. Returns false
    // when the state is unusable (version 0 or missing). Each step N -> N+1 is one function.
    static bool migrate(juce::XmlElement& state);

    static juce::String lastRestoreMessage(WaveAmpProcessor& processor);
};

} // namespace waveamp::plugin
