// Lifetime across threads: hosts create and destroy plugin instances on threads other than
// JUCE's message thread (Ardour's VST3 host on Linux does, while JUCE runs its own message
// thread). Every model the worker builds posts a latency message to the message thread; an
// instance destroyed while that message is queued or being delivered must not be touched by it.
// Nor may the parameter tree's own timer, which runs on the message thread.
#include "PluginTestSupport.h"
#include <gtest/gtest.h>
#include <atomic>
#include <chrono>
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

// juce::AudioProcessorValueTreeState is a juce::Timer: every 20-500 ms it writes changed parameter
// values into its ValueTree on the message thread, outside any lock of ours. Here each instance is
// destroyed on the host's thread while that flush is in progress (a listener on the tree holds the
// flush open until the destruction has begun). Unprotected, the flush resumes inside freed memory
// (ASan reports it); the destructor must wait for the message thread instead.
TEST(PluginLifetime, DestroyedOffTheMessageThreadWhileTheParameterTreeIsBeingWritten)
{
    auto* mm = juce::MessageManager::getInstance();
    ASSERT_TRUE(mm->isThisTheMessageThread());
    constexpr int kInstances = 6;

    struct FlushProbe : juce::ValueTree::Listener {
        std::atomic<bool> inFlush { false }, destroying { false };
        void valueTreePropertyChanged(juce::ValueTree&, const juce::Identifier&) override
        {
            if (inFlush.exchange(true)) return;  // hold only the first write of the first flush
            const auto giveUp = std::chrono::steady_clock::now() + std::chrono::seconds(5);
            while (!destroying.load() && std::chrono::steady_clock::now() < giveUp)
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            // An unprotected destructor finishes well within this.
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    };

    std::atomic<int> destroyedDuringFlush { 0 };
    std::thread host([&] {
        for (int i = 0; i < kInstances; ++i) {
            FlushProbe probe;  // outlives the instance
            auto p = std::make_unique<WaveAmpProcessor>();
            p->apvts.state.addListener(&probe);  // before the timer's first tick (100 ms)
            auto* level = p->apvts.getParameter(params::outputLevel.getParamID());
            level->setValueNotifyingHost(level->getValue() < 0.5f ? 0.9f : 0.1f);  // work for it
            const auto giveUp = std::chrono::steady_clock::now() + std::chrono::seconds(5);
            while (!probe.inFlush.load() && std::chrono::steady_clock::now() < giveUp)
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            if (probe.inFlush.load()) destroyedDuringFlush.fetch_add(1);
            probe.destroying.store(true);
            p.reset();
        }
        juce::MessageManager::callAsync([mm] { mm->stopDispatchLoop(); });
    });
    mm->runDispatchLoop();  // once per process: ctest runs each test in its own
    host.join();

    EXPECT_EQ(destroyedDuringFlush.load(), kInstances) << "the parameter tree's timer never fired";
}
