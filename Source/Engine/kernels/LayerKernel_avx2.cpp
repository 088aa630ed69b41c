// The layer kernel compiled for avx2 (flags set per file in Source/Engine/CMakeLists.txt).
// Everything here has internal linkage except the three entry points; see LayerKernel.h.
#include "LayerKernel.h"
#include <time.h>

#define WAVEAMP_VREGS 16

namespace waveamp::kernels::avx2 {

#include "LayerKernelImpl.h"

LayerFn layerKernel(int lanes, int channels, bool gated, int activation) noexcept
{
    switch (lanes) {
    case 4: return kernelFor<4>(channels, gated, activation);
    case 8: return kernelFor<8>(channels, gated, activation);
    default: return nullptr;
    }
}

void activation(int code, float slope, float* data, int n) noexcept
{
    activationBlock<8>(code, slope, data, n);
}

double peakGflops(double seconds) noexcept
{
    auto now = [] {
        timespec ts;
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);  // CPU time: robust on a shared machine
        return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
    };
    volatile double sink = 0;
    long iterations = 1 << 16;
    double best = 0;
    const double start = now();
    while (now() - start < seconds) {
        const double t0 = now();
        sink = sink + fmaLoop<8>(iterations);
        const double dt = now() - t0;
        if (dt < 2e-3) { iterations *= 2; continue; }
        const double gflops = 2.0 * 8 * kPeakChains * static_cast<double>(iterations) / dt * 1e-9;
        if (gflops > best) best = gflops;
    }
    return best;
}

} // namespace waveamp::kernels::avx2
