// The LSTM step compiled for sse2 (flags set per file in Source/Engine/CMakeLists.txt).
#include "RecurrentKernel.h"
#include <immintrin.h>  // the tanh clamp in VectorMath.h

#define WAVEAMP_LANES 4

namespace waveamp::kernels::sse2 {
#include "RecurrentKernelImpl.h"
} // namespace waveamp::kernels::sse2
