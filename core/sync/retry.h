// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Every sync request is safe to repeat (a push is applied once per sequence, a pull page is
// re-read by cursor, a photo chunk goes in at the offset the server names), so a request that
// failed on the way is simply sent again: after a growing, jittered wait (full jitter,
// doubling from `firstDelayMs`), so a hundred phones that regained reception together do not
// return in step. Only Network errors are retried; a 4xx answer is final.

#include "transport.h"

#include <functional>

namespace hearth::sync {

struct Backoff
{
    int attempts = 5;        // tries per request, the first included
    int firstDelayMs = 500;  // the wait before the second try is up to this, then doubles
    int maxDelayMs = 30000;
    // The wait before try `attempt` (2, 3, ...): uniformly random in [0, min(max, first·2^(attempt−2))].
    int delayBefore(int attempt) const;
};

class RetryingTransport : public Transport
{
public:
    RetryingTransport(Transport &inner, Backoff backoff) : m_inner(inner), m_backoff(backoff) {}
    Result<QByteArray> send(const RawRequest &request, const QByteArray &token) override;
    int retries() const { return m_retries; }
    // Called before each wait (the app shows "retrying in N s").
    std::function<void(int attempt, int delayMs, const Error &why)> onRetry;

private:
    Transport &m_inner;
    Backoff m_backoff;
    int m_retries = 0;
};

} // namespace hearth::sync
