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
    hasBias_ = bias != nullptr;
    bias_ = hasBias_ ? Eigen::VectorXf(Eigen::Map<const Eigen::VectorXf>(bias, outChannels))
                     : Eigen::VectorXf::Zero(outChannels);
}

} // namespace waveamp

namespace waveamp {

bool CausalConv1d::processSmall(const LayerHistory& x, int n, float* y, Eigen::Index yStride) const noexcept
{
    const int k = kernelSize();
    for (int j = 0; j < k; ++j) {
        const float* src = x.current() - static_cast<Eigen::Index>((k - 1 - j) * dilation_) * x.paddedChannels();
        if (!frameProduct({ taps_[static_cast<size_t>(j)].data(), j == 0 && hasBias_ ? bias_.data() : nullptr,
                            inChannels_, outChannels_, src, x.paddedChannels(), y, yStride, n, j > 0 }))
            return false;  // only the first tap can fail: every tap has the same shape
    }
    return true;
}

} // namespace waveamp
