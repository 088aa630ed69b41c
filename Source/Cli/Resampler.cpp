#include "Resampler.h"

#include <soxr.h>

#include <cmath>
#include <cstdio>
#include <string>

namespace waveamp::cli {
namespace {

bool validRate(double r) { return std::isfinite(r) && r > 0.0; }

void checkRates(double fromRate, double toRate) {
    if (validRate(fromRate) && validRate(toRate))
        return;
    char msg[128];
    std::snprintf(msg, sizeof msg, "invalid sample rates for resampling: %g Hz -> %g Hz",
                  fromRate, toRate);
    throw ResampleError(msg);
}

} // namespace

std::size_t resampledLength(std::size_t n, double fromRate, double toRate) {
    checkRates(fromRate, toRate);
    // long double keeps n * ratio exact enough for any realistic file length.
    const long double exact = static_cast<long double>(n) * toRate / fromRate;
    return static_cast<std::size_t>(std::llround(exact));
}

std::vector<float> resample(const std::vector<float>& in, double fromRate, double toRate) {
    return resample(in, fromRate, toRate, resampledLength(in.size(), fromRate, toRate));
}

std::vector<float> resample(const std::vector<float>& in, double fromRate, double toRate,
                            std::size_t outLength) {
    checkRates(fromRate, toRate);
    std::vector<float> out(outLength, 0.0f);
    if (fromRate == toRate) {
        for (std::size_t i = 0; i < outLength && i < in.size(); ++i)
            out[i] = in[i];
        return out;
    }
    if (in.empty() || outLength == 0)
        return out;

    const soxr_io_spec_t io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I);
    // soxr_oneshot defaults to *low* quality, so ask for HQ (20-bit, linear phase) explicitly.
    const soxr_quality_spec_t quality = soxr_quality_spec(SOXR_HQ, 0);
    std::size_t consumed = 0, produced = 0;
    const soxr_error_t err = soxr_oneshot(fromRate, toRate, 1, in.data(), in.size(), &consumed,
                                          out.data(), out.size(), &produced, &io, &quality,
                                          nullptr);
    if (err)
        throw ResampleError(std::string("resampling failed: ") + err);
    // soxr may deliver a sample or so less than requested at the very end; `out` is already
    // zero-filled there, which is what a flushed filter tail would converge to anyway.
    return out;
}

} // namespace waveamp::cli
