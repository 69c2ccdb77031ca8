// SPDX-License-Identifier: GPL-3.0-or-later
#include "retry.h"

#include <QEventLoop>
#include <QRandomGenerator>
#include <QTimer>

namespace hearth::sync {

int Backoff::delayBefore(int attempt) const
{
    const qint64 cap = std::min<qint64>(maxDelayMs, qint64(firstDelayMs) << std::min(attempt - 2, 20));
    return int(QRandomGenerator::global()->bounded(cap + 1));
}

Result<QByteArray> RetryingTransport::send(const RawRequest &request, const QByteArray &token)
{
    for (int attempt = 1;; ++attempt) {
        const qint64 sentBefore = m_inner.bytesSent(), receivedBefore = m_inner.bytesReceived();
        auto answer = m_inner.send(request, token);
        m_sent += m_inner.bytesSent() - sentBefore;
        m_received += m_inner.bytesReceived() - receivedBefore;
        if (answer || answer.error().code() != ErrorCode::Network || attempt >= m_backoff.attempts)
            return answer;
        const int delay = m_backoff.delayBefore(attempt + 1);
        ++m_retries;
        if (onRetry)
            onRetry(attempt + 1, delay, answer.error());
        // Wait with the event loop running: whatever else lives on this thread carries on.
        QEventLoop loop;
        QTimer::singleShot(delay, &loop, &QEventLoop::quit);
        loop.exec();
    }
}

} // namespace hearth::sync
