#pragma once
// Choices made when a model file is turned into a Model (not stored in the file).

namespace waveamp {

struct LoadOptions {
    // SlimmableContainer (NAM A2): the size/quality value in [0, 1]. The first submodel whose
    // max_value exceeds it plays (the reference implementation's rule); 1.0 = the full model.
    double slimmableSize = 1.0;
};

} // namespace waveamp
