// SPDX-License-Identifier: GPL-3.0-or-later
#include "transport.h"

#include "core/protocol/entry.h"

#include "gzip.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>

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

HttpTransport::HttpTransport(QString baseUrl, int timeoutMs) : m_base(std::move(baseUrl)), m_timeoutMs(timeoutMs)
{
    while (m_base.endsWith(u'/'))
        m_base.chop(1);
}

Result<QByteArray> HttpTransport::send(const RawRequest &r, const QByteArray &token)
{
    QNetworkAccessManager nam;
    QNetworkRequest req(QUrl(m_base + r.path));
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
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    QByteArray raw = reply->readAll();
    m_received += raw.size();
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
                           : status < 500  ? ErrorCode::InvalidArgument
                                           : ErrorCode::Network;
    // A 409 says where the server stands (the sequence or offset it expects).
    // A store that turned out to be a copy is told so by name (it must enrol again).
    const QString detail = json.contains(u"expected")  ? QString::number(json.value(u"expected").toInteger())
                           : json.value(u"error").toString() == QLatin1String(protocol::kCopiedStore)
                               ? QString::fromLatin1(protocol::kCopiedStore)
                               : u"HTTP %1"_qs.arg(status);
    if (zh.isEmpty())
        return Error(code, detail);
    return Error::withReason(code, zh, en, detail);
}

} // namespace hearth::sync
