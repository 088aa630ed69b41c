// Fuzz target (c): an audio file's bytes through the CLI's reader (waveamp::cli::readChannel0,
// libsndfile underneath). The reader takes a path, so the bytes go into an in-memory file
// (memfd) opened through /proc/self/fd. A bad file must end in AudioIoError.
#include "AudioFile.h"
#include "FuzzEntry.h"
#include <sys/mman.h>
#include <unistd.h>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

struct MemoryFile {
    int fd = memfd_create("waveamp-fuzz-wav", 0);
    std::string path = "/proc/self/fd/" + std::to_string(fd);
    ~MemoryFile() { close(fd); }
};

} // namespace

WAVEAMP_FUZZ_ENTRY(waveampFuzzWavRead)(const uint8_t* data, size_t size)
{
    static MemoryFile file;
    if (file.fd < 0) {
        std::perror("memfd_create");
        std::abort();
    }
    if (ftruncate(file.fd, 0) != 0 || pwrite(file.fd, data, size, 0) != static_cast<ssize_t>(size))
        std::abort();
    try {
        const auto audio = waveamp::cli::readChannel0(file.path);
        volatile float sink = 0.0f;
        for (float v : audio.samples) sink = sink + v;  // touch every sample (ASan checks the reads)
        (void)sink;
    } catch (const waveamp::cli::AudioIoError&) {
    }
    return 0;
}
