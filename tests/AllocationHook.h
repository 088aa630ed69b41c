#pragma once
// Counts heap operations (malloc family, operator new/delete) made by the current thread
// while a ScopedAllocationCounter is alive. Defined in AllocationHook.cpp, which replaces the
// global allocation functions of the executable it is linked into.
#include <cstddef>

namespace waveamp::test {

struct AllocationCounts {
    long allocations = 0;
    long deallocations = 0;
};

class ScopedAllocationCounter {
public:
    ScopedAllocationCounter();
    ~ScopedAllocationCounter();
    AllocationCounts counts() const;
    ScopedAllocationCounter(const ScopedAllocationCounter&) = delete;
    ScopedAllocationCounter& operator=(const ScopedAllocationCounter&) = delete;
};

} // namespace waveamp::test
