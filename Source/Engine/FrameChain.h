#pragma once
// The fused chain products the one-frame kernels read (ArrayFrameIO::chain): for every layer
// l >= 1 of a stack, M_l = (layer l's current conv tap) x (layer l-1's residual 1x1), so that at
// block size 1 layer l's pre-activation waits on one product of layer l-1's output, not two
// (see ArrayFrameKernel.h). Shared by the NAM WaveNet and WaveNetVA models.
#include "AlignedFloats.h"
#include "kernels/LayerKernel.h"
#include <vector>

namespace waveamp {

// Packs chain[l - 1][i][z] = sum over o of W_l[z][o] R_{l-1}[o][i], z over the conv outputs'
// padded count (2 CP when gated), summed in double and rounded once. Every layer has the first
// one's channels and padding. Allocates: call from prepare.
void packFrameChain(const std::vector<const kernels::LayerView*>& layers, AlignedFloats& chain);

} // namespace waveamp
