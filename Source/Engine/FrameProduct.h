#pragma once
// y(:, t) = [bias +] [y(:, t) +] sum_j W_j x(:, t - (taps-1-j) * d) for every frame t of a
// channel-contiguous block (taps = 1: a plain 1x1),
// for the small channel-mixing matrices around a WaveNet's layer kernels (NAM's rechannel
// between layer arrays, kernel-1 heads: 4->2, 2->1, 8->4, 12->6...). Eigen's general product packs
// both operands on every call, which at 2-8 channels and block 64 costs several times the
// arithmetic; a loop whose sizes are known at compile time keeps W in registers instead.
// Exact: the same sums as Eigen's, in a fixed order (results agree to float rounding).
#include <Eigen/Core>

namespace waveamp {

struct FrameProductArgs {
    const float* weights;  // taps x (out x in, column-major: Eigen's MatrixXf storage), oldest tap first
    const float* bias;     // out values, or nullptr
    int in, out;
    const float* x;
    Eigen::Index xStride;  // floats between frames of x
    float* y;
    Eigen::Index yStride;  // floats between frames of y
    Eigen::Index frames;
    bool accumulate;       // y += ..., else y = ...
    int taps = 1;          // a causal conv: tap j reads x - (taps - 1 - j) * tapStride
    Eigen::Index tapStride = 0;
};

// Returns false, touching nothing, when (in, out) has no fixed-size loop; the caller then
// uses Eigen. Sizes with a loop: in and out each in {1, 2, 3, 4, 6, 8, 12, 16} with
// in * out <= 72 (NAM nano to lite), except in == out == 1.
bool frameProduct(const FrameProductArgs& a) noexcept;

} // namespace waveamp
