#pragma once
// Choices made when a model file is turned into a Model (not stored in the file).
#include <cstddef>
#include <vector>

namespace waveamp {

struct LoadOptions {
    // SlimmableContainer (NAM A2): the size/quality value in [0, 1]. The first submodel whose
    // max_value exceeds it plays (the reference implementation's rule); 1.0 = the full model.
    double slimmableSize = 1.0;
};

// The submodel a size selects among a SlimmableContainer's ascending max_values (the last one
// when the size reaches none of them), or -1 for an empty list.
inline int slimmableSubmodelFor(const std::vector<double>& maxValues, double size) noexcept
{
    for (std::size_t i = 0; i < maxValues.size(); ++i)
        if (size < maxValues[i]) return static_cast<int>(i);
    return static_cast<int>(maxValues.size()) - 1;
}

} // namespace waveamp
