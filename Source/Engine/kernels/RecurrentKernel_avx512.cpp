// The LSTM step compiled for avx512 (flags set per file in Source/Engine/CMakeLists.txt).
#include "RecurrentKernel.h"
#include <immintrin.h>  // the tanh clamp in VectorMath.h

#define WAVEAMP_LANES 16

namespace waveamp::kernels::avx512 {
#include "RecurrentKernelImpl.h"
} // namespace waveamp::kernels::avx512
