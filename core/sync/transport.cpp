// SPDX-License-Identifier: GPL-3.0-or-later
#include "transport.h"

#include "gzip.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

namespace hearth::sync {

HttpTransport::HttpTransport(QString baseUrl, int timeoutMs) : m_base(std::move(baseUrl)), m_timeoutMs(timeoutMs)
{
    while (m_base.endsWith(u'/'))
        m_base.chop(1);
}

Result<QJsonObject> HttpTransport::request(const QByteArray &method, const QString &path, const QJsonObject &body,
                                           const QByteArray &token)
{
    QNetworkAccessManager nam;
    QNetworkRequest req(QUrl(m_base + path));
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    req.setTransferTimeout(m_timeoutMs);
    if (!token.isEmpty())
        req.setRawHeader("Authorization", "Bearer " + token);
    QByteArray payload = method == "GET" ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact);
    // Bodies go compressed (a visit's JSON shrinks by a third, a batch by far more). Answers come
    // compressed too; asking for gzip ourselves keeps the network manager from inflating them, so
    // we inflate with a limit (a hostile server cannot blow a small answer up) and count the wire.
    req.setRawHeader("Accept-Encoding", "gzip");
    if (payload.size() > kCompressAbove) {
        payload = gzip(payload);
        req.setRawHeader("Content-Encoding", "gzip");
    }
    m_sent += payload.size();
    QNetworkReply *reply = nam.sendCustomRequest(req, method, payload);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    QByteArray raw = reply->readAll();
    m_received += raw.size();
    if (reply->rawHeader("Content-Encoding").trimmed().toLower() == "gzip") {
        auto inflated = gunzip(raw, kMaxAnswerBytes);
        if (!inflated)
            return Error(ErrorCode::Network, inflated.error().localized(u"en"_qs));
        raw = std::move(inflated).value();
    }
    QJsonParseError parse{};
    const QJsonObject json = QJsonDocument::fromJson(raw, &parse).object();
    if (status == 0)
        return Error(ErrorCode::Network, reply->errorString());
    if (status >= 200 && status < 300) {
        if (parse.error != QJsonParseError::NoError)
            return Error(ErrorCode::Network, u"the server's answer is not JSON"_qs);
        return json;
    }
    const QString zh = json.value(u"reason_zh").toString(), en = json.value(u"reason_en").toString();
    const ErrorCode code = status == 401   ? ErrorCode::Unauthorized
                           : status == 403 ? ErrorCode::Forbidden
                           : status == 409 ? ErrorCode::Conflict
                           : status < 500  ? ErrorCode::InvalidArgument
                                           : ErrorCode::Network;
    if (zh.isEmpty())
        return Error(code, u"HTTP %1"_qs.arg(status));
    return Error::withReason(code, zh, en, QString::number(status));
}

} // namespace hearth::sync
