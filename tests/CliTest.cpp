// waveamp-render end to end: real WAV files in and out, the embedded default model, exit codes
// and messages for bad input, and resampling when the file's rate differs from the model's.
#include "AudioFile.h"
#include "TestSupport.h"
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <sys/wait.h>

namespace fs = std::filesystem;
using namespace waveamp;

namespace {

struct Run {
    int exitCode = -1;
    std::string output;  // stdout + stderr
};

Run runCli(const std::string& args)
{
    const std::string command = std::string(WAVEAMP_RENDER_EXE) + " " + args + " 2>&1";
    Run r;
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return r;
    char buffer[512];
    while (fgets(buffer, sizeof buffer, pipe)) r.output += buffer;
    const int status = pclose(pipe);
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

class CliTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        dir = fs::temp_directory_path() / ("waveamp_cli_" + std::to_string(::getpid()));
        fs::create_directories(dir);
    }
    void TearDown() override { fs::remove_all(dir); }
    std::string path(const std::string& name) const { return (dir / name).string(); }
    std::string writeTone(const std::string& name, int rate, int n)
    {
        std::vector<float> x(static_cast<size_t>(n));
        for (int i = 0; i < n; ++i) x[size_t(i)] = 0.4f * std::sin(2.f * float(M_PI) * 220.f * float(i) / float(rate));
        cli::writeMonoFloatWav(path(name), x, rate);
        return path(name);
    }
    fs::path dir;
};

} // namespace

TEST_F(CliTest, RendersWithTheEmbeddedDefaultModel)
{
    const auto in = writeTone("in.wav", 48000, 24000);
    const auto r = runCli(in + " " + path("out.wav") + " --block 128 --prewarm");
    ASSERT_EQ(r.exitCode, 0) << r.output;
    int rate = 0;
    const auto out = test::readWav(path("out.wav"), &rate);
    EXPECT_EQ(rate, 48000);
    ASSERT_EQ(out.size(), 24000u);
    float peak = 0;
    for (float v : out) { ASSERT_TRUE(std::isfinite(v)); peak = std::max(peak, std::fabs(v)); }
    EXPECT_GT(peak, 1e-3f) << "the default model should not be silent";
    EXPECT_NE(r.output.find("real-time"), std::string::npos) << r.output;
}

TEST_F(CliTest, BlockSizeDoesNotChangeTheOutput)
{
    const auto in = writeTone("in.wav", 48000, 10000);
    ASSERT_EQ(runCli(in + " " + path("a.wav") + " --block 1 --quiet").exitCode, 0);
    ASSERT_EQ(runCli(in + " " + path("b.wav") + " --block 4096 --quiet").exitCode, 0);
    EXPECT_LE(test::compare(test::readWav(path("a.wav")), test::readWav(path("b.wav"))).maxAbs, 1e-6);
}

TEST_F(CliTest, ResamplesWhenTheFileRateDiffersFromTheModel)
{
    const auto in = writeTone("in44.wav", 44100, 22050);
    const auto r = runCli(in + " " + path("out44.wav"));
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("resampl"), std::string::npos) << r.output;
    int rate = 0;
    const auto out = test::readWav(path("out44.wav"), &rate);
    EXPECT_EQ(rate, 44100);
    EXPECT_EQ(out.size(), 22050u);
}

TEST_F(CliTest, BenchReportsNsPerSampleAndRealTimeFactor)
{
    const auto in = writeTone("in.wav", 48000, 4800);
    const auto r = runCli(in + " " + path("out.wav") + " --bench --quiet");
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("ns/sample"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("real-time factor"), std::string::npos) << r.output;
}

TEST_F(CliTest, BadModelExitsWithAClearMessage)
{
    const auto in = writeTone("in.wav", 48000, 1000);
    {
        FILE* f = fopen(path("broken.json").c_str(), "w");
        fputs("{\"activation\": \"gated\", \"dilations\": [1, 2,", f);
        fclose(f);
    }
    const auto r = runCli("--model " + path("broken.json") + " " + in + " " + path("out.wav"));
    EXPECT_EQ(r.exitCode, 2) << r.output;
    EXPECT_NE(r.output.find("could not load model"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("line 1"), std::string::npos) << r.output;
    EXPECT_FALSE(fs::exists(path("out.wav")));
}

TEST_F(CliTest, MissingInputAndBadArgumentsAreReported)
{
    auto r = runCli(path("nope.wav") + " " + path("out.wav"));
    EXPECT_EQ(r.exitCode, 3) << r.output;
    EXPECT_NE(r.output.find("nope.wav"), std::string::npos) << r.output;
    r = runCli("--block 0 a.wav b.wav");
    EXPECT_EQ(r.exitCode, 1) << r.output;
    r = runCli("");
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_NE(r.output.find("usage"), std::string::npos) << r.output;
}

TEST_F(CliTest, GarbageAudioFileIsAnIoError)
{
    {
        FILE* f = fopen(path("garbage.wav").c_str(), "w");
        fputs("RIFF....WAVEfmt this is not audio", f);
        fclose(f);
    }
    const auto r = runCli(path("garbage.wav") + " " + path("out.wav"));
    EXPECT_EQ(r.exitCode, 3) << r.output;
}
