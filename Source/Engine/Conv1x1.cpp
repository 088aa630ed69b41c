#include "Conv1x1.h"

namespace waveamp {

void Conv1x1::setWeights(int inChannels, int outChannels, const float* weights, const float* bias, int groups)
{
    groups_ = groups;
    mix_ = nullptr;  // chosen again by selectKernel() for the new shape
    const int inPerGroup = inChannels / groups, outPerGroup = outChannels / groups;
    weights_.setZero(outChannels, inChannels);
    for (int o = 0; o < outChannels; ++o)
        for (int i = 0; i < inPerGroup; ++i)
            weights_(o, (o / outPerGroup) * inPerGroup + i) = weights[static_cast<size_t>(o) * inPerGroup + i];
    hasBias_ = bias != nullptr;
    bias_ = hasBias_ ? Eigen::VectorXf(Eigen::Map<const Eigen::VectorXf>(bias, outChannels))
                     : Eigen::VectorXf::Zero(outChannels);
}

} // namespace waveamp
