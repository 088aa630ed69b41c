// Denormals must not raise the engine's CPU cost (issue 7). Per sample, on NAM A1 standard and
// a 16-channel gated WaveNetVA, block 64: a guitar-like signal; silence right after a signal
// (the receptive field where histories drain, network run with idle skipping off, so this is
// the real compute, not the idle shortcut); input at denormal level (a fading reverb tail);
// and a signal decaying through the denormal range. With flush-to-zero / denormals-are-zero
// handling, the last three cost about the same as the signal or less.
#include "ModelLoader.h"
#include "SyntheticModels.h"
#include <benchmark/benchmark.h>
#include <cmath>
#include <limits>
#include <memory>
#include <vector>

using namespace waveamp;

namespace {

enum class Input { Signal, SilenceAfterSignal, DenormalLevel, DecayThroughDenormals };

std::unique_ptr<Model> build(int shape)
{
    std::vector<int> d;
    for (int x = 1; x <= 512; x *= 2) d.push_back(x);
    auto m = ModelLoader::loadString(shape == 0 ? test::makeNamA1Standard(1) : test::makeWaveNetVA(16, 3, d, 2));
    m->prepare(48000.0, 64);
    m->setIdleSkipping(false);
    return m;
}

std::vector<float> signal(size_t n)
{
    std::vector<float> x(n);
    for (size_t i = 0; i < n; ++i)
        x[i] = 0.4f * static_cast<float>(std::sin(0.0257 * static_cast<double>(i)) * std::exp(-1e-4 * static_cast<double>(i % 20000)));
    return x;
}

void run(Model& m, const std::vector<float>& in, std::vector<float>& out)
{
    for (size_t i = 0; i < in.size(); i += 64)
        m.process(in.data() + i, out.data() + i, 64);
}

void BM_Denormals(benchmark::State& state)
{
    auto m = build(static_cast<int>(state.range(0)));
    const auto kind = static_cast<Input>(state.range(1));
    const size_t n = (static_cast<size_t>(m->receptiveField()) / 64 + 1) * 64;
    const auto warm = signal(n);
    std::vector<float> in(n, 0.0f), out(n);
    if (kind == Input::Signal) in = signal(n);
    if (kind == Input::DenormalLevel)
        for (size_t i = 0; i < n; ++i) in[i] = std::numeric_limits<float>::denorm_min() * static_cast<float>(1 + (i * 37) % 4000) * (i % 2 ? 1.f : -1.f);
    if (kind == Input::DecayThroughDenormals)
        for (size_t i = 0; i < n; ++i) in[i] = warm[i] * std::pow(0.97f, static_cast<float>(i));
    for (auto _ : state) {
        state.PauseTiming();
        run(*m, warm, out);  // the model has just played a signal
        state.ResumeTiming();
        run(*m, in, out);
        benchmark::DoNotOptimize(out.data());
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(n));
    state.counters["ns_per_sample"] = benchmark::Counter(static_cast<double>(n),
        benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

} // namespace

BENCHMARK(BM_Denormals)
    ->ArgNames({ "shape", "input" })
    ->ArgsProduct({ { 0, 1 }, { 0, 1, 2, 3 } })
    ->Unit(benchmark::kMicrosecond);
