#include "WaveNetLayer.h"

namespace waveamp {

using Strided = Eigen::Map<Eigen::MatrixXf, 0, Eigen::OuterStride<>>;

// The kernels take the activation as a plain code in the same order.
static_assert(static_cast<int>(Activation::Type::Tanh) == kernels::kTanh
              && static_cast<int>(Activation::Type::Softsign) == kernels::kSoftsign
              && static_cast<int>(Activation::Type::LeakyReLU) == kernels::kLeakyReLU);

long long WaveNetLayer::macsPerSample() const noexcept
{
    long long macs = conv.macsPerSample();
    if (hasMixin)
        macs += 1LL * mixin.outChannels() * mixin.inChannels();
    if (hasResidual)
        macs += residual.macsPerSample();
    if (hasHead1x1)
        macs += head1x1.macsPerSample();
    return macs;
}

int WaveNetLayer::paddedChannelsFor(kernels::Isa isa, int channels) noexcept
{
    if (isa == kernels::Isa::Reference)
        return channels;
    const int lanes = kernels::lanesFor(isa, channels);
    return (channels + lanes - 1) / lanes * lanes;
}

bool WaveNetLayer::kernelShape() const noexcept
{
    const bool gateOk = gating == Gating::None
                        || (gating == Gating::Gated && secondary.type == Activation::Type::Sigmoid);
    return gateOk && bottleneck() == channels() && hasResidual && !hasHead1x1 && conv.groups() == 1
           && residual.groups() == 1 && (!hasMixin || mixin.inChannels() == 1);
}

int WaveNetLayer::prepare(int maxBlock, kernels::Isa isa)
{
    const int padded = paddedChannelsFor(isa, channels());
    prepare(maxBlock, isa, padded, padded);
    return padded;
}

void WaveNetLayer::prepare(int maxBlock, kernels::Isa isa, int paddedChannels, int headStride)
{
    const int c = channels();
    z_.setZero(conv.outChannels(), maxBlock);
    pre_.setZero(gating == Gating::Blended ? bottleneck() : 0, gating == Gating::Blended ? maxBlock : 0);
    kernel_ = nullptr;
    paddedChannels_ = paddedChannels;
    headStride_ = headStride;
    if (isa == kernels::Isa::Reference || !kernelShape())
        return;
    const int lanes = kernels::lanesFor(isa, c);
    const int cp = (c + lanes - 1) / lanes * lanes;
    if (cp != paddedChannels || cp != headStride)
        return;
    kernel_ = kernels::layerKernel(isa, lanes, c, gating == Gating::Gated, static_cast<int>(activation.type));
    if (kernel_)
        packKernel(lanes, cp);
}

void WaveNetLayer::packKernel(int lanes, int cp)
{
    const int c = channels();
    const bool gated = gating == Gating::Gated;
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
    const int b = bottleneck();
    switch (gating) {
    case Gating::None:
        activation.apply(z);
        break;
    case Gating::Gated:
        activation.apply(z.topRows(b));
        secondary.apply(z.bottomRows(b));
        z.topRows(b).array() *= z.bottomRows(b).array();
        break;
    case Gating::Blended: {
        auto pre = pre_.leftCols(n);
        pre = z.topRows(b);
        activation.apply(z.topRows(b));
        secondary.apply(z.bottomRows(b));
        const auto s = z.bottomRows(b).array();
        z.topRows(b).array() = s * z.topRows(b).array() + (1.0f - s) * pre.array();
        break;
    }
    }
    const auto a = z.topRows(b);
    if (head) {
        Strided h(head, headChannels(), n, Eigen::OuterStride<>(headStride_));
        if (hasHead1x1)
            head1x1.accumulate(a, h);
        else if (headWeights.size() == b)
            h.noalias() += headWeights.asDiagonal() * a;
        else
            h += a;
    }
    if (out) {
        Strided o(out, channels(), n, Eigen::OuterStride<>(paddedChannels_));
        o = x.delayed(0, n);
        if (hasResidual)
            residual.accumulate(a, o);
    }
}

} // namespace waveamp
