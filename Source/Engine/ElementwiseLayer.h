#pragma once
// Layers that act on each value (or each frame) on its own: the activations RTNeural supports
// (tanh, relu, sigmoid, softmax, elu), PReLU (one learned slope per feature, or one shared)
// and inference-time batch normalisation (a per-feature affine map).
#include "SequenceLayer.h"
#include <Eigen/Core>
#include <string>

namespace waveamp {

class ElementwiseLayer final : public SequenceLayer {
public:
    enum class Kind { Tanh, ReLU, Sigmoid, Softmax, Elu, PReLU, Affine };

    // Returns false for a name RTNeural does not support ("" and "linear" are handled by the
    // caller: no layer at all). Names are Keras's: tanh, relu, sigmoid, softmax, elu.
    static bool kindFromName(const std::string& name, Kind& kind);

    // scale / offset: per-feature vectors for PReLU (slopes; offset unused) and Affine
    // (y = scale ⊙ x + offset); empty for the others. elu's alpha is 1 (Keras's default).
    ElementwiseLayer(Kind kind, int features, Eigen::VectorXf scale = {}, Eigen::VectorXf offset = {});

    int inputSize() const noexcept override { return features_; }
    int outputSize() const noexcept override { return features_; }
    long long macsPerSample() const noexcept override { return kind_ == Kind::Affine ? features_ : 0; }
    void prepare(int, kernels::Isa isa) override { isa_ = isa; }
    void reset() noexcept override {}
    void process(const float* in, float* out, int n) noexcept override;

private:
    Kind kind_;
    int features_;
    Eigen::VectorXf scale_, offset_;
    kernels::Isa isa_ = kernels::Isa::Reference;
};

} // namespace waveamp
