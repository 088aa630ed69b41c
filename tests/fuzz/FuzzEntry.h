#pragma once
// Each fuzz target is one function. Built as a libFuzzer binary (WAVEAMP_LIBFUZZER) it is also
// exported as LLVMFuzzerTestOneInput; in the normal test suite the same function replays the
// committed corpus and every crash reproducer (tests/fuzz/FuzzReplayTest.cpp).
#include <cstddef>
#include <cstdint>

#ifdef WAVEAMP_LIBFUZZER
#define WAVEAMP_FUZZ_ENTRY(name)                                                    \
    extern "C" int name(const uint8_t* data, size_t size);                          \
    extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)         \
    {                                                                               \
        return name(data, size);                                                    \
    }                                                                               \
    extern "C" int name
#else
#define WAVEAMP_FUZZ_ENTRY(name) extern "C" int name
#endif
