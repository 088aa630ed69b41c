#include "Conv1x1.h"

namespace waveamp {

void Conv1x1::setWeights(int inChannels, int outChannels, const float* weights, const float* bias)
{
    using RowMajor = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    weights_ = Eigen::Map<const RowMajor>(weights, outChannels, inChannels);
    hasBias_ = bias != nullptr;
    bias_ = hasBias_ ? Eigen::VectorXf(Eigen::Map<const Eigen::VectorXf>(bias, outChannels))
                     : Eigen::VectorXf::Zero(outChannels);
}

} // namespace waveamp
