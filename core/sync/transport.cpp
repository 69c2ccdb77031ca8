// SPDX-License-Identifier: GPL-3.0-or-later
#include "transport.h"

#include "core/protocol/entry.h"

#include "gzip.h"

#include <QCryptographicHash>
#include <QEventLoop>
#include <QHostAddress>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslConfiguration>
#include <QSslKey>

namespace hearth::sync {

Result<QJsonObject> Transport::request(const QByteArray &method, const QString &path, const QJsonObject &body,
                                       const QByteArray &token)
{
    RawRequest r{method, path, method == "GET" ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact)};
    auto raw = send(r, token);
    if (!raw)
        return raw.error();
    QJsonParseError parse{};
    const QJsonDocument doc = QJsonDocument::fromJson(*raw, &parse);
    if (parse.error != QJsonParseError::NoError || !doc.isObject())
        return Error(ErrorCode::Network, u"the server's answer is not JSON"_qs);
    return doc.object();
}

QByteArray serverPin(const QSslCertificate &certificate)
{
    return QCryptographicHash::hash(certificate.publicKey().toDer(), QCryptographicHash::Sha256).toHex();
}

bool plainHttpAllowed(const QUrl &url, const TlsTrust &trust)
{
    if (trust.allowPlainHttp)
        return true;
    const QString host = url.host();
    return host == u"localhost" || QHostAddress(host).isLoopback();
}

TlsTrust HttpTransport::trustFromEnvironment()
{
    TlsTrust t;
    t.allowPlainHttp = qEnvironmentVariable("HEARTH_DEV_ALLOW_PLAIN_HTTP") == u"1";
    // An intranet's own CA, for the app as installed there (hearthctl also takes --ca).
    if (const QString ca = qEnvironmentVariable("HEARTH_CA_FILE"); !ca.isEmpty())
        t.extraCa = QSslCertificate::fromPath(ca);
    return t;
}

HttpTransport::HttpTransport(QString baseUrl, int timeoutMs, TlsTrust trust)
    : m_base(std::move(baseUrl)), m_timeoutMs(timeoutMs), m_trust(std::move(trust))
{
    while (m_base.endsWith(u'/'))
        m_base.chop(1);
}

