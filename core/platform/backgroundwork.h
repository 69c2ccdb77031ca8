// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The seam for work the system runs while the app is in the background: a sync round when the
// phone has a network and battery to spare (Android JobScheduler, iOS BGTaskScheduler). The app
// registers its round once (registerRound); the platform's scheduler calls runRound() on its own
// thread. Linux desktops run the round from the app's timer instead (SyncController).

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>

namespace hearth::platform {

enum class RoundOutcome {
    Done,   // ran (or had nothing to do)
    Retry,  // failed for a reason that may pass (network): the system should try again soon
    Locked, // the store is locked: nothing to do until the user unlocks it
};

// The app's round. `cancelled` turns true when the system wants the time back.
using Round = std::function<RoundOutcome(const std::atomic_bool &cancelled)>;

// Thread-safe. Registering an empty round unregisters it.
void registerRound(Round round);
// Runs the registered round on the calling thread; Locked when none is registered. `job` names
// this run for cancelRound: a cancel that arrives before the round has started still counts.
RoundOutcome runRound(std::int64_t job);
// Asks the run named `job` to stop at its next step (also when it has not started yet).
void cancelRound(std::int64_t job);

class BackgroundWork
{
public:
    virtual ~BackgroundWork() = default;
    virtual bool schedule(std::chrono::minutes period) = 0;
    virtual void cancel() = 0;
};

// The platform's scheduler, or null where the app's own timer does it (platforms/<os>/).
std::unique_ptr<BackgroundWork> createBackgroundWork();

} // namespace hearth::platform
