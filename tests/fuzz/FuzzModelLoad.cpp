// Fuzz target (a): a model file's bytes, any format, through ModelLoader::loadString - the one
// entry point every format goes through (WaveNetVA JSON, NAM, and formats added later).
// A bad file must end in ModelError; any other exception, crash, hang, leak or runaway
// allocation is a bug. A model that loads is also prepared and run briefly, because prepare()
// allocates from the file's sizes.
#include "FuzzEntry.h"
#include "ModelLoader.h"
#include <array>
#include <cstdint>
#include <string>

WAVEAMP_FUZZ_ENTRY(waveampFuzzModelLoad)(const uint8_t* data, size_t size)
{
    const std::string text(reinterpret_cast<const char*>(data), size);
    std::unique_ptr<waveamp::Model> model;
    try {
        model = waveamp::ModelLoader::loadString(text, "fuzz input");
    } catch (const waveamp::ModelError&) {
        return 0;  // the expected outcome for a bad file
    }
    model->prepare(48000.0, 64);
    std::array<float, 100> buffer {};
    for (size_t i = 0; i < buffer.size(); ++i)
        buffer[i] = (i % 7 == 0) ? 0.5f : -0.25f;
    model->process(buffer.data(), buffer.data(), static_cast<int>(buffer.size()));  // > max block
    model->reset();
    return 0;
}