Result<QByteArray> HttpTransport::send(const RawRequest &r, const QByteArray &token)
{
    const QUrl url(m_base + r.path);
    if (url.scheme() == u"http" && !plainHttpAllowed(url, m_trust))
        return Error::withReason(ErrorCode::InvalidArgument,
                                 u"拒绝以明文 http 连接 %1：密码和数据会被看到，请用 https"_qs.arg(url.host()),
                                 u"refusing plain http to %1: passwords and records would travel in clear; use https"_qs.arg(url.host()));
    if (url.scheme() != u"http" && url.scheme() != u"https")
        return Error::withReason(ErrorCode::InvalidArgument, u"服务器地址应以 https:// 开头"_qs,
                                 u"the server address must start with https://"_qs);
    QNetworkAccessManager nam;
    QNetworkRequest req(url);
    if (url.scheme() == u"https") {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        if (!m_trust.extraCa.isEmpty())
            tls.addCaCertificates(m_trust.extraCa);
        tls.setProtocol(QSsl::TlsV1_2OrLater);
        req.setSslConfiguration(tls);
        // HTTP/1.1 only (the server speaks nothing else): the pin is checked on `encrypted`,
        // before the first byte of a request is written.
        req.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    }
    // No redirects: one could lead from https (or loopback) to a plain address elsewhere.
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    req.setHeader(QNetworkRequest::ContentTypeHeader, r.contentType);
    req.setTransferTimeout(m_timeoutMs);
    if (!token.isEmpty())
        req.setRawHeader("Authorization", "Bearer " + token);
    for (const auto &[name, value] : r.headers)
        req.setRawHeader(name, value);
    // Bodies go compressed (a visit's JSON shrinks by a third, a batch by far more). Answers come
    // compressed too; asking for gzip ourselves keeps the network manager from inflating them, so
    // we inflate with a limit (a hostile server cannot blow a small answer up) and count the wire.
    req.setRawHeader("Accept-Encoding", "gzip");
    QByteArray payload = r.body;
    if (r.compress && payload.size() > kCompressAbove) {
        payload = gzip(payload);
        req.setRawHeader("Content-Encoding", "gzip");
    }
    m_sent += payload.size();
    QNetworkReply *reply = nam.sendCustomRequest(req, r.method, payload);
    // The server's key against the pin, before a byte of the request leaves.
    bool pinMismatch = false;
    m_peerPin.clear();
    QObject::connect(reply, &QNetworkReply::encrypted, reply, [&] {
        const QSslCertificate peer = reply->sslConfiguration().peerCertificate();
        m_peerPin = peer.publicKey().isNull() ? QByteArray() : serverPin(peer);
        if (m_peerPin.isEmpty() || (!m_trust.pin.isEmpty() && m_peerPin != m_trust.pin)) { // a key Qt cannot read: no pin
            pinMismatch = true;
            reply->abort();
        }
    });
    // Read as it comes, and cut off beyond the cap: no answer can fill the phone's memory.
    QByteArray raw;
    bool tooLarge = false;
    QObject::connect(reply, &QNetworkReply::readyRead, reply, [&] {
        raw += reply->readAll();
        if (raw.size() > kMaxAnswerBytes) {
            tooLarge = true;
            reply->abort();
        }
    });
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->isOpen())
        raw += reply->readAll();
    m_received += raw.size();
    if (pinMismatch)
        return Error::withReason(ErrorCode::Untrusted,
                                 u"服务器的证书与登记时不同，已停止同步（可能有人冒充服务器）。请联系管理员，核对新证书的指纹后输入（hearthctl trust-server --pin）"_qs,
                                 u"the server's certificate is not the one pinned at enrolment: sync stopped (someone may be "
                                 "posing as the server). Ask your administrator for the new certificate's pin and enter it "
                                 "(hearthctl trust-server --pin)"_qs,
                                 QString::fromLatin1(kCertificateChanged));
    if (reply->error() == QNetworkReply::SslHandshakeFailedError)
        return Error::withReason(ErrorCode::Untrusted, u"无法验证服务器的证书（%1）"_qs.arg(reply->errorString()),
                                 u"the server's certificate cannot be verified (%1)"_qs.arg(reply->errorString()),
                                 QString::fromLatin1(kCertificateUntrusted));
    if (tooLarge)
        return Error(ErrorCode::Network, u"the server's answer is over %1 MiB"_qs.arg(kMaxAnswerBytes >> 20));
    if (status >= 300 && status < 400)
        return Error::withReason(ErrorCode::Network, u"服务器要求转到别的地址，已拒绝"_qs,
                                 u"the server redirected elsewhere: refused"_qs, u"HTTP %1"_qs.arg(status));
    if (status == 0 || reply->error() == QNetworkReply::RemoteHostClosedError ||
        reply->error() == QNetworkReply::TimeoutError || reply->error() == QNetworkReply::OperationCanceledError)
        return Error(ErrorCode::Network, reply->errorString());
    if (reply->rawHeader("Content-Encoding").trimmed().toLower() == "gzip") {
        auto inflated = gunzip(raw, kMaxAnswerBytes);
        if (!inflated) // a truncated answer, most likely: the connection broke
            return Error(ErrorCode::Network, inflated.error().localized(u"en"_qs));
        raw = std::move(inflated).value();
    }
    if (status >= 200 && status < 300)
        return raw;
    const QJsonObject json = QJsonDocument::fromJson(raw).object();
    const QString zh = json.value(u"reason_zh").toString(), en = json.value(u"reason_en").toString();
    const ErrorCode code = status == 401   ? ErrorCode::Unauthorized
                           : status == 403 ? ErrorCode::Forbidden
                           : status == 404 ? ErrorCode::NotFound
                           : status == 409 ? ErrorCode::Conflict
                           // (429 by name: "too_many_requests", a device's requests at once, is not a sign-in's)
                           : status == 429 && json.value(u"error").toString() == u"too_many_attempts" ? ErrorCode::TooManyAttempts
                           : status < 500  ? ErrorCode::InvalidArgument
                                           : ErrorCode::Network;
    // A 409 says where the server stands (the sequence or offset it expects).
    // A store that turned out to be a copy is told so by name (it must enrol again), and so is
    // an enrolment that needs its user's second factor.
    const QString error = json.value(u"error").toString();
    const QString detail = json.contains(u"expected") ? QString::number(json.value(u"expected").toInteger())
                           : error == QLatin1String(protocol::kCopiedStore) || error == QLatin1String(protocol::kSecondFactorRequired)
                               ? error
                               : u"HTTP %1"_qs.arg(status);
    if (zh.isEmpty())
        return Error(code, detail);
    return Error::withReason(code, zh, en, detail);
}

} // namespace hearth::sync
