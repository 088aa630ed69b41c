// Lifetime across threads: hosts create and destroy plugin instances on threads other than
// JUCE's message thread (Ardour's VST3 host on Linux does, while JUCE runs its own message
// thread). Every model the worker builds posts a latency message to the message thread; an
// instance destroyed while that message is queued or being delivered must not be touched by it.
#include "PluginTestSupport.h"
#include <gtest/gtest.h>
#include <atomic>
#include <thread>

using namespace waveamp::plugin;
using namespace waveamp::plugin::test;

TEST(PluginLifetime, DestroyedOffTheMessageThreadWhileLatencyMessagesAreInFlight)
{
    auto* mm = juce::MessageManager::getInstance();
    ASSERT_TRUE(mm->isThisTheMessageThread());
    constexpr int kInstances = 60;
    std::atomic<int> destroyed { 0 }, latencyNonZero { 0 };

    // The host's thread: create, prepare at 44.1 kHz (a 48 kHz model is resampled, so it has
    // latency), ask for the model again (the worker builds it and posts a latency message), and
    // destroy at once, at varying moments relative to the worker and the message thread.
    std::thread host([&] {
        for (int i = 0; i < kInstances; ++i) {
            auto p = std::make_unique<WaveAmpProcessor>();
            p->setPlayConfigDetails(2, 2, 44100.0, 256);
            p->prepareToPlay(44100.0, 256);
            if (p->getLatencySamples() > 0) latencyNonZero.fetch_add(1);
            p->loadDefaultModel();
            if (i % 3 == 1) p->waitForWorker(5000);          // message posted, maybe delivered
            if (i % 3 == 2) std::this_thread::sleep_for(std::chrono::microseconds(200 * (i % 7)));
            p.reset();
            destroyed.fetch_add(1);
        }
        juce::MessageManager::callAsync([mm] { mm->stopDispatchLoop(); });
    });
    mm->runDispatchLoop();  // delivers the latency messages while instances die on `host`
    host.join();

    EXPECT_EQ(destroyed.load(), kInstances);
    EXPECT_EQ(latencyNonZero.load(), kInstances);
}
