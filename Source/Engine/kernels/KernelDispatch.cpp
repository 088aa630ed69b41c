// Chooses the layer kernel for this CPU at run time, so one portable binary uses AVX-512 or
// AVX2 where present and SSE2 elsewhere.
#include "LayerKernel.h"
#include <cstdlib>
#include <cstring>
#include <initializer_list>

namespace waveamp::kernels {

const char* isaName(Isa isa) noexcept
{
    switch (isa) {
    case Isa::Reference: return "reference (Eigen)";
    case Isa::Sse2: return "SSE2";
    case Isa::Avx2: return "AVX2+FMA";
    case Isa::Avx512: return "AVX-512";
    }
    return "?";
}

bool cpuSupports(Isa isa) noexcept
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    switch (isa) {
    case Isa::Reference: return true;
    case Isa::Sse2: return __builtin_cpu_supports("sse2");
    case Isa::Avx2: return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case Isa::Avx512:
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl")
               && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw");
    }
    return false;
#else
    return isa == Isa::Reference;
#endif
}

Isa selectedIsa() noexcept
{
    const char* forced = std::getenv("WAVEAMP_KERNEL");
    if (forced && *forced) {
        Isa wanted = Isa::Avx512;
        if (!std::strcmp(forced, "reference") || !std::strcmp(forced, "eigen")) wanted = Isa::Reference;
        else if (!std::strcmp(forced, "sse2")) wanted = Isa::Sse2;
        else if (!std::strcmp(forced, "avx2")) wanted = Isa::Avx2;
        else if (!std::strcmp(forced, "avx512")) wanted = Isa::Avx512;
        if (cpuSupports(wanted)) return wanted;
    }
    for (Isa isa : { Isa::Avx512, Isa::Avx2, Isa::Sse2 })
        if (cpuSupports(isa)) return isa;
    return Isa::Reference;
}

bool groupedFramesEnabled() noexcept
{
    static const bool off = std::getenv("WAVEAMP_GROUPED") && std::getenv("WAVEAMP_GROUPED")[0] == '0';
    return !off;
}

int lanesFor(Isa isa, int channels) noexcept
{
    const int widest = isa == Isa::Avx512 ? 16 : isa == Isa::Avx2 ? 8 : 4;
    // 1-2 channels on AVX2/AVX-512: two lanes per frame, for the grouped-frames kernel (4 or
    // 8 frames per vector instead of 2 or 4 with half of every frame's lanes padding).
    if (channels <= 2 && widest >= 8 && groupedFramesEnabled()) return 2;
    // Cost of one column of C channels: vectors needed, a 16-lane vector counted as two 8-lane
    // ones (Zen 4 and others run 512-bit FMAs at half the 256-bit rate; Zen 5 at full rate,
    // where ungated 6-8 channel layers packed for 8 lanes fill 512-bit vectors anyway, in the
    // paired-input kernel). Ties go to less padding, then to wider vectors (fewer
    // instructions): C = 16 -> 16 lanes, C = 12 -> 16, C = 8 -> 8, C = 4 -> 4.
    int best = 4, bestCost = 1 << 30, bestPadded = 1 << 30;
    for (int lanes = 4; lanes <= widest; lanes *= 2) {
        const int vectors = (channels + lanes - 1) / lanes;
        const int cost = vectors * (lanes > 8 ? lanes / 8 : 1);
        const int padded = vectors * lanes;
        if (cost < bestCost || (cost == bestCost && padded <= bestPadded)) {
            best = lanes;
            bestCost = cost;
            bestPadded = padded;
        }
    }
    return best;
}

LayerFn layerKernel(Isa isa, int lanes, int channels, bool gated, int activation) noexcept
{
    if (!cpuSupports(isa)) return nullptr;
    switch (isa) {
    case Isa::Avx512: return avx512::layerKernel(lanes, channels, gated, activation);
    case Isa::Avx2: return avx2::layerKernel(lanes, channels, gated, activation);
    case Isa::Sse2: return sse2::layerKernel(lanes, channels, gated, activation);
    case Isa::Reference: return nullptr;
    }
    return nullptr;
}

MixFn mixKernel(Isa isa, int in, int out) noexcept
{
    if (!cpuSupports(isa)) return nullptr;
    switch (isa) {
    case Isa::Avx512: return avx512::mixKernel(in, out);
    case Isa::Avx2: return avx2::mixKernel(in, out);
    case Isa::Sse2: return sse2::mixKernel(in, out);
    case Isa::Reference: return nullptr;
    }
    return nullptr;
}

