// SPDX-License-Identifier: GPL-3.0-or-later
#include "backgroundwork.h"

#include <atomic>
#include <map>
#include <mutex>
#include <set>

namespace hearth::platform {
namespace {

struct Registry
{
    std::mutex mutex;
    std::shared_ptr<const Round> round;
    // Each run's own flag, so one run's start or cancel never touches another's.
    std::map<std::int64_t, std::shared_ptr<std::atomic_bool>> running;
    std::set<std::int64_t> cancelledEarly; // cancels that came before their run started (a few)
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
    auto cancelled = std::make_shared<std::atomic_bool>(false);
    std::shared_ptr<const Round> round;
    {
        std::lock_guard lock(r.mutex);
        round = r.round;
        if (r.cancelledEarly.erase(job))
            *cancelled = true;
        r.running[job] = cancelled;
    }
    struct Done // the entry goes however the round ends
    {
        Registry &r;
        std::int64_t job;
        ~Done()
        {
            std::lock_guard lock(r.mutex);
            r.running.erase(job);
        }
    } done{r, job};
    return round ? (*round)(*cancelled) : RoundOutcome::Locked;
}

void cancelRound(std::int64_t job)
{
    auto &r = registry();
    std::lock_guard lock(r.mutex);
    if (auto it = r.running.find(job); it != r.running.end()) {
        *it->second = true;
        return;
    }
    r.cancelledEarly.insert(job);
    while (r.cancelledEarly.size() > 16) // runs that never came
        r.cancelledEarly.erase(r.cancelledEarly.begin());
}

} // namespace hearth::platform
