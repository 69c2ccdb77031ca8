// SPDX-License-Identifier: GPL-3.0-or-later
#include "backgroundwork.h"

#include <algorithm>
#include <atomic>
#include <mutex>

namespace hearth::platform {
namespace {

struct Registry
{
    std::mutex mutex;
    std::shared_ptr<const Round> round;
    std::int64_t running = 0;       // the job whose round runs now
    std::int64_t lastCancelled = 0; // jobs up to this one are cancelled
    std::atomic_bool cancelled{false};
};

Registry &registry()
{
    static Registry r;
    return r;
}

} // namespace

void registerRound(Round round)
{
    auto &r = registry();
    std::lock_guard lock(r.mutex);
    r.round = round ? std::make_shared<const Round>(std::move(round)) : nullptr;
}

RoundOutcome runRound(std::int64_t job)
{
    auto &r = registry();
    std::shared_ptr<const Round> round;
    {
        std::lock_guard lock(r.mutex);
        round = r.round;
        r.running = job;
        r.cancelled = job <= r.lastCancelled;
    }
    if (!round)
        return RoundOutcome::Locked;
    return (*round)(r.cancelled);
}

void cancelRound(std::int64_t job)
{
    auto &r = registry();
    std::lock_guard lock(r.mutex);
    r.lastCancelled = std::max(r.lastCancelled, job);
    if (r.running == job)
        r.cancelled = true;
}

} // namespace hearth::platform
