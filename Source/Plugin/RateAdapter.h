#pragma once
// Runs a model at its training rate inside a host running at another rate: host-rate input is
// resampled to the model's rate (JUCE's windowed-sinc interpolator), the model processes it,
// and its output is resampled back. Streaming, for any block size up to the prepared maximum,
// with a fixed latency (latencySamples(), in host samples) that the processor reports to the host.
//
// prepare() allocates; reset() and process() never allocate, lock or wait.
#include <juce_audio_basics/juce_audio_basics.h>
#include <vector>

namespace waveamp::plugin {

class RateAdapter {
public:
    // When the two rates are equal the adapter is a pass-through with zero latency.
    void prepare(double hostRate, double modelRate, int maxHostBlock);
    void reset() noexcept;

    bool active() const noexcept { return active_; }
    // The most model-rate samples one process() call hands the model.
    int maxModelBlock() const noexcept { return maxModelBlock_; }
    // Delay from input to output, in host samples (0 when inactive).
    int latencySamples() const noexcept { return latency_; }

    // model(const float* in, float* out, int n) runs the model on n model-rate samples.
    // n <= the prepared maxHostBlock; in and out may be the same buffer.
    template <typename ModelFn>
    void process(const float* in, float* out, int n, ModelFn&& model) noexcept
    {
        if (!active_) {
            model(in, out, n);
            return;
        }
        // 1. Host-rate input into the input FIFO.
        std::copy(in, in + n, inFifo_.data() + inCount_);
        inCount_ += n;

        // 2. As many model-rate samples as the FIFO allows (the interpolator consumes
        //    floor(pos) new input samples before each output sample).
        int produce = 0, need = 0;
        double pos = upPos_;
        while (produce < maxModelBlock_) {
            const int consume = static_cast<int>(pos);
            if (need + consume > inCount_) break;
            need += consume;
            pos = pos - consume + upRatio_;
            ++produce;
        }
        int used = 0;
        if (produce > 0) {
            used = up_.process(upRatio_, inFifo_.data(), modelIn_.data(), produce);
            upPos_ = pos;
        }
        shiftDown(inFifo_, inCount_, used);

        // 3. The model, writing straight after what is left in the output FIFO.
        if (produce > 0) {
            model(modelIn_.data(), outFifo_.data() + outCount_, produce);
            outCount_ += produce;
        }

        // 4. Exactly n host-rate output samples.
        pos = downPos_;
        need = 0;
        int available = 0;
        for (; available < n; ++available) {
            const int consume = static_cast<int>(pos);
            if (need + consume > outCount_) break;
            need += consume;
            pos = pos - consume + downRatio_;
        }
        if (available > 0) {
            used = down_.process(downRatio_, outFifo_.data(), out, available);
            downPos_ = pos;
            shiftDown(outFifo_, outCount_, used);
        }
        if (available < n) {  // never happens with the prefill; silence rather than garbage
            std::fill(out + available, out + n, 0.0f);
            ++underruns_;
        }
    }

    int underruns() const noexcept { return underruns_; }

private:
    static void shiftDown(std::vector<float>& fifo, int& count, int used) noexcept
    {
        if (used <= 0) return;
        const int remaining = count - used;
        if (remaining > 0)
            std::copy(fifo.data() + used, fifo.data() + count, fifo.data());
        count = remaining > 0 ? remaining : 0;
    }

    bool active_ = false;
    double upRatio_ = 1.0, downRatio_ = 1.0;  // input samples per output sample
    double upPos_ = 1.0, downPos_ = 1.0;      // mirrors of the interpolators' positions
    juce::WindowedSincInterpolator up_, down_;
    std::vector<float> inFifo_, modelIn_, outFifo_;
    int inCount_ = 0, outCount_ = 0;
    int maxModelBlock_ = 0;
    int prefill_ = 0;
    int latency_ = 0;
    int underruns_ = 0;
};

} // namespace waveamp::plugin
