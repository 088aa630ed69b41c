// The LSTM step compiled for avx2 (flags set per file in Source/Engine/CMakeLists.txt).
#include "RecurrentKernel.h"
#include <immintrin.h>  // the tanh clamp in VectorMath.h

#define WAVEAMP_LANES 8

namespace waveamp::kernels::avx2 {
#include "RecurrentKernelImpl.h"
} // namespace waveamp::kernels::avx2
