// The real-time contract: after prepare(), process() makes no heap allocation or free, for
// every block size 1..256, for blocks larger than prepared, and across reset()/prewarm().
// The hook is proven to fire before its silence is trusted.
#include "AllocationHook.h"
#include "ModelLoader.h"
#include "SyntheticModels.h"
#include "SyntheticNamModels.h"
#include "TestSupport.h"
#include <Eigen/Core>
#include <cmath>
#include <cstdlib>
#include <vector>

using namespace waveamp;
using test::ScopedAllocationCounter;

TEST(AllocationHook, CountsMallocNewAndEigen)
{
    long allocations = 0, frees = 0;
    {
        ScopedAllocationCounter counter;
        void* volatile p = std::malloc(64);
        std::free(p);
        int* volatile q = new int(3);
        delete q;
        Eigen::MatrixXf m(16, 300);  // Eigen's aligned_malloc goes through the same hooks
        m.setZero();
        std::vector<float> v(1000);
        v[3] = 1.f;
        allocations = counter.counts().allocations;
        frees = counter.counts().deallocations;
    }
    EXPECT_GE(allocations, 4);
    EXPECT_GE(frees, 2);
}

namespace {

struct Named {
    const char* name;
    std::string text;
};

std::vector<Named> models()
{
    std::vector<Named> m = {
        { "default", test::readText(test::sourceDir() + "/Resources/models/default.json") },
        { "va_gated_16ch", test::makeWaveNetVA(16, 3, { 1, 2, 4, 8, 16, 32, 64, 128, 256, 512 }, 1) },
        { "nam_a1_standard", test::makeNamA1Standard(2) },
        { "nam_gated", test::makeNamWaveNet({ { 1, 5, 3, 4, { 1, 3, 9 }, true, false },
                                              { 5, 3, 1, 2, { 27 }, true, true } }, 3) },
        { "nam_a2_full_shape", test::makeNamA2WaveNet(8, 4) },
        { "nam_slimmable", test::makeNamSlimmable(5) },
        { "nam_options", test::readText(test::dataDir() + "/nam_torch/wavenet_gated_blended_bottleneck.nam") },
        { "nam_post_stack_head", test::readText(test::dataDir() + "/nam_torch/wavenet_no_layer1x1_post_head.nam") },
        { "nam_convnet", test::makeNamConvNet(16, { 1, 2, 4, 8, 16, 32, 64, 128 }, "Tanh", 6) },
        { "nam_linear", test::makeNamLinear(2048, true, 7) },
        { "nam_lstm", test::makeNamLstm(2, 16, 4) },
        { "keras_lstm", test::makeKerasRecurrent("lstm", 12, 5) },
        { "keras_gru", test::makeKerasRecurrent("gru", 16, 6) },
        { "keras_mixed", test::readText(test::dataDir() + "/recurrent/keras_mixed.json") },
    };
    return m;
}

long countDuring(const auto& fn)
{
    ScopedAllocationCounter counter;
    fn();
    const auto c = counter.counts();
    return c.allocations + c.deallocations;
}

} // namespace

TEST(RealtimeAllocation, ProcessNeverAllocatesForAnyBlockSize)
{
    constexpr int kPrepared = 256;
    std::vector<float> in(8192), out(8192);
    for (size_t i = 0; i < in.size(); ++i) in[i] = 0.5f * std::sin(0.01f * float(i));
    for (const auto& named : models()) {
        auto model = ModelLoader::loadString(named.text, named.name);
        model->prepare(48000.0, kPrepared);
        long total = 0;
        for (int n = 1; n <= kPrepared; ++n)
            total += countDuring([&] { model->process(in.data(), out.data(), n); });
        for (int n : { 257, 1000, 4096, 8192 })  // larger than prepared: processed in chunks
            total += countDuring([&] { model->process(in.data(), out.data(), n); });
        total += countDuring([&] { model->reset(); });
        total += countDuring([&] { model->prewarm(); });
        total += countDuring([&] { model->process(in.data(), in.data(), 300); });  // in place
        EXPECT_EQ(total, 0) << named.name << " allocated on the audio path";
        EXPECT_TRUE(std::isfinite(out[100]));
    }
}

TEST(RealtimeAllocationShared, RealNamModelsNeverAllocate)
{
    // A1 standard, and A2 (SlimmableContainer) at both of its sizes.
    const struct { const char* file; double size; } cases[] = {
        { "wavenet_a1_standard.nam", 1.0 }, { "A2.nam", 0.0 }, { "A2.nam", 1.0 } };
    for (const auto& c : cases) {
        const std::string path = test::sharedDir() + "/models/nam/" + c.file;
        WAVEAMP_REQUIRE_SHARED_FILE(path);
        LoadOptions options;
        options.slimmableSize = c.size;
        auto model = ModelLoader::loadFile(path, options);
        model->prepare(48000.0, 64);
        std::vector<float> in(4096, 0.1f), out(4096);
        long total = 0;
        for (int n = 1; n <= 64; ++n)
            total += countDuring([&] { model->process(in.data(), out.data(), n); });
        total += countDuring([&] { model->process(in.data(), out.data(), 4096); });
        total += countDuring([&] { model->prewarm(); });
        EXPECT_EQ(total, 0) << c.file << " size " << c.size;
    }
}
