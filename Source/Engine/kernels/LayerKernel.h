#pragma once
// The fast path of one WaveNet layer, compiled once per instruction set (LayerKernel_*.cpp) and
// chosen at run time (KernelDispatch.cpp). This header is ISA-neutral and deliberately plain:
// the per-ISA translation units see only raw pointers and ints, never a shared inline template
// (std:: or Eigen), so nothing compiled with AVX-512 can leak into code that runs on an older CPU.
//
// Layout: a block of activations is channel-contiguous ("column-major"): frame t of a buffer
// with padded channel count CP starts at base + t * CP. Padding rows are zero and stay zero.
namespace waveamp::kernels {

enum class Isa { Reference = 0, Sse2 = 1, Avx2 = 2, Avx512 = 3 };
const char* isaName(Isa isa) noexcept;

enum ActivationCode { kLinear, kTanh, kSigmoid, kReLU, kLeakyReLU, kHardtanh, kSiLU, kSoftsign };

// Packed weights of one layer (built by PackedLayer in WaveNetLayer.cpp). Every vector is
// padded to `lanes`: CP = paddedChannels, ZP = (gated ? 2 : 1) * CP.
struct LayerView {
    int channels;        // C
    int paddedChannels;  // CP
    int kernelSize;      // K
    int dilation;
    int lanes;           // vector width the weights are packed for (2, 4, 8 or 16)
    bool gated;
    bool hasMixin;
    int activation;      // ActivationCode
    float negativeSlope;
    const float* conv;          // [K][C][ZP]: conv[(j*C + i)*ZP + z] = W[z][i][j] (gate half at CP)
    const float* convBias;      // [ZP]
    const float* mixin;         // [ZP] or nullptr
    const float* residual;      // [C][CP]: residual[i*CP + o] = R[o][i]
    const float* residualBias;  // [CP]
    const float* headWeights;   // [CP] or nullptr (plain sum)
};

struct LayerIO {
    const float* x;     // layer input at the current block's first frame (history before it)
    const float* cond;  // n condition samples, or nullptr
    float* out;         // next layer's input (x + residual), or nullptr to skip
    float* head;        // head accumulator += headWeights (.) activation, or nullptr
    int n;
};

using LayerFn = void (*)(const LayerView&, const LayerIO&) noexcept;

// One frame through all the layers of a layer array (block size 1; see ArrayFrameKernel.h).
// Every layer is ungated, of the same channel count, and packed for the same lanes.
struct ArrayFrameIO {
    const LayerView* const* layers;  // numLayers packed layers
    float* const* x;                 // x[l]: layer l's input at this frame in its history; x[0] is
                                     // read, x[1..numLayers-1] are written
    const float* cond;               // one condition sample, or nullptr
    float* out;                      // the last layer's residual output, or nullptr to skip it
    float* head;                     // the head accumulator at this frame (+=)
    const float* chain;              // [numLayers - 1][C][CP]: chain[l - 1] is layer l's current conv
                                     // tap times layer l - 1's residual 1x1 (packed like `residual`);
                                     // rows 2 CP wide when arrayFrameChainLanes() says so
    const float* past;               // when arrayFramePastLanes() > 0: every layer's past-tap weights
                                     // packed several taps per vector (see there)
    int numLayers;
};
using ArrayFrameFn = void (*)(const ArrayFrameIO&) noexcept;

// A channel-mixing 1x1 product, y = W x (+ b) (+ y), frame by frame (see MixKernel.h).
struct MixIO {
    const float* weights;  // out x in, column-major (Eigen's storage): column i at weights + i * out
    const float* bias;     // out values, or nullptr
    const float* x;        // frame t at x + t * xStride
    long xStride;
    float* y;              // frame t at y + t * yStride (out floats written)
    long yStride;
    long frames;
    bool accumulate;       // y += ..., else y = ...
};
using MixFn = void (*)(const MixIO&) noexcept;

// The mixing product for in -> out channels on `isa`, or nullptr (then FrameProduct or Eigen):
// on AVX-512, 10-16 (even) -> 8, and 2 -> 1, 4 -> 2, 8 -> 4. The last three take dense frames
// only: mixTakesStrides() says whether a call with these frame strides may use the kernel.
MixFn mixKernel(Isa isa, int in, int out) noexcept;
bool mixTakesStrides(int in, int out, long xStride, long yStride) noexcept;

// Returns the kernel for this layer shape on `isa`, or nullptr when it has none (too many
// channels): then the Eigen reference path runs. lanesFor() says how to pack for it (2, 4, 8
// or 16 lanes; 2 only for the grouped-frames kernel).
LayerFn layerKernel(Isa isa, int lanes, int channels, bool gated, int activation) noexcept;
int lanesFor(Isa isa, int channels) noexcept;
// The one-frame array kernel for layers of `channels` channels packed for `lanes`, or nullptr
// (then the layers run one by one). Up to 8 channels on AVX2 and AVX-512, and 9-16 channels in
// one 16-lane vector on AVX-512 (that form reads no chain and no packed past). It reads the past
// taps `pastLanes` wide: the value arrayFramePastLanes() returned for these layers.
ArrayFrameFn arrayFrameKernel(Isa isa, int lanes, int channels, int activation, int pastLanes) noexcept;
// The vector width PL the array-frame kernel reads past taps with, several taps side by side, for
// layers of at least `pastTaps` past taps each (kernel size - 1); or 0 when it reads them tap by
// tap from the layers' own weights. With PL > 0, ArrayFrameIO::past holds every layer's past
// taps (all but the current one), layer after layer, in groups of T = PL / CP taps:
// [group][input channel][tap in group][CP], zeros after the last tap.
int arrayFramePastLanes(Isa isa, int lanes, int pastTaps) noexcept;
// The width of ArrayFrameIO::chain's rows for the array-frame kernel of these layers: `lanes`
// ([C][CP], M alone), or 2 CP when the kernel also reads layer l - 1's residual 1x1 beside
// each M_l, in lanes CP to 2 CP - 1 (AVX-512, 5-8 channels: ArrayFrameKernel.h's arrayFrameJoint).
int arrayFrameChainLanes(Isa isa, int lanes, int channels, int activation) noexcept;
// The one-frame kernel for sigmoid-gated layers of `channels` channels packed for `lanes` (4 or
// 8), with the conv outputs of both halves in one vector of 2 x lanes (ArrayFrameKernel.h's
// gatedFrame), or nullptr (then the stack kernel). It reads ArrayFrameIO's layers, x, cond, out,
// head, numLayers and chain: the layers as GatedFrameWeights (FrameChain.h) packs them, and
// chain[l - 1] = [C][2 CP], layer l's current conv tap (both halves) times layer l - 1's
// residual 1x1, from those. AVX2 and AVX-512 for 4 lanes, AVX-512 for 8.
ArrayFrameFn gatedFrameKernel(Isa isa, int lanes, int channels, int activation) noexcept;
// The one-frame stack kernel: every layer of a stack of layers of this one shape, at block size
// 1, in one call (LayerKernelImpl.h's stackFrame), for the layers the array-frame kernel does
// not take (gated; SSE2; over 8 channels on AVX2, over 16 on AVX-512). Same results as the
// layers one by one, bit for bit. It reads ArrayFrameIO's layers, x, cond, out, head and
// numLayers; nullptr when the layers do not run the tile kernel.
ArrayFrameFn stackFrameKernel(Isa isa, int lanes, int channels, bool gated, int activation) noexcept;

// The best ISA this CPU supports, unless WAVEAMP_KERNEL=reference|sse2|avx2|avx512 forces one
// (an unsupported forced ISA falls back to the best supported one). Layers of up to 4 channels
// run on the grouped-frames kernel (GroupedFramesKernel.h) on AVX2 and AVX-512;
// WAVEAMP_GROUPED=0 keeps them on the tile kernel (bit-identical results; for comparisons).
Isa selectedIsa() noexcept;
bool groupedFramesEnabled() noexcept;  // false when WAVEAMP_GROUPED=0
bool cpuSupports(Isa isa) noexcept;

// Measured single-precision FMA throughput of one core for `isa`, in GFLOP/s (2 per FMA lane).
double measurePeakGflops(Isa isa, double seconds = 0.2) noexcept;

// Latency of one FMA plus one activation (ActivationCode) on a dependent chain, in ns of CPU
// time (best of repeated runs): times the number of layers, a lower bound on a WaveNet's cost
// per sample at block size 1, where every layer waits for the previous one's activation.
double measureActivationChainNs(Isa isa, int activation, double seconds = 0.1) noexcept;

// Vectorised activation on n floats (in place), for tests of the approximations.
void applyActivation(Isa isa, int activation, float negativeSlope, float* data, int n) noexcept;

// Per-ISA entry points (defined in LayerKernel_<isa>.cpp).
namespace sse2 { LayerFn layerKernel(int lanes, int channels, bool gated, int activation) noexcept; ArrayFrameFn gatedFrameKernel(int lanes, int channels, int activation) noexcept; ArrayFrameFn stackFrameKernel(int lanes, int channels, bool gated, int activation) noexcept; MixFn mixKernel(int in, int out) noexcept; ArrayFrameFn arrayFrameKernel(int lanes, int channels, int activation, int pastLanes) noexcept; int arrayFramePastLanes(int lanes, int pastTaps) noexcept; int arrayFrameChainLanes(int lanes, int channels, int activation) noexcept; double peakGflops(double) noexcept; double activationChainNs(int, double) noexcept; void activation(int, float, float*, int) noexcept; }
namespace avx2 { LayerFn layerKernel(int lanes, int channels, bool gated, int activation) noexcept; ArrayFrameFn gatedFrameKernel(int lanes, int channels, int activation) noexcept; ArrayFrameFn stackFrameKernel(int lanes, int channels, bool gated, int activation) noexcept; MixFn mixKernel(int in, int out) noexcept; ArrayFrameFn arrayFrameKernel(int lanes, int channels, int activation, int pastLanes) noexcept; int arrayFramePastLanes(int lanes, int pastTaps) noexcept; int arrayFrameChainLanes(int lanes, int channels, int activation) noexcept; double peakGflops(double) noexcept; double activationChainNs(int, double) noexcept; void activation(int, float, float*, int) noexcept; }
namespace avx512 { LayerFn layerKernel(int lanes, int channels, bool gated, int activation) noexcept; ArrayFrameFn gatedFrameKernel(int lanes, int channels, int activation) noexcept; ArrayFrameFn stackFrameKernel(int lanes, int channels, bool gated, int activation) noexcept; MixFn mixKernel(int in, int out) noexcept; ArrayFrameFn arrayFrameKernel(int lanes, int channels, int activation, int pastLanes) noexcept; int arrayFramePastLanes(int lanes, int pastTaps) noexcept; int arrayFrameChainLanes(int lanes, int channels, int activation) noexcept; double peakGflops(double) noexcept; double activationChainNs(int, double) noexcept; void activation(int, float, float*, int) noexcept; }

} // namespace waveamp::kernels
