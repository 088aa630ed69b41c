#include "RateAdapter.h"
#include <cmath>

namespace waveamp::plugin {

namespace {
// Model-rate samples kept in the output FIFO in advance, so the output side never runs dry
// while the input side's production jitters by a sample or two from block to block.
constexpr int kPrefill = 8;
} // namespace

void RateAdapter::prepare(double hostRate, double modelRate, int maxHostBlock)
{
    active_ = std::abs(hostRate - modelRate) > 1e-6 * modelRate;
    maxHostBlock = std::max(1, maxHostBlock);
    if (!active_) {
        maxModelBlock_ = maxHostBlock;
        latency_ = 0;
        inFifo_.clear();
        modelIn_.clear();
        outFifo_.clear();
        return;
    }
    upRatio_ = hostRate / modelRate;
    downRatio_ = modelRate / hostRate;
    maxModelBlock_ = static_cast<int>(std::ceil(maxHostBlock * downRatio_)) + 4;
    prefill_ = kPrefill;
    inFifo_.assign(static_cast<size_t>(maxHostBlock) * 2 + 16, 0.0f);
    modelIn_.assign(static_cast<size_t>(maxModelBlock_), 0.0f);
    outFifo_.assign(static_cast<size_t>(maxModelBlock_) * 2 + static_cast<size_t>(prefill_) + 16, 0.0f);
    // Each interpolator delays by its base latency in its own input samples; the output FIFO's
    // prefill adds prefill_ model samples. Measured against an identity model in the tests.
    const double base = juce::WindowedSincInterpolator::getBaseLatency();
    latency_ = static_cast<int>(std::lround(base + (base + prefill_) * upRatio_));
    reset();
}

void RateAdapter::reset() noexcept
{
    up_.reset();
    down_.reset();
    upPos_ = 1.0;
    downPos_ = 1.0;
    inCount_ = 0;
    if (active_) {
        std::fill(outFifo_.begin(), outFifo_.end(), 0.0f);
        outCount_ = prefill_;
    } else {
        outCount_ = 0;
    }
}

} // namespace waveamp::plugin
