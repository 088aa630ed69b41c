// waveamp-render: runs a WaveAmp model over an audio file, offline.
//
//   waveamp-render [--model FILE] IN.wav OUT.wav [--block N] [--prewarm] [--bench] [--quiet]
//
// Exit codes: 0 ok, 1 bad arguments, 2 model error, 3 audio I/O error,
//             4 the model produced non-finite samples (output not written).
#include "AudioFile.h"
#include "DefaultModel.h"
#include "Resampler.h"

#include "Model.h"
#include "ModelError.h"
#include "ModelLoader.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <ctime>
#include <cmath>
#include <cstdio>
#include <exception>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace {

using waveamp::cli::AudioIoError;
using Clock = std::chrono::steady_clock;

enum ExitCode { kOk = 0, kBadArgs = 1, kModelError = 2, kAudioError = 3, kNonFinite = 4 };

constexpr int kDefaultBlock = 64;
constexpr int kMaxBlock = 65536;  // prepare() sizes buffers by this; beyond it is pointless

struct Options {
    std::string modelPath;  // empty: embedded default model
    std::string inPath, outPath;
    int block = kDefaultBlock;
    bool prewarm = false, bench = false, quiet = false, help = false;
};

void printUsage(std::FILE* to) {
    std::fprintf(to,
        "usage: waveamp-render [--model FILE] IN.wav OUT.wav [--block N] [--prewarm] [--bench] [--quiet]\n"
        "\n"
        "Renders IN through a WaveAmp model (WaveNetVA JSON, .nam, or Keras-style AIDA-X /\n"
        "RTNeural JSON) into OUT, a mono\n"
        "32-bit float WAV at IN's sample rate and length.\n"
        "\n"
        "  --model FILE  model to use (default: the embedded default model)\n"
        "  --block N     process in blocks of N samples, 1..%d (default %d)\n"
        "  --prewarm     settle the model on silence before rendering (no start-up thump)\n"
        "  --bench       afterwards, time the model on the input and report its speed\n"
        "  --quiet       no notes on stderr (errors and the summary are still printed)\n"
        "\n"
        "Only channel 0 of a multichannel input is rendered. If IN's rate differs from the\n"
        "model's training rate, IN is resampled to the model's rate and the result back.\n"
        "Exit codes: 0 ok, 1 bad arguments, 2 model error, 3 audio I/O error,\n"
        "            4 model produced non-finite samples.\n",
        kMaxBlock, kDefaultBlock);
}

bool parseBlock(std::string_view text, int& block) {
    int value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < 1 || value > kMaxBlock)
        return false;
    block = value;
    return true;
}

// Accepts "--opt value" and "--opt=value". Returns an error message, empty on success.
std::string parseArgs(int argc, char** argv, Options& opt) {
    std::vector<std::string> positional;
    bool optionsEnded = false;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (optionsEnded || arg.size() < 2 || arg[0] != '-') {
            positional.push_back(arg);
            continue;
        }
        if (arg == "--") { optionsEnded = true; continue; }

        std::string value;
        bool hasInlineValue = false;
        if (const auto eq = arg.find('='); arg.rfind("--", 0) == 0 && eq != std::string::npos) {
            value = arg.substr(eq + 1);
            arg.resize(eq);
            hasInlineValue = true;
        }
        auto takeValue = [&]() -> bool {
            if (hasInlineValue) return true;
            if (i + 1 >= argc) return false;
            value = argv[++i];
            return true;
        };
        auto isFlag = [&](const char* name, bool& flag) {
            if (arg != name) return false;
            flag = true;
            return true;
        };

        if (arg == "-h" || arg == "--help") { opt.help = true; continue; }
        if (arg == "--model") {
            if (!takeValue() || value.empty()) return "--model needs a file name";
            opt.modelPath = value;
            continue;
        }
        if (arg == "--block") {
            if (!takeValue()) return "--block needs a number";
            if (!parseBlock(value, opt.block))
                return "--block must be a whole number from 1 to " + std::to_string(kMaxBlock)
                       + ", got '" + value + "'";
            continue;
        }
        if (hasInlineValue) return "option " + arg + " does not take a value";
        if (isFlag("--prewarm", opt.prewarm) || isFlag("--bench", opt.bench)
            || isFlag("--quiet", opt.quiet))
            continue;
        return "unknown option '" + arg + "'";
    }
    if (opt.help) return {};
    if (positional.size() != 2)
        return "expected an input and an output file, got " + std::to_string(positional.size())
               + " file name(s)";
    opt.inPath = positional[0];
    opt.outPath = positional[1];
    return {};
}

struct NonFiniteReport {
    std::size_t count = 0;
    std::size_t first = 0;
};

