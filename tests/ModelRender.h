#pragma once
// Renders a whole signal through a model in fixed-size blocks, the way a host would.
#include "Model.h"
#include <algorithm>
#include <vector>

namespace waveamp::test {

inline std::vector<float> render(Model& model, const std::vector<float>& in, int block)
{
    std::vector<float> out(in.size());
    for (size_t i = 0; i < in.size(); i += size_t(block)) {
        const int n = int(std::min<size_t>(size_t(block), in.size() - i));
        model.process(in.data() + i, out.data() + i, n);
    }
    return out;
}

} // namespace waveamp::test
