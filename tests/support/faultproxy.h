// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A TCP proxy between a sync client and hearth-server that misbehaves on purpose, on its own
// thread (so a blocking client in the test's thread, or another process, can go through it).
// Each accepted connection gets a Plan from the test's function: pass bytes through, drop the
// connection at once, cut the request or the response after N bytes (a clean close, so the
// answer looks truncated), reset it (RST) after N response bytes, delay every block, or send
// the request to the server twice (a second upstream connection whose answers are thrown
// away). Counts the bytes that went upstream.

#include <QObject>
#include <QThread>

#include <atomic>
#include <functional>
#include <memory>

namespace hearth::test {

struct FaultPlan
{
    enum class Fault { None, Drop, CutRequest, CutResponse, ResetResponse, Duplicate };
    Fault fault = Fault::None;
    qint64 afterBytes = 0; // for the cuts and the reset
    int delayMs = 0;       // before each forwarded block, both ways
};

class FaultProxy
{
public:
    // Listens on 127.0.0.1 (any free port) and forwards to 127.0.0.1:upstreamPort.
    explicit FaultProxy(quint16 upstreamPort);
    ~FaultProxy();

    quint16 port() const { return m_port; }
    // The proxy's address; "https" when the server behind it speaks TLS (the proxy relays bytes).
    QString baseUrl(const QString &scheme = u"http"_qs) const;
    // Decides each new connection's fate, given its index (0, 1, ...). Thread-safe.
    void setPlan(std::function<FaultPlan(int connection)> plan);
    qint64 bytesUpstream() const { return m_up->load(); }
    int connections() const { return m_connections->load(); }

private:
    class Worker;
    QThread m_thread;
    Worker *m_worker = nullptr;
    quint16 m_port = 0;
    std::shared_ptr<std::atomic<qint64>> m_up = std::make_shared<std::atomic<qint64>>(0);
    std::shared_ptr<std::atomic<int>> m_connections = std::make_shared<std::atomic<int>>(0);
};

} // namespace hearth::test
