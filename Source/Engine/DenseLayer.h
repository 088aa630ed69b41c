#pragma once
// A fully connected layer applied to every frame: y = W x + b (Keras Dense / TimeDistributed
// Dense, torch.nn.Linear).
#include "SequenceLayer.h"
#include <Eigen/Core>

namespace waveamp {

class DenseLayer final : public SequenceLayer {
public:
    // weights (out x in), bias `out` values.
    DenseLayer(Eigen::MatrixXf weights, Eigen::VectorXf bias) : weights_(std::move(weights)), bias_(std::move(bias)) {}

    int inputSize() const noexcept override { return static_cast<int>(weights_.cols()); }
    int outputSize() const noexcept override { return static_cast<int>(weights_.rows()); }
    long long macsPerSample() const noexcept override { return weights_.size(); }
    void prepare(int, kernels::Isa) override {}
    void reset() noexcept override {}
    void process(const float* in, float* out, int n) noexcept override
    {
        Eigen::Map<Eigen::MatrixXf> y(out, outputSize(), n);
        y.noalias() = weights_ * Eigen::Map<const Eigen::MatrixXf>(in, inputSize(), n);
        y.colwise() += bias_;
    }

private:
    Eigen::MatrixXf weights_;
    Eigen::VectorXf bias_;
};

} // namespace waveamp
