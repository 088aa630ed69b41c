#include "CausalConv1d.h"

namespace waveamp {

void CausalConv1d::setWeights(int inChannels, int outChannels, int kernelSize, int dilation,
                              const float* weights, const float* bias, int groups)
{
    inChannels_ = inChannels;
    outChannels_ = outChannels;
    dilation_ = dilation;
    groups_ = groups;
    const int inPerGroup = inChannels / groups, outPerGroup = outChannels / groups;
    taps_.assign(static_cast<size_t>(kernelSize), Eigen::MatrixXf::Zero(outChannels, inChannels));
    for (int o = 0; o < outChannels; ++o) {
        const int firstIn = (o / outPerGroup) * inPerGroup;
        for (int i = 0; i < inPerGroup; ++i)
            for (int j = 0; j < kernelSize; ++j)
                taps_[static_cast<size_t>(j)](o, firstIn + i)
                    = weights[(static_cast<size_t>(o) * inPerGroup + i) * kernelSize + j];
    }
    mix_ = nullptr;  // chosen again by selectKernel() for the new shape
    packedTaps_.clear();
    for (const auto& tap : taps_) packedTaps_.insert(packedTaps_.end(), tap.data(), tap.data() + tap.size());
    hasBias_ = bias != nullptr;
    bias_ = hasBias_ ? Eigen::VectorXf(Eigen::Map<const Eigen::VectorXf>(bias, outChannels))
                     : Eigen::VectorXf::Zero(outChannels);
}

bool CausalConv1d::processSmall(const LayerHistory& x, int n, float* y, Eigen::Index yStride) const noexcept
{
    const Eigen::Index stride = x.paddedChannels();
    if (mix_ && kernels::mixTakesStrides(inChannels_, outChannels_, stride, yStride)) {
        mix_({ packedTaps_.data(), hasBias_ ? bias_.data() : nullptr, x.current(), static_cast<long>(stride), y,
               static_cast<long>(yStride), n, false });
        return true;
    }
    return frameProduct({ packedTaps_.data(), hasBias_ ? bias_.data() : nullptr, inChannels_, outChannels_,
                          x.current(), stride, y, yStride, n, false, kernelSize(), dilation_ * stride });
}

} // namespace waveamp
