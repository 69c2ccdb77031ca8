// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// How the sync engine talks to hearth-server: one request, one answer, or an Error whose code
// says what to do next (Unauthorized: lock and offer to re-enrol; Conflict: the server stands
// elsewhere, its position in the detail; Network: try again later). HttpTransport is the real
// one; request() speaks JSON, send() carries raw bytes (photo chunks).

#include "core/error.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace hearth::sync {

struct RawRequest
{
    QByteArray method;
    QString path;
    QByteArray body;
    QByteArray contentType = QByteArrayLiteral("application/json");
    QList<std::pair<QByteArray, QByteArray>> headers;
    bool compress = true; // gzip the body when it is worth it (JPEG chunks are not)
};

class Transport
{
public:
    virtual ~Transport() = default;
    // The answer's body (inflated) for a 2xx status; otherwise an Error built from the server's
    // {error, reason_zh, reason_en, expected} answer.
    virtual Result<QByteArray> send(const RawRequest &request, const QByteArray &token) = 0;
    Result<QJsonObject> request(const QByteArray &method, const QString &path, const QJsonObject &body,
                                const QByteArray &token);
    // Bytes on the wire so far (bodies as sent and received, compressed).
    qint64 bytesSent() const { return m_sent; }
    qint64 bytesReceived() const { return m_received; }

protected:
    qint64 m_sent = 0, m_received = 0;
};

// Where a 409 says the server stands (the sequence or byte offset it expects next), or -1.
inline qint64 expectedPosition(const Error &e)
{
    bool ok = false;
    const qint64 at = e.detail().toLongLong(&ok);
    return e.code() == ErrorCode::Conflict && ok ? at : -1;
}

class HttpTransport : public Transport
{
public:
    static constexpr qsizetype kCompressAbove = 256;
    static constexpr qint64 kMaxAnswerBytes = 256 * 1024 * 1024;
    explicit HttpTransport(QString baseUrl, int timeoutMs = 30000);
    Result<QByteArray> send(const RawRequest &request, const QByteArray &token) override;

private:
    QString m_base;
    int m_timeoutMs;
};

} // namespace hearth::sync
