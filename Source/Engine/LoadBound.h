#pragma once
// The documented memory bound of loading a model (issue 7), checked by tests/load/LoadBoundTest
// with a counting allocator on adversarial and size-inflated inputs, and enforced while fuzzing
// (tools/fuzz.sh, -rss_limit_mb):
//
//   ModelLoader::loadString(text of N bytes)  peak heap <= loadPeakBound(N) = 48 N + 4 MiB
//     (the parsed JSON document dominates: nlohmann/json needs up to ~32 bytes per input byte (measured)
//      for the densest inputs, e.g. "[[],[],...]"; validation refuses every size the Limits.h
//      caps exceed before anything is allocated from it; N itself is capped at kMaxFileBytes).
//   Model::prepare(rate, maxBlock)            peak heap <= preparePeakBound(maxBlock)
//     (layer histories are capped by kMaxHistoryFloats plus spare room of 2 blocks per layer,
//      block buffers by kMaxChannels per layer).
#include "Limits.h"
#include <cstddef>

namespace waveamp::limits {

inline constexpr long long kLoadBytesPerInputByte = 48;
inline constexpr long long kLoadFixedBytes = 4ll << 20;

constexpr long long loadPeakBound(std::size_t inputBytes) noexcept
{
    return kLoadBytesPerInputByte * static_cast<long long>(inputBytes) + kLoadFixedBytes;
}

constexpr long long preparePeakBound(int maxBlock) noexcept
{
    const long long history = 2 * kMaxHistoryFloats;
    const long long blocks = 4ll * static_cast<long long>(maxBlock) * kMaxChannels * kMaxLayers;
    return 4 * (history + blocks) + (16ll << 20);
}

} // namespace waveamp::limits
