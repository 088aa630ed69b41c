#pragma once
// Input signals a plugin meets in the wild that no training set contains: NaN and ±Inf bursts
// (a broken upstream plugin), denormals (a fading reverb tail), full-scale square waves, DC,
// minutes of silence, alternating ±1 (Nyquist). Shared by the engine and plugin hostile tests.
#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace waveamp::test::hostile {

struct Signal {
    std::string name;
    std::vector<float> samples;
    // Samples [burstBegin, burstEnd) are non-finite; afterwards the input is finite again.
    size_t burstBegin = 0, burstEnd = 0;
};

inline std::vector<float> sine(size_t n, double rate, double freq, float amp)
{
    std::vector<float> x(n);
    for (size_t i = 0; i < n; ++i) x[i] = amp * static_cast<float>(std::sin(2.0 * M_PI * freq * static_cast<double>(i) / rate));
    return x;
}

inline Signal burst(const std::string& name, float value, double rate)
{
    Signal s { name, sine(static_cast<size_t>(rate * 3.0), rate, 220.0, 0.5f) };  // > burst + 1 s + margin
    s.burstBegin = static_cast<size_t>(rate * 0.5);
    s.burstEnd = s.burstBegin + 300;
    for (size_t i = s.burstBegin; i < s.burstEnd; ++i) s.samples[i] = (i % 3 == 0) ? 0.2f * value : value;
    return s;
}

// silenceSeconds: "minutes of silence" in the full run.
inline std::vector<Signal> signals(double rate, double silenceSeconds)
{
    const auto n = static_cast<size_t>(rate);
    std::vector<Signal> s;
    s.push_back(burst("NaN burst", std::numeric_limits<float>::quiet_NaN(), rate));
    s.push_back(burst("+Inf burst", std::numeric_limits<float>::infinity(), rate));
    s.push_back(burst("-Inf burst", -std::numeric_limits<float>::infinity(), rate));
    {
        Signal d { "denormals", std::vector<float>(n) };
        for (size_t i = 0; i < n; ++i)
            d.samples[i] = ((i * 7919) % 13 < 6 ? 1.0f : -1.0f) * std::numeric_limits<float>::denorm_min()
                           * static_cast<float>(1 + i % 1000);
        s.push_back(d);
    }
    {
        Signal d { "signal then denormal decay", sine(n, rate, 110.0, 0.8f) };
        for (size_t i = n / 2; i < n; ++i)
            d.samples[i] = d.samples[i] * std::pow(1e-4f, static_cast<float>(i - n / 2));  // to denormal, then 0
        s.push_back(d);
    }
    {
        Signal q { "full-scale square 82 Hz", std::vector<float>(n) };
        for (size_t i = 0; i < n; ++i) q.samples[i] = std::fmod(static_cast<double>(i) * 82.0 / rate, 1.0) < 0.5 ? 1.0f : -1.0f;
        s.push_back(q);
    }
    s.push_back({ "DC +1", std::vector<float>(n, 1.0f) });
    s.push_back({ "DC -1", std::vector<float>(n, -1.0f) });
    {
        Signal a { "alternating +-1", std::vector<float>(n) };
        for (size_t i = 0; i < n; ++i) a.samples[i] = (i % 2) ? -1.0f : 1.0f;
        s.push_back(a);
    }
    {
        Signal q { "signal then silence", sine(static_cast<size_t>(rate * silenceSeconds), rate, 196.0, 0.7f) };
        std::fill(q.samples.begin() + static_cast<long>(rate / 2), q.samples.end(), 0.0f);
        s.push_back(q);
    }
    return s;
}

// Seconds of silence: WAVEAMP_HOSTILE_SILENCE_SECONDS, default 120 ("minutes of silence").
inline double silenceSeconds()
{
    const char* s = std::getenv("WAVEAMP_HOSTILE_SILENCE_SECONDS");
    return s != nullptr ? std::max(1.0, std::atof(s)) : 120.0;
}

} // namespace waveamp::test::hostile
