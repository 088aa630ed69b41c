#include "WaveNetLayer.h"

namespace waveamp {

long long WaveNetLayer::macsPerSample() const noexcept
{
    long long macs = 1LL * conv.outChannels() * conv.inChannels() * conv.kernelSize();
    if (hasMixin)
        macs += 1LL * mixin.outChannels() * mixin.inChannels();
    macs += 1LL * residual.outChannels() * residual.inChannels();
    return macs;
}

void WaveNetLayer::prepare(int maxBlock)
{
    z_.setZero(conv.outChannels(), maxBlock);
}

} // namespace waveamp
