#include "TestSupport.h"
#include "AudioFile.h"
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <sys/stat.h>

namespace waveamp::test {

std::string sourceDir() { return WAVEAMP_SOURCE_DIR; }
std::string dataDir() { return sourceDir() + "/tests/data"; }

std::string sharedDir()
{
    if (const char* env = std::getenv("WAVEAMP_SHARED"); env && *env)
        return env;
    return sourceDir() + "/../shared";
}

bool runningUnderCi()
{
    const char* ci = std::getenv("CI");
    return ci && std::string(ci) == "true";
}

bool fileExists(const std::string& path)
{
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0;
}

std::string readText(const std::string& path)
{
    std::ifstream f(path, std::ios::binary);
    if (!f) throw std::runtime_error("cannot open " + path);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

std::vector<float> readWav(const std::string& path, int* sampleRate)
{
    auto audio = cli::readChannel0(path);
    if (sampleRate) *sampleRate = audio.sampleRate;
    return std::move(audio.samples);
}

std::vector<float> guitarLikeSignal(size_t n)
{
    std::vector<float> x(n);
    for (size_t i = 0; i < n; ++i)
        x[i] = 0.7f * std::sin(0.013f * float(i)) * std::exp(-float(i % 3000) / 1500.f) + 0.1f * std::sin(0.47f * float(i));
    return x;
}

Difference compare(const std::vector<float>& a, const std::vector<float>& b)
{
    Difference d;
    const size_t n = std::min(a.size(), b.size());
    for (size_t i = 0; i < n; ++i) {
        if (!std::isfinite(a[i]) || !std::isfinite(b[i])) {
            d.finite = false;
            d.worstIndex = i;
            d.maxAbs = INFINITY;
            return d;
        }
        const double e = std::fabs(double(a[i]) - double(b[i]));
        if (e > d.maxAbs) { d.maxAbs = e; d.worstIndex = i; }
    }
    return d;
}

} // namespace waveamp::test
