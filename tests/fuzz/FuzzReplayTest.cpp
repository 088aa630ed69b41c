// Replays a fuzz target's committed corpus and crash reproducers in the normal test suite (and
// so under ASan/UBSan in the sanitizer build): every file that ever crashed a target stays a test.
// Built once per target with WAVEAMP_FUZZ_FUNCTION (the target's entry point) and
// WAVEAMP_FUZZ_DIRS ('|'-separated folders of inputs).
#include <gtest/gtest.h>
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

extern "C" int WAVEAMP_FUZZ_FUNCTION(const uint8_t* data, size_t size);

namespace {

std::vector<std::filesystem::path> inputs()
{
    std::vector<std::filesystem::path> files;
    std::stringstream dirs(WAVEAMP_FUZZ_DIRS);
    for (std::string dir; std::getline(dirs, dir, '|');) {
        if (!std::filesystem::is_directory(dir)) continue;
        for (const auto& entry : std::filesystem::directory_iterator(dir))
            if (entry.is_regular_file()) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

} // namespace

TEST(FuzzReplay, EveryCommittedInputAndReproducerRunsClean)
{
    const auto files = inputs();
    ASSERT_GT(files.size(), 0u) << "no inputs in " << WAVEAMP_FUZZ_DIRS;
    for (const auto& path : files) {
        SCOPED_TRACE(path.string());
        std::ifstream in(path, std::ios::binary);
        const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        // A crash, a sanitizer report or an unexpected exception fails the test; so would a hang
        // (ctest timeout). A zero-length input is passed as a valid pointer with size 0.
        EXPECT_EQ(0, WAVEAMP_FUZZ_FUNCTION(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
    }
    std::printf("replayed %zu inputs\n", files.size());
}
