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
#include <QSslCertificate>
#include <QString>
#include <QUrl>

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
    // The pin (serverPin()) of the certificate the server showed in the last answer; empty
    // over plain http.
    QByteArray peerPin() const { return m_peerPin; }

protected:
    qint64 m_sent = 0, m_received = 0;
    QByteArray m_peerPin;
};

// What this device trusts of its server (DESIGN.md §11). TLS everywhere but loopback; the
// certificate verified against the system's CAs plus `extraCa` (a government intranet's own);
// once enrolled, the server's key pinned.
struct TlsTrust
{
    QByteArray pin;                // hex SHA-256 of the server's public key (SPKI); empty: not pinned yet
    QList<QSslCertificate> extraCa; // trusted besides the system's
    bool allowPlainHttp = false;   // development only: HEARTH_DEV_ALLOW_PLAIN_HTTP=1
};
// The pin of a certificate: the SHA-256 of its public key, in hex (what `openssl x509 -pubkey
// | openssl pkey -pubin -outform der | sha256sum` prints). A renewed certificate with the same
// key keeps its pin.
QByteArray serverPin(const QSslCertificate &certificate);
// Whether `url` may be spoken to in plain http: a loopback address, or the development switch.
bool plainHttpAllowed(const QUrl &url, const TlsTrust &trust);
// The error a changed server certificate gives (ErrorCode::Forbidden, detail kCertificateChanged).
inline constexpr char kCertificateChanged[] = "certificate_changed";
inline constexpr char kCertificateUntrusted[] = "certificate_untrusted";

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
    // The most an answer may hold, as received and once inflated: a pull page is at most 4 MiB
    // of changes (server/syncservice.h), a photo at most 32 MiB. Beyond: cut off, an error.
    static constexpr qint64 kMaxAnswerBytes = 64 * 1024 * 1024;
    explicit HttpTransport(QString baseUrl, int timeoutMs = 30000, TlsTrust trust = trustFromEnvironment());
    Result<QByteArray> send(const RawRequest &request, const QByteArray &token) override;
    // No pin; the CAs of HEARTH_CA_FILE (PEM) besides the system's; plain http to a host that is
    // not loopback only if HEARTH_DEV_ALLOW_PLAIN_HTTP=1.
    static TlsTrust trustFromEnvironment();

private:
    QString m_base;
    int m_timeoutMs;
    TlsTrust m_trust;
};

} // namespace hearth::sync
