#include "AudioFile.h"

#include <sndfile.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <system_error>

namespace waveamp::cli {
namespace {

struct SndfileCloser {
    void operator()(SNDFILE* f) const noexcept { sf_close(f); }
};
using SndfilePtr = std::unique_ptr<SNDFILE, SndfileCloser>;

// libsndfile's own messages ("Format not recognised.") are fine for the details; we add
// which file and what we were doing.
[[noreturn]] void fail(const std::string& what, const std::string& path, SNDFILE* f) {
    throw AudioIoError(what + " '" + path + "': " + sf_strerror(f));
}

} // namespace

MonoAudio readChannel0(const std::string& path) {
    // Check existence ourselves: libsndfile reports a missing file as a generic
    // "System error", which is less helpful.
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (!std::filesystem::exists(status))
        throw AudioIoError("input file not found: '" + path + "'");
    if (std::filesystem::is_directory(status))
        throw AudioIoError("input is a directory, not an audio file: '" + path + "'");

    SF_INFO info{};
    SndfilePtr file(sf_open(path.c_str(), SFM_READ, &info));
    if (!file)
        fail("could not read audio file", path, nullptr);
    if (info.channels < 1 || info.samplerate < 1)
        throw AudioIoError("audio file '" + path + "' has no channels or no sample rate");

    MonoAudio audio;
    audio.sampleRate = info.samplerate;
    audio.channelsInFile = info.channels;
    // frames can be unknown/bogus for some containers, so only trust it as a hint.
    if (info.frames > 0 && info.frames < (sf_count_t{1} << 31))
        audio.samples.reserve(static_cast<size_t>(info.frames));

    // Read in chunks until end of file instead of trusting info.frames.
    constexpr sf_count_t kChunkFrames = 8192;
    std::vector<float> chunk(static_cast<size_t>(kChunkFrames) * static_cast<size_t>(info.channels));
    for (;;) {
        const sf_count_t got = sf_readf_float(file.get(), chunk.data(), kChunkFrames);
        if (got <= 0)
            break;
        for (sf_count_t i = 0; i < got; ++i)
            audio.samples.push_back(chunk[static_cast<size_t>(i * info.channels)]);
    }
    if (sf_error(file.get()) != SF_ERR_NO_ERROR)
        fail("error while reading audio file", path, file.get());
    return audio;
}

void writeMonoFloatWav(const std::string& path, const std::vector<float>& samples,
                       int sampleRate) {
    // RIFF sizes are 32-bit; refuse rather than write a file with a wrapped header.
    constexpr std::uint64_t kMaxWavDataBytes = 0xFFFFFFFFull - 1024;
    if (samples.size() * sizeof(float) > kMaxWavDataBytes)
        throw AudioIoError("output is too long for a WAV file (4 GB limit): '" + path + "'");
    if (sampleRate < 1)
        throw AudioIoError("invalid sample rate for output file '" + path + "'");

    SF_INFO info{};
    info.samplerate = sampleRate;
    info.channels = 1;
    info.format = SF_FORMAT_WAV | SF_FORMAT_FLOAT;

    SNDFILE* raw = sf_open(path.c_str(), SFM_WRITE, &info);
    if (!raw)
        fail("could not create output file", path, nullptr);

    const auto count = static_cast<sf_count_t>(samples.size());
    const sf_count_t written = sf_writef_float(raw, samples.data(), count);
    std::string error;
    if (written != count)
        error = std::string("could not write output file '") + path + "': " + sf_strerror(raw);
    // sf_close finalises the header, so its failure is a write failure too.
    if (sf_close(raw) != 0 && error.empty())
        error = "could not finish writing output file '" + path + "'";
    if (!error.empty()) {
        std::error_code ignored;
        std::filesystem::remove(path, ignored);  // don't leave a truncated WAV behind
        throw AudioIoError(error);
    }
}

} // namespace waveamp::cli
