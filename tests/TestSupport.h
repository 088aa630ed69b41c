#pragma once
// Shared helpers for the test suite: where the data lives, and comparing signals.
#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace waveamp::test {

std::string sourceDir();   // the project checkout
std::string dataDir();     // tests/data (committed, project-made)
std::string sharedDir();   // ../shared (third-party models, audio, goldens), or $WAVEAMP_SHARED
bool runningUnderCi();     // CI=true: a missing ../shared file is a failure, not a skip
bool fileExists(const std::string& path);

std::string readText(const std::string& path);
std::vector<float> readWav(const std::string& path, int* sampleRate = nullptr);

// A deterministic guitar-like test signal: decaying notes plus a faster partial, peak ~0.8.
std::vector<float> guitarLikeSignal(size_t n);

struct Difference {
    double maxAbs = 0.0;
    size_t worstIndex = 0;
    bool finite = true;
};
Difference compare(const std::vector<float>& a, const std::vector<float>& b);

} // namespace waveamp::test

// Skips (or, under CI, fails) the current test when a ../shared file is absent.
#define WAVEAMP_REQUIRE_SHARED_FILE(path)                                                          \
    do {                                                                                           \
        if (!::waveamp::test::fileExists(path)) {                                                  \
            if (::waveamp::test::runningUnderCi())                                                 \
                FAIL() << "missing shared file under CI: " << (path);                              \
            GTEST_SKIP() << "skipped: needs " << (path) << " (../shared is not beside the checkout)"; \
        }                                                                                          \
    } while (0)
