#include "Activation.h"
#include <algorithm>
#include <cctype>

namespace waveamp {

bool Activation::fromName(const std::string& name, Activation& out)
{
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    Activation a;
    if (lower == "linear" || lower == "identity") a.type = Type::Linear;
    else if (lower == "tanh") a.type = Type::Tanh;
    else if (lower == "sigmoid") a.type = Type::Sigmoid;
    else if (lower == "relu") a.type = Type::ReLU;
    else if (lower == "leakyrelu") a.type = Type::LeakyReLU;
    else if (lower == "hardtanh") a.type = Type::Hardtanh;
    else if (lower == "silu" || lower == "swish") a.type = Type::SiLU;
    else if (lower == "softsign") a.type = Type::Softsign;
    else return false;
    out = a;
    return true;
}

std::string Activation::name() const
{
    switch (type) {
    case Type::Linear: return "Linear";
    case Type::Tanh: return "Tanh";
    case Type::Sigmoid: return "Sigmoid";
    case Type::ReLU: return "ReLU";
    case Type::LeakyReLU: return "LeakyReLU";
    case Type::Hardtanh: return "Hardtanh";
    case Type::SiLU: return "SiLU";
    case Type::Softsign: return "Softsign";
    }
    return "?";
}

} // namespace waveamp
