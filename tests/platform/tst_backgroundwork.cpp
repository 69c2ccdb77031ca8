// SPDX-License-Identifier: GPL-3.0-or-later
// The background round's registry (core/platform/backgroundwork): each run has its own cancel,
// a cancel that comes before its run still counts, and one run never cancels another.
#include "core/platform/backgroundwork.h"

#include <QtTest>

#include <future>
#include <thread>

using namespace hearth::platform;
using namespace std::chrono_literals;

class TestBackgroundWork : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanup() { registerRound({}); }

    void noRoundIsLocked() { QCOMPARE(runRound(1), RoundOutcome::Locked); }

    void runsDoNotShareTheirCancel()
    {
        std::promise<void> firstStarted;
        std::atomic_int calls = 0;
        registerRound([&](const std::atomic_bool &cancelled) {
            if (++calls == 1) { // the first run waits to be cancelled
                firstStarted.set_value();
                const auto deadline = std::chrono::steady_clock::now() + 5s;
                while (!cancelled && std::chrono::steady_clock::now() < deadline)
                    std::this_thread::sleep_for(2ms);
                return cancelled ? RoundOutcome::Retry : RoundOutcome::Done;
            }
            return cancelled ? RoundOutcome::Retry : RoundOutcome::Done;
        });
        auto first = std::async(std::launch::async, [] { return runRound(10); });
        firstStarted.get_future().wait();
        // A second run starts and ends while the first waits: the first's cancel is not reset.
        QCOMPARE(runRound(11), RoundOutcome::Done);
        cancelRound(11); // after its end: nothing to cancel, and not the first one either
        QCOMPARE(first.wait_for(50ms), std::future_status::timeout);
        cancelRound(10);
        QCOMPARE(first.get(), RoundOutcome::Retry);
    }

    void cancelBeforeTheRunStarts()
    {
        registerRound([](const std::atomic_bool &cancelled) { return cancelled ? RoundOutcome::Retry : RoundOutcome::Done; });
        cancelRound(20); // onStopJob before the worker thread got going
        QCOMPARE(runRound(20), RoundOutcome::Retry);
        QCOMPARE(runRound(21), RoundOutcome::Done); // only that run
        QCOMPARE(runRound(20), RoundOutcome::Done); // and only once
    }
};

QTEST_GUILESS_MAIN(TestBackgroundWork)
#include "tst_backgroundwork.moc"
