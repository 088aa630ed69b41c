#pragma once
// Model files built in memory with seeded random weights, in the real file formats, so tests
// and benchmarks can cover shapes without any third-party file.
#include <string>
#include <vector>

namespace waveamp::test {

struct NamArrayShape {
    int inputSize, channels, headSize, kernelSize;
    std::vector<int> dilations;
    bool gated = false;
    bool headBias = false;
    std::string activation = "Tanh";
};

// A .nam (version 0.5.4, WaveNet) document.
std::string makeNamWaveNet(const std::vector<NamArrayShape>& arrays, unsigned seed, float weightScale = 0.3f);
// NAM "A1 standard": 16 and 8 channels, kernel 3, dilations 1..512 twice, tanh.
std::string makeNamA1Standard(unsigned seed);
// A WaveNetVA JSON document (gated unless activation is "tanh"/"relu"/"linear").
std::string makeWaveNetVA(int channels, int kernelSize, const std::vector<int>& dilations, unsigned seed,
                          const std::string& activation = "gated");
// A NAM LSTM (.nam 0.5.4): numLayers x hidden units, random weights and initial state.
std::string makeNamLstm(int numLayers, int hidden, unsigned seed);
// A Keras-style (AIDA-X / RTNeural) model: one "lstm" or "gru" (reset_after) layer of `hidden`
// units and a dense head.
std::string makeKerasRecurrent(const std::string& type, int hidden, unsigned seed);

} // namespace waveamp::test
