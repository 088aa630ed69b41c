#pragma once
// Audio file I/O for the command-line renderer, on top of libsndfile. Kept apart from the
// engine so the engine stays free of file-format dependencies.
#include <stdexcept>
#include <string>
#include <vector>

namespace waveamp::cli {

// Anything that goes wrong reading or writing audio; what() is a complete sentence-like
// message that names the file.
class AudioIoError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct MonoAudio {
    std::vector<float> samples;  // channel 0 only, nominally in [-1, 1]
    int sampleRate = 0;
    int channelsInFile = 0;      // > 1 means the other channels were ignored
};

// Reads any format libsndfile understands (WAV/AIFF/FLAC/..., PCM 16/24/32 or float).
// Integer PCM is scaled to [-1, 1); float data is passed through unchanged.
// Only channel 0 is kept: a guitar DI is mono, and a mixdown could cancel out-of-phase
// channels, so taking one channel is the predictable choice. Throws AudioIoError.
MonoAudio readChannel0(const std::string& path);

// Writes a mono 32-bit float WAV (no clipping, no dither). Throws AudioIoError; a partly
// written file is removed.
void writeMonoFloatWav(const std::string& path, const std::vector<float>& samples,
                       int sampleRate);

} // namespace waveamp::cli
