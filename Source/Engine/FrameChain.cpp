#include "FrameChain.h"

namespace waveamp {

void packFrameChain(const std::vector<const kernels::LayerView*>& layers, AlignedFloats& chain)
{
    chain.clear();
    if (layers.size() < 2) return;
    const int c = layers[0]->channels, cp = layers[0]->paddedChannels;
    const int zp = layers[0]->gated ? 2 * cp : cp;
    chain.assign((layers.size() - 1) * static_cast<size_t>(c * zp), 0.0f);
    for (size_t l = 1; l < layers.size(); ++l) {
        const kernels::LayerView& layer = *layers[l];
        const kernels::LayerView& previous = *layers[l - 1];
        const float* w = layer.conv + static_cast<size_t>(layer.kernelSize - 1) * c * zp;  // w[o * zp + z] = W[z][o]
        float* m = chain.data() + (l - 1) * static_cast<size_t>(c * zp);
        for (int i = 0; i < c; ++i)
            for (int z = 0; z < zp; ++z) {
                double sum = 0.0;
                for (int o = 0; o < c; ++o)
                    sum += static_cast<double>(w[o * zp + z]) * previous.residual[i * cp + o];
                m[i * zp + z] = static_cast<float>(sum);
            }
    }
}

} // namespace waveamp
