#include "WaveNetLayer.h"

namespace waveamp {

using Strided = Eigen::Map<Eigen::MatrixXf, 0, Eigen::OuterStride<>>;

// The kernels take the activation as a plain code in the same order.
static_assert(static_cast<int>(Activation::Type::Tanh) == kernels::kTanh
              && static_cast<int>(Activation::Type::Softsign) == kernels::kSoftsign);

long long WaveNetLayer::macsPerSample() const noexcept
{
    long long macs = 1LL * conv.outChannels() * conv.inChannels() * conv.kernelSize();
    if (hasMixin)
        macs += 1LL * mixin.outChannels() * mixin.inChannels();
    macs += 1LL * residual.outChannels() * residual.inChannels();
    return macs;
}

int WaveNetLayer::prepare(int maxBlock, kernels::Isa isa)
{
    const int c = channels();
    z_.setZero(conv.outChannels(), maxBlock);
    kernel_ = nullptr;
    paddedChannels_ = c;
    if (isa == kernels::Isa::Reference)
        return paddedChannels_;
    const int lanes = kernels::lanesFor(isa, c);
    kernel_ = kernels::layerKernel(isa, lanes, c, gated, static_cast<int>(activation.type));
    if (!kernel_)
        return paddedChannels_;

    const int cp = (c + lanes - 1) / lanes * lanes;
    const int zp = gated ? 2 * cp : cp;
    const int k = conv.kernelSize();
    // Output channel z of the conv goes to lane zSlot(z): the gate half starts at cp.
    auto zSlot = [&](int z) { return z < c ? z : cp + (z - c); };
    const Eigen::VectorXf convBias = conv.bias();
    packedConv_.assign(static_cast<size_t>(k) * c * zp, 0.0f);
    packedConvBias_.assign(static_cast<size_t>(zp), 0.0f);
    packedMixin_.assign(static_cast<size_t>(zp), 0.0f);
    for (int z = 0; z < conv.outChannels(); ++z) {
        packedConvBias_[static_cast<size_t>(zSlot(z))] = convBias(z);
        if (hasMixin) packedMixin_[static_cast<size_t>(zSlot(z))] = mixin.weights()(z, 0);
        for (int j = 0; j < k; ++j)
            for (int i = 0; i < c; ++i)
                packedConv_[(static_cast<size_t>(j) * c + i) * zp + zSlot(z)] = conv.tap(j)(z, i);
    }
    packedResidual_.assign(static_cast<size_t>(c) * cp, 0.0f);
    packedResidualBias_.assign(static_cast<size_t>(cp), 0.0f);
    packedHead_.assign(static_cast<size_t>(cp), 0.0f);
    for (int o = 0; o < c; ++o) {
        packedResidualBias_[static_cast<size_t>(o)] = residual.bias()(o);
        if (headWeights.size() == c) packedHead_[static_cast<size_t>(o)] = headWeights(o);
        for (int i = 0; i < c; ++i)
            packedResidual_[static_cast<size_t>(i) * cp + o] = residual.weights()(o, i);
    }
    view_ = kernels::LayerView { c, cp, k, conv.dilation(), lanes, gated, hasMixin,
                                 static_cast<int>(activation.type), activation.negativeSlope,
                                 packedConv_.data(), packedConvBias_.data(),
                                 hasMixin ? packedMixin_.data() : nullptr, packedResidual_.data(),
                                 packedResidualBias_.data(),
                                 headWeights.size() == c ? packedHead_.data() : nullptr };
    paddedChannels_ = cp;
    return paddedChannels_;
}

void WaveNetLayer::process(const LayerHistory& x, const float* condition, int n, float* out, float* head) noexcept
{
    if (kernel_) {
        kernel_(view_, kernels::LayerIO { x.current(), condition, out, head, n });
        return;
    }
    processReference(x, condition, n, out, head);
}

void WaveNetLayer::processReference(const LayerHistory& x, const float* condition, int n, float* out,
                                    float* head) noexcept
{
    auto z = z_.leftCols(n);
    conv.process(x, n, z);
    if (hasMixin && condition)
        z.noalias() += mixin.weights() * Eigen::Map<const Eigen::RowVectorXf>(condition, n);
    const int c = channels();
    if (gated) {
        activation.apply(z.topRows(c));
        z.topRows(c).array() *= z.bottomRows(c).array().logistic();
    } else {
        activation.apply(z);
    }
    const auto a = z.topRows(c);
    if (head) {
        Strided h(head, c, n, Eigen::OuterStride<>(paddedChannels_));
        if (headWeights.size() == c)
            h.noalias() += headWeights.asDiagonal() * a;
        else
            h += a;
    }
    if (out) {
        Strided o(out, c, n, Eigen::OuterStride<>(paddedChannels_));
        o = x.delayed(0, n);
        residual.accumulate(a, o);
    }
}

} // namespace waveamp
