#include "AllocationHook.h"
#include <cstdlib>
#include <malloc.h>
#include <new>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define WAVEAMP_SANITIZER_HOOKS 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define WAVEAMP_SANITIZER_HOOKS 1
#endif
#endif

namespace {
// Plain thread-locals in an executable use the local-exec TLS model: reading them never
// allocates, so they are safe to touch from inside malloc.
thread_local bool tCounting = false;
thread_local long tAllocations = 0;
thread_local long tDeallocations = 0;
thread_local long long tBytes = 0;
thread_local long long tLive = 0;
thread_local long long tPeak = 0;

inline void noteAllocation(size_t bytes)
{
    if (!tCounting) return;
    ++tAllocations;
    tBytes += static_cast<long long>(bytes);
    tLive += static_cast<long long>(bytes);
    if (tLive > tPeak) tPeak = tLive;
}
inline void noteDeallocation(size_t bytes)
{
    if (!tCounting) return;
    ++tDeallocations;
    tLive -= static_cast<long long>(bytes);
}
} // namespace

#ifdef WAVEAMP_SANITIZER_HOOKS
// The sanitizer owns malloc; it calls these on every allocation and free of every thread.
#include <sanitizer/allocator_interface.h>

namespace {
void onMalloc(const volatile void* p, size_t n) { if (p) noteAllocation(n); }
void onFree(const volatile void* p) { if (p && tCounting) noteDeallocation(__sanitizer_get_allocated_size(p)); }
const int hooksInstalled = __sanitizer_install_malloc_and_free_hooks(onMalloc, onFree);
} // namespace

#else
// glibc's real allocator entry points, so the replacements below can forward to them.
extern "C" {
void* __libc_malloc(size_t);
void* __libc_calloc(size_t, size_t);
void* __libc_realloc(void*, size_t);
void* __libc_memalign(size_t, size_t);
void __libc_free(void*);
}

namespace {
inline void* noted(void* p)
{
    if (p) noteAllocation(tCounting ? malloc_usable_size(p) : 0);
    else if (tCounting) ++tAllocations;  // a failed attempt is still an attempt
    return p;
}
inline void freeNoted(void* p)
{
    if (p) noteDeallocation(tCounting ? malloc_usable_size(p) : 0);
    __libc_free(p);
}
void* allocateOrThrow(size_t n)
{
    void* p = noted(__libc_malloc(n ? n : 1));
    if (!p) throw std::bad_alloc();
    return p;
}
void* allocateAlignedOrThrow(size_t n, std::align_val_t a)
{
    void* p = noted(__libc_memalign(static_cast<size_t>(a), n ? n : 1));
    if (!p) throw std::bad_alloc();
    return p;
}
} // namespace

extern "C" {
void* malloc(size_t n) { return noted(__libc_malloc(n)); }
void* calloc(size_t a, size_t b) { return noted(__libc_calloc(a, b)); }
void* realloc(void* p, size_t n)
{
    if (p) noteDeallocation(tCounting ? malloc_usable_size(p) : 0);
    return noted(__libc_realloc(p, n));
}
void free(void* p) { freeNoted(p); }
void* memalign(size_t a, size_t n) { return noted(__libc_memalign(a, n)); }
void* aligned_alloc(size_t a, size_t n) { return noted(__libc_memalign(a, n)); }
int posix_memalign(void** out, size_t a, size_t n)
{
    *out = noted(__libc_memalign(a, n));
    return *out ? 0 : 12 /* ENOMEM */;
}
}

void* operator new(size_t n) { return allocateOrThrow(n); }
void* operator new[](size_t n) { return allocateOrThrow(n); }
void* operator new(size_t n, const std::nothrow_t&) noexcept { return noted(__libc_malloc(n ? n : 1)); }
void* operator new[](size_t n, const std::nothrow_t&) noexcept { return noted(__libc_malloc(n ? n : 1)); }
void* operator new(size_t n, std::align_val_t a) { return allocateAlignedOrThrow(n, a); }
void* operator new[](size_t n, std::align_val_t a) { return allocateAlignedOrThrow(n, a); }
void operator delete(void* p) noexcept { freeNoted(p); }
void operator delete[](void* p) noexcept { freeNoted(p); }
void operator delete(void* p, size_t) noexcept { freeNoted(p); }
void operator delete[](void* p, size_t) noexcept { freeNoted(p); }
void operator delete(void* p, std::align_val_t) noexcept { freeNoted(p); }
void operator delete[](void* p, std::align_val_t) noexcept { freeNoted(p); }
void operator delete(void* p, size_t, std::align_val_t) noexcept { freeNoted(p); }
void operator delete[](void* p, size_t, std::align_val_t) noexcept { freeNoted(p); }
#endif

namespace waveamp::test {

ScopedAllocationCounter::ScopedAllocationCounter()
{
    tAllocations = 0;
    tDeallocations = 0;
    tBytes = tLive = tPeak = 0;
    tCounting = true;
}
ScopedAllocationCounter::~ScopedAllocationCounter() { tCounting = false; }
AllocationCounts ScopedAllocationCounter::counts() const { return { tAllocations, tDeallocations, tBytes, tPeak, tLive }; }

bool allocationHookUsesSanitizer()
{
#ifdef WAVEAMP_SANITIZER_HOOKS
    return true;
#else
    return false;
#endif
}

} // namespace waveamp::test