NonFiniteReport findNonFinite(const std::vector<float>& x) {
    NonFiniteReport r;
    for (std::size_t i = 0; i < x.size(); ++i)
        if (!std::isfinite(x[i]) && r.count++ == 0)
            r.first = i;
    return r;
}

float peakAbs(const std::vector<float>& x) {
    float peak = 0.0f;
    for (float v : x) peak = std::max(peak, std::fabs(v));
    return peak;
}

// Runs the model over n samples in blocks of `block`; returns the processing time in seconds.
double renderBlocks(waveamp::Model& model, const float* in, float* out, std::size_t n, int block) {
    const auto start = Clock::now();
    for (std::size_t pos = 0; pos < n;) {
        const int len = static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(block), n - pos));
        model.process(in + pos, out + pos, len);
        pos += static_cast<std::size_t>(len);
    }
    return std::chrono::duration<double>(Clock::now() - start).count();
}

double threadCpuSeconds() {
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// "52.3x" or "n/a" when the timer could not resolve the work.
std::string realTimeFactor(double audioSeconds, double processSeconds) {
    if (!(processSeconds > 0.0) || !(audioSeconds > 0.0)) return "n/a";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1fx", audioSeconds / processSeconds);
    return buf;
}

// Times the model on the whole model-rate input from reset, best of >= 3 runs that together
// last >= 1 s of wall time (so short inputs still get a stable measurement).
void runBench(waveamp::Model& model, const std::vector<float>& in, double modelRate, int block) {
    if (in.empty()) {
        std::printf("bench: no samples to process\n");
        return;
    }
    std::vector<float> out(in.size());
    double best = 0.0, bestCpu = 0.0;
    int runs = 0;
    const auto benchStart = Clock::now();
    constexpr int kMinRuns = 3;
    constexpr double kMinSeconds = 1.0;
    while (runs < kMinRuns
           || std::chrono::duration<double>(Clock::now() - benchStart).count() < kMinSeconds) {
        model.reset();
        const double cpuStart = threadCpuSeconds();
        const double t = renderBlocks(model, in.data(), out.data(), in.size(), block);
        const double cpu = threadCpuSeconds() - cpuStart;
        if (runs == 0 || t < best) best = t;
        if (runs == 0 || cpu < bestCpu) bestCpu = cpu;
        ++runs;
    }
    const double n = static_cast<double>(in.size());
    const long long macs = model.info().macsPerSample;
    std::printf("bench: block %d, best of %d runs: %.2f ns/sample, real-time factor %s",
                block, runs, best * 1e9 / n, realTimeFactor(n / modelRate, best).c_str());
    if (macs > 0 && best > 0.0)
        std::printf(", %lld MACs/sample, %.2f GMAC/s\n", macs, static_cast<double>(macs) * n / best / 1e9);
    else
        std::printf(", MACs/sample unknown\n");
    // CPU time is what the model itself costs; wall time also counts other processes on a
    // shared machine.
    std::printf("bench: CPU time %.2f ns/sample (real-time factor %s of one core), kernels: %s\n",
                bestCpu * 1e9 / n, realTimeFactor(n / modelRate, bestCpu).c_str(),
                waveamp::kernels::isaName(model.kernelIsa()));
}

int run(int argc, char** argv) {
    Options opt;
    if (const std::string err = parseArgs(argc, argv, opt); !err.empty()) {
        std::fprintf(stderr, "error: %s\n\n", err.c_str());
        printUsage(stderr);
        return kBadArgs;
    }
    if (opt.help) {
        printUsage(stdout);
        return kOk;
    }
    auto note = [&](const std::string& text) {
        if (!opt.quiet) std::fprintf(stderr, "note: %s\n", text.c_str());
    };

    // --- model ---
    const bool useDefault = opt.modelPath.empty();
    const std::string modelLabel = useDefault
        ? std::string("<embedded default model ") + waveamp::kDefaultModelName + ">"
        : opt.modelPath;
    std::unique_ptr<waveamp::Model> model;
    try {
        model = useDefault
            ? waveamp::ModelLoader::loadString(waveamp::kDefaultModelJson,
                                               "embedded default model " + std::string(waveamp::kDefaultModelName))
            : waveamp::ModelLoader::loadFile(opt.modelPath);
        if (!model) throw std::runtime_error("the loader returned no model");
    } catch (const std::exception& e) {  // ModelError, but also e.g. std::bad_alloc
        std::fprintf(stderr, "error: could not load model %s: %s\n", modelLabel.c_str(), e.what());
        return kModelError;
    }
    const waveamp::ModelInfo& info = model->info();
    const double modelRate = info.sampleRate;
    if (!std::isfinite(modelRate) || modelRate < 1.0 || modelRate > 1e7) {
        std::fprintf(stderr, "error: could not load model %s: invalid sample rate %g\n",
                     modelLabel.c_str(), modelRate);
        return kModelError;
    }
    if (!info.sampleRateKnown)
        note("the model does not state its sample rate; assuming " + std::to_string(std::lround(modelRate)) + " Hz");

    // --- input ---
    waveamp::cli::MonoAudio input;
    try {
        input = waveamp::cli::readChannel0(opt.inPath);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return kAudioError;
    }
    if (input.samples.empty()) {
        std::fprintf(stderr, "error: input file '%s' contains no audio\n", opt.inPath.c_str());
        return kAudioError;
    }
    if (const auto bad = findNonFinite(input.samples); bad.count > 0) {
        std::fprintf(stderr, "error: input file '%s' contains %zu NaN/Inf samples (first at sample %zu)\n",
                     opt.inPath.c_str(), bad.count, bad.first);
        return kAudioError;
    }
    if (input.channelsInFile > 1)
        note("input has " + std::to_string(input.channelsInFile) + " channels; rendering channel 0 only");
    const double fileRate = input.sampleRate;
    const bool resampling = fileRate != modelRate;
    if (resampling) {
        char buf[200];
        std::snprintf(buf, sizeof buf,
                      "input is %g Hz but the model runs at %g Hz; resampling the input to %g Hz "
                      "and the output back to %g Hz", fileRate, modelRate, modelRate, fileRate);
        note(buf);
    }

    try {
        model->prepare(modelRate, opt.block);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: could not prepare model %s: %s\n", modelLabel.c_str(), e.what());
        return kModelError;
    }
    if (opt.prewarm) model->prewarm();

    // --- render at the model's rate ---
    std::vector<float> modelIn, modelOut, output;
    double renderSeconds = 0.0;
    try {
        if (resampling) modelIn = waveamp::cli::resample(input.samples, fileRate, modelRate);
        const std::vector<float>& src = resampling ? modelIn : input.samples;
        modelOut.resize(src.size());
        renderSeconds = renderBlocks(*model, src.data(), modelOut.data(), src.size(), opt.block);

        if (const auto bad = findNonFinite(modelOut); bad.count > 0) {
            std::fprintf(stderr, "error: the model produced %zu non-finite samples (first at model-rate "
                         "sample %zu, %.3f s); output not written\n",
                         bad.count, bad.first, static_cast<double>(bad.first) / modelRate);
            return kNonFinite;
        }
        // Back to the file's rate, exactly as long as the input.
        output = resampling ? waveamp::cli::resample(modelOut, modelRate, fileRate, input.samples.size())
                            : modelOut;
        if (const auto bad = findNonFinite(output); bad.count > 0) {
            std::fprintf(stderr, "error: resampled output has %zu non-finite samples (first at sample %zu); "
                         "output not written\n", bad.count, bad.first);
            return kNonFinite;
        }
        waveamp::cli::writeMonoFloatWav(opt.outPath, output, input.sampleRate);
    } catch (const std::exception& e) {  // AudioIoError, ResampleError, std::bad_alloc
        std::fprintf(stderr, "error: %s\n", e.what());
        return kAudioError;
    }

    // --- summary (always) ---
    std::string name = info.name;
    if (name.empty()) name = useDefault ? waveamp::kDefaultModelName : opt.modelPath;
    const float peak = peakAbs(output);
    char peakText[64];
    if (peak > 0.0f) std::snprintf(peakText, sizeof peakText, "%.2f dBFS", 20.0 * std::log10(peak));
    else std::snprintf(peakText, sizeof peakText, "-inf dBFS");
    const std::size_t modelSamples = resampling ? modelIn.size() : input.samples.size();
    std::printf("model \"%s\" (%s) | input %g Hz, model %g Hz | %zu samples (%.3f s) | wrote %s | "
                "peak %s | render %s real-time\n",
                name.c_str(), info.architecture.c_str(), fileRate, modelRate, input.samples.size(),
                static_cast<double>(input.samples.size()) / fileRate, opt.outPath.c_str(), peakText,
                realTimeFactor(static_cast<double>(modelSamples) / modelRate, renderSeconds).c_str());
    std::fflush(stdout);

    if (opt.bench) {
        try {
            runBench(*model, resampling ? modelIn : input.samples, modelRate, opt.block);
        } catch (const std::exception& e) {  // only allocation can throw here
            std::fprintf(stderr, "error: benchmark failed: %s\n", e.what());
            return kAudioError;
        }
    }
    return kOk;
}

} // namespace

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {  // safety net: never terminate() on bad input
        std::fprintf(stderr, "error: %s\n", e.what());
    } catch (...) {
        std::fprintf(stderr, "error: unexpected failure\n");
    }
    return kAudioError;
}
