#include "ElementwiseLayer.h"
#include "LstmLayer.h"  // sigmoidInPlace, tanhInPlace
#include <cmath>

namespace waveamp {

bool ElementwiseLayer::kindFromName(const std::string& name, Kind& kind)
{
    if (name == "tanh") kind = Kind::Tanh;
    else if (name == "relu") kind = Kind::ReLU;
    else if (name == "sigmoid") kind = Kind::Sigmoid;
    else if (name == "softmax") kind = Kind::Softmax;
    else if (name == "elu") kind = Kind::Elu;
    else return false;
    return true;
}

ElementwiseLayer::ElementwiseLayer(Kind kind, int features, Eigen::VectorXf scale, Eigen::VectorXf offset)
    : kind_(kind), features_(features), scale_(std::move(scale)), offset_(std::move(offset))
{
}

void ElementwiseLayer::process(const float* in, float* out, int n) noexcept
{
    const int count = features_ * n;
    Eigen::Map<const Eigen::ArrayXf> x(in, count);
    Eigen::Map<Eigen::ArrayXf> y(out, count);
    Eigen::Map<Eigen::ArrayXXf> frames(out, features_, n);
    switch (kind_) {
    case Kind::Tanh: y = x; tanhInPlace(isa_, out, count); break;
    case Kind::Sigmoid: y = x; sigmoidInPlace(isa_, out, count); break;
    case Kind::ReLU: y = x.max(0.0f); break;
    case Kind::Elu: y = (x > 0.0f).select(x, x.exp() - 1.0f); break;
    case Kind::Softmax:
        frames = Eigen::Map<const Eigen::ArrayXXf>(in, features_, n);
        for (int t = 0; t < n; ++t) {
            auto f = frames.col(t);
            f = (f - f.maxCoeff()).exp();
            f /= f.sum();
        }
        break;
    case Kind::PReLU:
        frames = Eigen::Map<const Eigen::ArrayXXf>(in, features_, n);
        for (int t = 0; t < n; ++t) {
            auto f = frames.col(t);
            f = (f > 0.0f).select(f, f * scale_.array());
        }
        break;
    case Kind::Affine:
        frames = Eigen::Map<const Eigen::ArrayXXf>(in, features_, n);
        frames.colwise() *= scale_.array();
        frames.colwise() += offset_.array();
        break;
    }
}

} // namespace waveamp
