#pragma once
// Offline sample-rate conversion of a whole buffer (libsoxr, high quality, linear phase).
//
// Models only sound right at the rate they were trained at. When an input file's rate differs
// from the model's, the CLI resamples the input to the model's rate, runs the model there, and
// resamples the result back to the file's rate, so the output file has the input's rate and
// length.
#include <cstddef>
#include <stdexcept>
#include <vector>

namespace waveamp::cli {

class ResampleError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Output length for n input samples: round(n * toRate / fromRate).
std::size_t resampledLength(std::size_t n, double fromRate, double toRate);

// Resamples `in` from fromRate to toRate and returns resampledLength(in.size(), ...) samples.
// The output is time-aligned with the input (the filter delay is compensated). Equal rates
// return a copy. Throws ResampleError for invalid rates or a libsoxr failure.
std::vector<float> resample(const std::vector<float>& in, double fromRate, double toRate);

// Same, but returns exactly outLength samples (zero-padded or truncated at the end). Used
// for the trip back, where rounding twice could otherwise be off by one from the original.
std::vector<float> resample(const std::vector<float>& in, double fromRate, double toRate,
                            std::size_t outLength);

} // namespace waveamp::cli
