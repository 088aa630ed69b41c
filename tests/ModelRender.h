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

// The same with block sizes taken in turn from `blocks` (cycled), as an irregular host would.
inline std::vector<float> renderWithBlocks(Model& model, const std::vector<float>& in, const std::vector<int>& blocks)
{
    std::vector<float> out(in.size());
    size_t i = 0, b = 0;
    while (i < in.size()) {
        const int n = int(std::min<size_t>(size_t(blocks[b++ % blocks.size()]), in.size() - i));
        model.process(in.data() + i, out.data() + i, n);
        i += size_t(n);
    }
    return out;
}

} // namespace waveamp::test
