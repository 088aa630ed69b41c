// The layer kernel compiled for avx512 (flags set per file in Source/Engine/CMakeLists.txt).
// Everything here has internal linkage except the entry points; see LayerKernel.h.
#include "LayerKernel.h"
#include <immintrin.h>  // broadcasts in GroupedFramesKernel.h, the tanh clamp in VectorMath.h
#include <time.h>
#include <stdlib.h>

#define WAVEAMP_VREGS 32
#define WAVEAMP_WIDEST_LANES 16

namespace waveamp::kernels::avx512 {
#include "LayerKernelImpl.h"
#include "GroupedFramesKernel.h"
#include "PairedInputKernel.h"
#include "MixKernel.h"
#include "ArrayFrameKernel.h"
#include "LayerKernelEntryPoints.h"
} // namespace waveamp::kernels::avx512
