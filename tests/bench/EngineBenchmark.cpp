// Speed of the engine on the model shapes guitarists use, at host block sizes 1…4096.
// Random weights in the real file formats (no third-party file needed). For each case:
// ns/sample (CPU time), real-time factor at 48 kHz, MACs/sample counted from the model,
// achieved GFLOP/s (2 FLOP per MAC), and efficiency against this core's peak FMA throughput,
// measured in the same process by a register-resident FMA micro-kernel of the ISA in use.
#include "ModelLoader.h"
#include "SyntheticModels.h"
#include "SyntheticNamModels.h"
#include "kernels/LayerKernel.h"
#include <benchmark/benchmark.h>
#include <cmath>
#include <map>
#include <memory>
#include <string>
#include <vector>

using namespace waveamp;

namespace {

std::vector<int> range(int from, int to) { std::vector<int> v; for (int d = from; d <= to; d *= 2) v.push_back(d); return v; }
std::vector<int> concat(std::vector<int> a, const std::vector<int>& b) { a.insert(a.end(), b.begin(), b.end()); return a; }

// NAM's published presets (channels / head sizes / dilations of its two layer arrays).
std::string namPreset(int c0, int c1, const std::vector<int>& d0, const std::vector<int>& d1)
{
    return test::makeNamWaveNet({ { 1, c0, c1, 3, d0, false, false }, { c0, c1, 1, 3, d1, false, true } }, 7);
}

const std::map<std::string, std::string>& shapes()
{
    static const std::map<std::string, std::string> s = {
        { "pedalnet_16ch_gated", test::makeWaveNetVA(16, 3, range(1, 512), 1) },
        { "wavenetva_8ch_18layers", test::makeWaveNetVA(8, 3, concat(range(1, 256), range(1, 256)), 2) },
        { "nam_standard", namPreset(16, 8, range(1, 512), range(1, 512)) },
        { "nam_lite", namPreset(12, 6, range(1, 64), concat({ 128, 256, 512 }, range(1, 512))) },
        { "nam_feather", namPreset(8, 4, range(1, 64), concat({ 128, 256, 512 }, range(1, 512))) },
        { "nam_nano", namPreset(4, 2, range(1, 64), concat({ 128, 256, 512 }, range(1, 512))) },
        // Recurrent models (random weights): NAM LSTM and AIDA-X/RTNeural Keras LSTM/GRU sizes.
        { "nam_lstm_12", test::makeNamLstm(1, 12, 8) },
        { "nam_lstm_16", test::makeNamLstm(1, 16, 8) },
        { "nam_lstm_24", test::makeNamLstm(1, 24, 8) },
        { "nam_lstm_40", test::makeNamLstm(1, 40, 8) },
        { "keras_lstm_12", test::makeKerasRecurrent("lstm", 12, 9) },
        { "keras_lstm_16", test::makeKerasRecurrent("lstm", 16, 9) },
        { "keras_lstm_24", test::makeKerasRecurrent("lstm", 24, 9) },
        { "keras_lstm_40", test::makeKerasRecurrent("lstm", 40, 9) },
        { "keras_gru_16", test::makeKerasRecurrent("gru", 16, 9) },
        // NAM A2 (SlimmableContainer submodels: the real file's shapes), ConvNet, Linear.
        { "nam_a2_full", test::makeNamA2WaveNet(8, 7) },
        { "nam_a2_lite", test::makeNamA2WaveNet(3, 7) },
        { "nam_convnet_16ch", test::makeNamConvNet(16, concat(range(1, 512), range(1, 512)), "Tanh", 7) },
        { "nam_linear_4096", test::makeNamLinear(4096, true, 7) },
    };
    return s;
}

// The WaveNet shapes' chains at block size 1: layers in series and their activation. Every
// layer waits for the previous layer's activation of the same frame, through at least one
// product, so layers x (one FMA + one activation, measured on a dependent chain) is a floor
// under the block-1 cost per sample that no kernel for this arithmetic can go below.
struct Chain { int layers; int activation; };
const std::map<std::string, Chain>& chains()
{
    static const std::map<std::string, Chain> c = {
        { "pedalnet_16ch_gated", { 10, kernels::kTanh } },  // tanh and sigmoid side by side
        { "wavenetva_8ch_18layers", { 18, kernels::kTanh } },
        { "nam_standard", { 20, kernels::kTanh } },
        { "nam_lite", { 20, kernels::kTanh } },
        { "nam_feather", { 20, kernels::kTanh } },
        { "nam_nano", { 20, kernels::kTanh } },
        { "nam_a2_full", { 23, kernels::kLeakyReLU } },
        { "nam_a2_lite", { 23, kernels::kLeakyReLU } },
    };
    return c;
}

double activationChainNs(int activation)
{
    static std::map<int, double> measured;
    auto it = measured.find(activation);
    if (it == measured.end()) it = measured.emplace(activation, kernels::measureActivationChainNs(kernels::selectedIsa(), activation, 0.2)).first;
    return it->second;
}

double peakGflops()
{
    static const double peak = kernels::measurePeakGflops(kernels::selectedIsa(), 0.3);
    return peak;
}

std::vector<float> guitarLike(size_t n)
{
    std::vector<float> x(n);
    for (size_t i = 0; i < n; ++i)
        x[i] = 0.5f * std::sin(0.0144f * float(i)) * std::exp(-float(i % 24000) / 9000.f) + 0.05f * std::sin(0.31f * float(i));
    return x;
}

void runModel(benchmark::State& state, const std::string& shape, bool silent)
{
    const int block = static_cast<int>(state.range(0));
    auto model = ModelLoader::loadString(shapes().at(shape), shape);
    model->prepare(48000.0, block);
    model->prewarm();
    const size_t perIteration = static_cast<size_t>(std::max(block, 4096));
    const std::vector<float> in = silent ? std::vector<float>(perIteration, 0.0f) : guitarLike(perIteration);
    std::vector<float> out(perIteration);
    for (auto _ : state) {
        for (size_t i = 0; i < perIteration; i += static_cast<size_t>(block))
            model->process(in.data() + i, out.data() + i, block);
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
    }
    const double samples = static_cast<double>(state.iterations()) * static_cast<double>(perIteration);
    const double macs = static_cast<double>(model->info().macsPerSample);
    state.SetItemsProcessed(static_cast<int64_t>(samples));
    state.counters["MACs/sample"] = macs;
    state.counters["ns/sample"] = benchmark::Counter(samples * 1e-9, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
    state.counters["RTF@48k"] = benchmark::Counter(samples / 48000.0, benchmark::Counter::kIsRate);
    state.counters["GFLOP/s"] = benchmark::Counter(2.0 * macs * samples * 1e-9, benchmark::Counter::kIsRate);
    state.counters["peak_GFLOP/s"] = peakGflops();
    if (auto c = chains().find(shape); c != chains().end())
        state.counters["block1_floor_ns/sample"] = c->second.layers * activationChainNs(c->second.activation);
    state.SetLabel(kernels::isaName(model->kernelIsa()));
}

void registerAll()
{
    const std::vector<int64_t> blocks = { 1, 16, 32, 64, 128, 256, 1024, 4096 };
    for (const auto& [name, text] : shapes()) {
        auto* b = benchmark::RegisterBenchmark(("model/" + name).c_str(),
                                               [name = name](benchmark::State& s) { runModel(s, name, false); });
        for (auto blk : blocks) b->Arg(blk);
        b->ArgName("block")->MeasureProcessCPUTime()->Unit(benchmark::kMicrosecond);
    }
    // Idle instances: silent input after prewarm should cost next to nothing.
    for (const char* name : { "nam_standard", "pedalnet_16ch_gated" })
        benchmark::RegisterBenchmark((std::string("idle/") + name).c_str(),
                                     [name = std::string(name)](benchmark::State& s) { runModel(s, name, true); })
            ->Arg(64)->ArgName("block")->MeasureProcessCPUTime()->Unit(benchmark::kMicrosecond);
}

} // namespace

int main(int argc, char** argv)
{
    benchmark::Initialize(&argc, argv);
    const auto isa = kernels::selectedIsa();
    benchmark::AddCustomContext("waveamp_kernel_isa", kernels::isaName(isa));
    benchmark::AddCustomContext("cpu_avx512", kernels::cpuSupports(kernels::Isa::Avx512) ? "yes" : "no");
    benchmark::AddCustomContext("cpu_avx2_fma", kernels::cpuSupports(kernels::Isa::Avx2) ? "yes" : "no");
    benchmark::AddCustomContext("peak_gflops_" + std::string(kernels::isaName(isa)), std::to_string(peakGflops()));
    benchmark::AddCustomContext("fma_tanh_chain_ns", std::to_string(activationChainNs(kernels::kTanh)));
    benchmark::AddCustomContext("fma_leakyrelu_chain_ns", std::to_string(activationChainNs(kernels::kLeakyReLU)));
    registerAll();
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