bool mixTakesStrides(int in, int out, long xStride, long yStride) noexcept
{
    const bool dense = in == 2 * out && out <= 4;  // MixKernel.h's denseMixBlock
    return !dense || (xStride == in && yStride == out);
}

// Layers packed for 4 lanes run the AVX2 build of the array-frame kernel on AVX-512 CPUs too.
// There it reads two past taps per 256-bit vector; the AVX-512 build would have to pair them
// in 512-bit vectors (4 taps: 10-25 % slower at block size 1 on NAM A2 lite, Zen 4, which runs a
// 512-bit FMA as two 256-bit halves) or read them one by one (11 % slower than the AVX2 build).
static Isa arrayFrameIsa(Isa isa, int lanes) noexcept
{
    return isa == Isa::Avx512 && lanes == 4 ? Isa::Avx2 : isa;
}

ArrayFrameFn arrayFrameKernel(Isa isa, int lanes, int channels, int activation, int pastLanes) noexcept
{
    if (!cpuSupports(isa)) return nullptr;
    isa = arrayFrameIsa(isa, lanes);
    switch (isa) {
    case Isa::Avx512: return avx512::arrayFrameKernel(lanes, channels, activation, pastLanes);
    case Isa::Avx2: return avx2::arrayFrameKernel(lanes, channels, activation, pastLanes);
    default: return nullptr;
    }
}

ArrayFrameFn gatedFrameKernel(Isa isa, int lanes, int channels, int activation) noexcept
{
    if (!cpuSupports(isa)) return nullptr;
    switch (isa) {
    case Isa::Avx512: return avx512::gatedFrameKernel(lanes, channels, activation);
    case Isa::Avx2: return avx2::gatedFrameKernel(lanes, channels, activation);
    default: return nullptr;
    }
}

ArrayFrameFn stackFrameKernel(Isa isa, int lanes, int channels, bool gated, int activation) noexcept
{
    if (!cpuSupports(isa)) return nullptr;
    switch (isa) {
    case Isa::Avx512: return avx512::stackFrameKernel(lanes, channels, gated, activation);
    case Isa::Avx2: return avx2::stackFrameKernel(lanes, channels, gated, activation);
    case Isa::Sse2: return sse2::stackFrameKernel(lanes, channels, gated, activation);
    case Isa::Reference: return nullptr;
    }
    return nullptr;
}

int arrayFramePastLanes(Isa isa, int lanes, int pastTaps) noexcept
{
    if (!cpuSupports(isa)) return 0;
    switch (arrayFrameIsa(isa, lanes)) {
    case Isa::Avx512: return avx512::arrayFramePastLanes(lanes, pastTaps);
    case Isa::Avx2: return avx2::arrayFramePastLanes(lanes, pastTaps);
    default: return 0;
    }
}

int arrayFrameChainLanes(Isa isa, int lanes, int channels, int activation) noexcept
{
    if (!cpuSupports(isa)) return lanes;
    switch (arrayFrameIsa(isa, lanes)) {
    case Isa::Avx512: return avx512::arrayFrameChainLanes(lanes, channels, activation);
    case Isa::Avx2: return avx2::arrayFrameChainLanes(lanes, channels, activation);
    default: return lanes;
    }
}

double measurePeakGflops(Isa isa, double seconds) noexcept
{
    if (!cpuSupports(isa)) return 0.0;
    switch (isa) {
    case Isa::Avx512: return avx512::peakGflops(seconds);
    case Isa::Avx2: return avx2::peakGflops(seconds);
    case Isa::Sse2: return sse2::peakGflops(seconds);
    case Isa::Reference: return 0.0;
    }
    return 0.0;
}

double measureActivationChainNs(Isa isa, int activation, double seconds) noexcept
{
    if (!cpuSupports(isa)) return 0.0;
    switch (isa) {
    case Isa::Avx512: return avx512::activationChainNs(activation, seconds);
    case Isa::Avx2: return avx2::activationChainNs(activation, seconds);
    case Isa::Sse2: return sse2::activationChainNs(activation, seconds);
    case Isa::Reference: return 0.0;
    }
    return 0.0;
}

void applyActivation(Isa isa, int activation, float negativeSlope, float* data, int n) noexcept
{
    switch (isa) {
    case Isa::Avx512: if (cpuSupports(isa)) { avx512::activation(activation, negativeSlope, data, n); return; } break;
    case Isa::Avx2: if (cpuSupports(isa)) { avx2::activation(activation, negativeSlope, data, n); return; } break;
    default: break;
    }
    sse2::activation(activation, negativeSlope, data, n);
}

} // namespace waveamp::kernels
