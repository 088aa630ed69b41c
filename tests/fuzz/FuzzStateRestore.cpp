// Fuzz target (b): saved-state bytes (what a DAW session hands back) through
// WaveAmpProcessor::setStateInformation, on one prepared processor, as a host would do it:
// restore, let the loader thread finish, play a block (which takes the restored model), save.
// Restore must never crash, hang, leak or allocate without bound, whatever the bytes.
#include "FuzzEntry.h"
#include "PluginProcessor.h"
#include <juce_gui_basics/juce_gui_basics.h>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace {

struct Host {
    juce::ScopedJuceInitialiser_GUI juceInit;
    waveamp::plugin::WaveAmpProcessor processor;
    juce::AudioBuffer<float> buffer { 2, 256 };
    juce::MidiBuffer midi;
    Host() { processor.prepareToPlay(48000.0, 256); }
};

void playBlock(Host& host)
{
    for (int c = 0; c < 2; ++c)
        for (int i = 0; i < 256; ++i)
            host.buffer.setSample(c, i, 0.25f * std::sin(0.05f * static_cast<float>(i + 7 * c)));
    host.processor.processBlock(host.buffer, host.midi);
    for (int c = 0; c < 2; ++c)
        for (int i = 0; i < 256; ++i)
            if (!std::isfinite(host.buffer.getSample(c, i))) {
                std::fprintf(stderr, "non-finite output after restoring a state\n");
                std::abort();
            }
}

} // namespace

WAVEAMP_FUZZ_ENTRY(waveampFuzzStateRestore)(const uint8_t* data, size_t size)
{
    static Host* host = new Host();  // lives for the whole run, like a plugin in a session
    host->processor.setStateInformation(data, static_cast<int>(size));
    if (!host->processor.waitForWorker(30000)) std::abort();
    playBlock(*host);  // takes the pending model, if any
    playBlock(*host);
    if (!host->processor.waitForWorker(30000)) std::abort();
    juce::MemoryBlock saved;
    host->processor.getStateInformation(saved);
    return 0;
}
