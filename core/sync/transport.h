// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// How the sync engine talks to hearth-server: one JSON request, one JSON answer, or an Error
// whose code says what to do next (Unauthorized: lock and offer to re-enrol; Conflict: the
// server's sequence differs; Network: try later). HttpTransport is the real one.

#include "core/error.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace hearth::sync {

class Transport
{
public:
    virtual ~Transport() = default;
    virtual Result<QJsonObject> request(const QByteArray &method, const QString &path, const QJsonObject &body,
                                        const QByteArray &token) = 0;
    // Bytes on the wire so far (bodies as sent and received, compressed).
    qint64 bytesSent() const { return m_sent; }
    qint64 bytesReceived() const { return m_received; }

protected:
    qint64 m_sent = 0, m_received = 0;
};

class HttpTransport : public Transport
{
public:
    static constexpr qsizetype kCompressAbove = 256;
    static constexpr qint64 kMaxAnswerBytes = 256 * 1024 * 1024;
    explicit HttpTransport(QString baseUrl, int timeoutMs = 30000);
    Result<QJsonObject> request(const QByteArray &method, const QString &path, const QJsonObject &body,
                                const QByteArray &token) override;

private:
    QString m_base;
    int m_timeoutMs;
};

} // namespace hearth::sync
