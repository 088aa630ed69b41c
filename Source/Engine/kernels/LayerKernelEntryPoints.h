#pragma once
// The entry points of one instruction set, included at the end of LayerKernel_<isa>.cpp
// inside its namespace, with WAVEAMP_WIDEST_LANES set to the ISA's widest vector (4, 8, 16).

LayerFn layerKernel(int lanes, int channels, bool gated, int activation) noexcept
{
#if WAVEAMP_WIDEST_LANES >= 16
    if (LayerFn paired = groupedFramesEnabled() ? pairedKernelFor(lanes, channels, gated, activation) : nullptr)
        return paired;
#endif
#if WAVEAMP_WIDEST_LANES >= 8
    // WAVEAMP_GROUPED=0 keeps the tile kernel for every shape (for comparisons; same results),
    // the paired-input kernel's 8-channel layers included.
    if (LayerFn grouped = groupedFramesEnabled() ? groupedKernelFor<WAVEAMP_WIDEST_LANES>(lanes, channels, gated, activation) : nullptr)
        return grouped;
#endif
    if (lanes == 4) return kernelFor<4>(channels, gated, activation);
#if WAVEAMP_WIDEST_LANES >= 8
    if (lanes == 8) return kernelFor<8>(channels, gated, activation);
#endif
#if WAVEAMP_WIDEST_LANES >= 16
    if (lanes == 16) return kernelFor<16>(channels, gated, activation);
#endif
    return nullptr;
}

ArrayFrameFn stackFrameKernel(int lanes, int channels, bool gated, int activation) noexcept
{
    // The tile kernel's one-frame tile, layer after layer. Where the layers run the paired-input
    // or grouped-frames kernel instead, the tile is still what they run at block size 1 (their
    // leftover frames; KernelAgreementTest holds them to the tile's results bit for bit).
    if (lanes == 4) return kernelFor<4, StackKernel>(channels, gated, activation);
#if WAVEAMP_WIDEST_LANES >= 8
    if (lanes == 8) return kernelFor<8, StackKernel>(channels, gated, activation);
#endif
#if WAVEAMP_WIDEST_LANES >= 16
    if (lanes == 16) return kernelFor<16, StackKernel>(channels, gated, activation);
#endif
    return nullptr;  // 2 lanes (1-2 channels): the grouped-frames kernel has no tile form
}

MixFn mixKernel(int in, int out) noexcept
{
#if WAVEAMP_WIDEST_LANES >= 16
    return mixKernelFor(in, out);
#else
    (void)in, (void)out;  // AVX2 and SSE2: FrameProduct or Eigen
    return nullptr;
#endif
}

int arrayFrameChainLanes(int lanes, int channels, int activation) noexcept
{
#if WAVEAMP_WIDEST_LANES == 16
    if (lanes == 8 && channels > 4 && channels <= 8 && activation != kLeakyReLU) return 16;  // arrayFrameJoint
#endif
    (void)channels, (void)activation;
    return lanes;
}

ArrayFrameFn arrayFrameKernel(int lanes, int channels, int activation, int pastLanes) noexcept
{
#if WAVEAMP_WIDEST_LANES == 16
    if (arrayFrameChainLanes(lanes, channels, activation) > lanes)
        return pastLanes == 16 ? arrayFrameJointFor<16>(channels, activation) : arrayFrameJointFor<0>(channels, activation);
#endif
#if WAVEAMP_WIDEST_LANES == 8
    if (lanes == 2) return arrayFrameFor<4, 2>(channels, activation);
    if (lanes == 4) return arrayFrameFor<4, 4, 8>(channels, activation);  // AVX-512 CPUs run it too
    if (lanes == 8) return arrayFrameFor<8, 8>(channels, activation);
#elif WAVEAMP_WIDEST_LANES == 16
    if (lanes == 2) return arrayFrameFor<4, 2>(channels, activation);
    if (lanes == 8) return pastLanes == 16 ? arrayFrameFor<8, 8, 16>(channels, activation) : arrayFrameFor<8, 8>(channels, activation);
    if (lanes == 16) return wideFrameFor<16>(channels, activation);
#endif
    (void)lanes, (void)channels, (void)activation, (void)pastLanes;  // SSE2: the layers run one by one
    return nullptr;
}

ArrayFrameFn gatedFrameKernel(int lanes, int channels, int activation) noexcept
{
#if WAVEAMP_WIDEST_LANES >= 8
    if (lanes == 4) return gatedFrameFor<8, 4>(channels, activation);
#endif
#if WAVEAMP_WIDEST_LANES >= 16
    if (lanes == 8) return gatedFrameFor<16, 8>(channels, activation);
#endif
    (void)lanes, (void)channels, (void)activation;  // SSE2, or 8 lanes on AVX2: the stack of tiles
    return nullptr;
}

// Two past taps per vector (pastTapsPacked in ArrayFrameKernel.h): on AVX2, 4-lane layers
// always (two taps in a 256-bit vector: half the FMAs and broadcasts). On AVX-512, 8-lane
// layers of at least 4 past taps each: NAM A2 full (5 and 14) 5 % faster at block size 1, but
// feather (kernel 3: 2 past taps) 3 % slower. Zen 4 runs a 512-bit FMA as two 256-bit halves,
// so only the loads and broadcasts are saved there.
int arrayFramePastLanes(int lanes, int pastTaps) noexcept
{
#if WAVEAMP_WIDEST_LANES == 8
    (void)pastTaps;
    return lanes == 4 ? 8 : 0;
#elif WAVEAMP_WIDEST_LANES == 16
    return lanes == 8 && pastTaps >= 4 ? 16 : 0;
#else
    (void)lanes, (void)pastTaps;
    return 0;
#endif
}

void activation(int code, float slope, float* data, int n) noexcept
{
    activationBlock<WAVEAMP_WIDEST_LANES>(code, slope, data, n);
}

static double threadCpuSeconds() noexcept
{
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);  // CPU time: robust on a shared machine
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// The least CPU seconds per step of run(steps), over repeated runs for `seconds`: the step
// count doubles until one run takes 2 ms (timer resolution), then stays.
template <class Run>
static double fastestSecondsPerStep(Run run, long steps, double seconds) noexcept
{
    volatile double sink = 0;
    double best = 0;
    const double start = threadCpuSeconds();
    while (threadCpuSeconds() - start < seconds) {
        const double t0 = threadCpuSeconds();
        sink = sink + run(steps);
        const double dt = threadCpuSeconds() - t0;
        if (dt < 2e-3) { steps *= 2; continue; }
        const double perStep = dt / static_cast<double>(steps);
        if (best == 0 || perStep < best) best = perStep;
    }
    return best;
}

double activationChainNs(int code, double seconds) noexcept
{
    float (*chain)(long) = nullptr;
    switch (code) {
    case kTanh: chain = &activationChain<4, kTanh>; break;
    case kSigmoid: chain = &activationChain<4, kSigmoid>; break;
    case kLeakyReLU: chain = &activationChain<4, kLeakyReLU>; break;
    case kReLU: chain = &activationChain<4, kReLU>; break;
    default: return 0.0;
    }
    return 1e9 * fastestSecondsPerStep(chain, 1 << 12, seconds);
}

double peakGflops(double seconds) noexcept
{
    const double perIteration = fastestSecondsPerStep(&fmaLoop<WAVEAMP_WIDEST_LANES>, 1 << 16, seconds);
    return perIteration > 0 ? 2.0 * WAVEAMP_WIDEST_LANES * kPeakChains / perIteration * 1e-9 : 0.0;
}
