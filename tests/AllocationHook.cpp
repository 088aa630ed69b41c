#include "AllocationHook.h"
#include <cstdlib>
#include <malloc.h>
#include <new>

// glibc's real allocator entry points, so the replacements below can forward to them.
extern "C" {
void* __libc_malloc(size_t);
void* __libc_calloc(size_t, size_t);
void* __libc_realloc(void*, size_t);
void* __libc_memalign(size_t, size_t);
void __libc_free(void*);
}

namespace {
// Plain thread-locals in an executable use the local-exec TLS model: reading them never
// allocates, so they are safe to touch from inside malloc.
thread_local bool tCounting = false;
thread_local long tAllocations = 0;
thread_local long tDeallocations = 0;

inline void noteAllocation() { if (tCounting) ++tAllocations; }
inline void noteDeallocation(void* p) { if (tCounting && p) ++tDeallocations; }

void* allocateOrThrow(size_t n)
{
    noteAllocation();
    void* p = __libc_malloc(n ? n : 1);
    if (!p) throw std::bad_alloc();
    return p;
}
void* allocateAlignedOrThrow(size_t n, std::align_val_t a)
{
    noteAllocation();
    void* p = __libc_memalign(static_cast<size_t>(a), n ? n : 1);
    if (!p) throw std::bad_alloc();
    return p;
}
} // namespace

extern "C" {
void* malloc(size_t n) { noteAllocation(); return __libc_malloc(n); }
void* calloc(size_t a, size_t b) { noteAllocation(); return __libc_calloc(a, b); }
void* realloc(void* p, size_t n) { noteAllocation(); return __libc_realloc(p, n); }
void free(void* p) { noteDeallocation(p); __libc_free(p); }
void* memalign(size_t a, size_t n) { noteAllocation(); return __libc_memalign(a, n); }
void* aligned_alloc(size_t a, size_t n) { noteAllocation(); return __libc_memalign(a, n); }
int posix_memalign(void** out, size_t a, size_t n)
{
    noteAllocation();
    *out = __libc_memalign(a, n);
    return *out ? 0 : 12 /* ENOMEM */;
}
}

void* operator new(size_t n) { return allocateOrThrow(n); }
void* operator new[](size_t n) { return allocateOrThrow(n); }
void* operator new(size_t n, const std::nothrow_t&) noexcept { noteAllocation(); return __libc_malloc(n ? n : 1); }
void* operator new[](size_t n, const std::nothrow_t&) noexcept { noteAllocation(); return __libc_malloc(n ? n : 1); }
void* operator new(size_t n, std::align_val_t a) { return allocateAlignedOrThrow(n, a); }
void* operator new[](size_t n, std::align_val_t a) { return allocateAlignedOrThrow(n, a); }
void operator delete(void* p) noexcept { noteDeallocation(p); __libc_free(p); }
void operator delete[](void* p) noexcept { noteDeallocation(p); __libc_free(p); }
void operator delete(void* p, size_t) noexcept { noteDeallocation(p); __libc_free(p); }
void operator delete[](void* p, size_t) noexcept { noteDeallocation(p); __libc_free(p); }
void operator delete(void* p, std::align_val_t) noexcept { noteDeallocation(p); __libc_free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { noteDeallocation(p); __libc_free(p); }
void operator delete(void* p, size_t, std::align_val_t) noexcept { noteDeallocation(p); __libc_free(p); }
void operator delete[](void* p, size_t, std::align_val_t) noexcept { noteDeallocation(p); __libc_free(p); }

namespace waveamp::test {

ScopedAllocationCounter::ScopedAllocationCounter()
{
    tAllocations = 0;
    tDeallocations = 0;
    tCounting = true;
}
ScopedAllocationCounter::~ScopedAllocationCounter() { tCounting = false; }
AllocationCounts ScopedAllocationCounter::counts() const { return { tAllocations, tDeallocations }; }

} // namespace waveamp::test
