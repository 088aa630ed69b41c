#pragma once
// The per-frame step of an LSTM layer, compiled once per instruction set
// (RecurrentKernel_<isa>.cpp) and chosen at run time, like LayerKernel.h (raw pointers only).
//
// Layout: gate rows in the order (i, f, o, g), each block padded to P = hidden rounded up to
// the vector width (padding rows of the weights are zero, so padded gate lanes give c = h = 0).
//   recurrent: column-major [hidden][4P]: recurrent[j*4P + r] = U[r][j]
//   gates:     on entry W x + b for this frame (4P values), used as scratch
//   h, c:      P values each, updated in place
// Returns true when h or c changed (bit for bit).
#include "LayerKernel.h"

namespace waveamp::kernels {

using LstmStepFn = bool (*)(const float* recurrent, int hidden, int padded, float* gates, float* h, float* c) noexcept;

// The step for `isa` and its vector width (lanesOut), or nullptr on the reference path.
LstmStepFn lstmStepKernel(Isa isa, int& lanesOut) noexcept;

namespace sse2 { bool lstmStep(const float*, int, int, float*, float*, float*) noexcept; }
namespace avx2 { bool lstmStep(const float*, int, int, float*, float*, float*) noexcept; }
namespace avx512 { bool lstmStep(const float*, int, int, float*, float*, float*) noexcept; }

} // namespace waveamp::kernels
