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
// one's channels and padding. withResidual appends to each row R_{l-1}[.][i] (CP more floats):
// the rows kernels::arrayFrameChainLanes() asks for. Allocates: call from prepare.
void packFrameChain(const std::vector<const kernels::LayerView*>& layers, AlignedFloats& chain,
                    bool withResidual = false);

// The gated one-frame kernel's own copy of sigmoid-gated layers' weights. The kernel computes
// 2 g = act(z) (1 + tanh(z_gate / 2)) (= 2 act(z) sigmoid(z_gate)): one FMA after the
// activations, where act(z) sigmoid(z_gate) takes a multiply before tanh (z_gate / 2) and two
// after it, all on the chain from one layer to the next. So here the gate half of every conv
// tap, of its bias and of its mixin is halved (the kernel's tanh reads z_gate / 2 as it comes),
// and so are the residual 1x1 and the head weights, which take 2 g (a plain head sum gets
// weights of 1/2). Halving is exact in float (short of the denormal range): each product is the
// tile kernel's, to the rounding of 2 g.
class GatedFrameWeights {
public:
    void pack(const std::vector<const kernels::LayerView*>& layers);  // allocates
    const std::vector<const kernels::LayerView*>& views() const noexcept { return pointers_; }

private:
    std::vector<kernels::LayerView> views_;
    std::vector<const kernels::LayerView*> pointers_;
    AlignedFloats storage_;
};

} // namespace waveamp
