// Chooses the LSTM step kernel for the ISA the model runs on (see RecurrentKernel.h).
#include "RecurrentKernel.h"

namespace waveamp::kernels {

LstmStepFn lstmStepKernel(Isa isa, int& lanesOut) noexcept
{
    if (!cpuSupports(isa)) return nullptr;
    switch (isa) {
    case Isa::Avx512: lanesOut = 16; return avx512::lstmStep;
    case Isa::Avx2: lanesOut = 8; return avx2::lstmStep;
    case Isa::Sse2: lanesOut = 4; return sse2::lstmStep;
    case Isa::Reference: return nullptr;
    }
    return nullptr;
}

} // namespace waveamp::kernels
