#pragma once
// Counts heap operations (malloc family, operator new/delete) made by the current thread
// while a ScopedAllocationCounter is alive, and the bytes they hold. Defined in
// AllocationHook.cpp: in a normal build it replaces the global allocation functions of the
// executable it is linked into; under ASan or TSan (which own malloc) it counts through the
// sanitizer's malloc/free hooks instead, so the same tests run in the sanitizer builds.
#include <cstddef>

namespace waveamp::test {

struct AllocationCounts {
    long allocations = 0;
    long deallocations = 0;
    long long bytesAllocated = 0;  // total bytes of all allocations (usable sizes)
    long long peakBytes = 0;       // highest (allocated - freed) bytes since the counter started
    long long liveBytes = 0;       // (allocated - freed) bytes now
};

class ScopedAllocationCounter {
public:
    ScopedAllocationCounter();
    ~ScopedAllocationCounter();
    AllocationCounts counts() const;
    ScopedAllocationCounter(const ScopedAllocationCounter&) = delete;
    ScopedAllocationCounter& operator=(const ScopedAllocationCounter&) = delete;
};

// True when counting goes through a sanitizer's hooks (ASan/TSan build).
bool allocationHookUsesSanitizer();

} // namespace waveamp::test
