#pragma once
// Float storage aligned to 64 bytes (one cache line, one AVX-512 vector), for everything the
// kernels read or write as vectors: packed weights here, histories and scratch as Eigen
// matrices (the engine builds with EIGEN_MAX_ALIGN_BYTES=64, so Eigen's heap and
// aligned_allocator align to 64 as well; see Source/Engine/CMakeLists.txt).
//
// Why: std::vector and Eigen's default (16 bytes on the baseline build) leave 3 of 4 vectors of
// 16 floats split across two cache lines, and a split load costs two. Measured on one
// 16-channel layer (Zen 5, AVX-512): 31.5 -> 25.8 ns per frame at block size 1, 13.4 -> 12.3 at
// block size 64, with everything 64-byte aligned.
#include <Eigen/Core>
#include <vector>

namespace waveamp {

using AlignedFloats = std::vector<float, Eigen::aligned_allocator<float>>;

} // namespace waveamp
