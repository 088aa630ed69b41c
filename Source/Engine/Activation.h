#pragma once
// Element-wise activations used by the WaveNet layers, applied in place on a block.
// tanh and sigmoid use Eigen's vectorised float implementations (accurate to a few ulp).
#include <Eigen/Core>
#include <string>

namespace waveamp {

struct Activation {
    enum class Type { Linear, Tanh, Sigmoid, ReLU, LeakyReLU, Hardtanh, SiLU, Softsign };
    Type type = Type::Tanh;
    float negativeSlope = 0.01f;  // LeakyReLU only

    // Accepts NAM's names ("Tanh", "ReLU", "LeakyReLU", ...) and WaveNetVA's ("tanh", "relu",
    // "linear"), case-insensitively. Returns false for anything else.
    static bool fromName(const std::string& name, Activation& out);
    std::string name() const;

    template <typename Block>
    void apply(Block&& z) const noexcept
    {
        switch (type) {
        case Type::Linear: break;
        case Type::Tanh: z = z.array().tanh().matrix(); break;
        case Type::Sigmoid: z = z.array().logistic().matrix(); break;
        case Type::ReLU: z = z.array().max(0.0f).matrix(); break;
        case Type::LeakyReLU:
            z = (z.array() > 0.0f).select(z.array(), z.array() * negativeSlope).matrix();
            break;
        case Type::Hardtanh: z = z.array().max(-1.0f).min(1.0f).matrix(); break;
        case Type::SiLU: z = (z.array() * z.array().logistic()).matrix(); break;
        case Type::Softsign: z = (z.array() / (1.0f + z.array().abs())).matrix(); break;
        }
    }
};

} // namespace waveamp
