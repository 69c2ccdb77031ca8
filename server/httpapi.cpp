// SPDX-License-Identifier: GPL-3.0-or-later
#include "httpapi.h"

#include "accounts.h"
#include "pg.h"
#include "photoservice.h"
#include "syncservice.h"
#include "core/protocol/entry.h"
#include "core/sync/gzip.h"

#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QUrlQuery>

#include <memory>
#include <optional>

Q_LOGGING_CATEGORY(lcHttp, "hearth.server.http")

namespace hearth::server {
namespace {

using Status = QHttpServerResponse::StatusCode;

QHttpServerResponse reply(const QJsonObject &body, Status status = Status::Ok)
{
    return QHttpServerResponse(QByteArrayLiteral("application/json"), QJsonDocument(body).toJson(QJsonDocument::Compact),
                               status);
}

// Large answers (pull pages) go gzip-compressed to clients that accept it.
QHttpServerResponse compressed(const QHttpServerRequest &request, const QJsonObject &body)
{
    const QByteArray json = QJsonDocument(body).toJson(QJsonDocument::Compact);
    if (json.size() < 1024 || !request.value("Accept-Encoding").contains("gzip"))
        return reply(body);
    QHttpServerResponse response(QByteArrayLiteral("application/json"), sync::gzip(json), Status::Ok);
    response.setHeader(QByteArrayLiteral("Content-Encoding"), QByteArrayLiteral("gzip"));
    return response;
}

QHttpServerResponse failure(Status status, const char *code, const QString &zh, const QString &en)
{
    return reply({{u"error"_qs, QString::fromLatin1(code)}, {u"reason_zh"_qs, zh}, {u"reason_en"_qs, en}}, status);
}

QHttpServerResponse failure(const Error &e)
{
    switch (e.code()) {
    case ErrorCode::Unauthorized:
        return failure(Status::Unauthorized, "unauthorized", e.localized(u"zh_CN"_qs), e.localized(u"en"_qs));
    case ErrorCode::Forbidden:
        return failure(Status::Forbidden, "forbidden", e.localized(u"zh_CN"_qs), e.localized(u"en"_qs));
    case ErrorCode::Conflict: // the detail says where the server stands: a sequence or an offset
        if (e.detail() == QLatin1String(protocol::kCopiedStore))
            return failure(Status::Conflict, protocol::kCopiedStore, e.localized(u"zh_CN"_qs), e.localized(u"en"_qs));
        return reply({{u"error"_qs, u"conflict"_qs},
                      {u"reason_zh"_qs, e.localized(u"zh_CN"_qs)},
                      {u"reason_en"_qs, e.localized(u"en"_qs)},
                      {u"expected"_qs, e.detail().toLongLong()}},
                     Status::Conflict);
    case ErrorCode::NotFound:
        return failure(Status::NotFound, "not_found", e.localized(u"zh_CN"_qs), e.localized(u"en"_qs));
    case ErrorCode::InvalidArgument:
    case ErrorCode::InvalidRecord:
        return failure(Status::BadRequest, "bad_request", e.localized(u"zh_CN"_qs), e.localized(u"en"_qs));
    default:
        qCWarning(lcHttp) << "internal error" << e.englishReason();
        return failure(Status::InternalServerError, "internal", u"服务器内部错误，请稍后再试"_qs,
                       u"internal server error; try again later"_qs);
    }
}

class Api
{
public:
    explicit Api(QString url) : m_url(std::move(url)) {}

    // The connection, reconnected after the database restarted or dropped it.
    Result<Pg *> db()
    {
        if (!m_pg || !m_pg->ok()) {
            auto pg = Pg::connect(m_url);
            if (!pg)
                return pg.error();
            m_pg = std::make_unique<Pg>(std::move(pg).value());
        }
        return m_pg.get();
    }

    std::optional<QJsonObject> jsonBody(const QHttpServerRequest &request, QHttpServerResponse &error)
    {
        QByteArray body = request.body();
        if (body.size() > kMaxBodyBytes) {
            error = failure(Status::PayloadTooLarge, "too_large", u"请求过大"_qs, u"request body too large"_qs);
            return std::nullopt;
        }
        if (request.value("Content-Encoding").trimmed().toLower() == "gzip") {
            // Inflated with the same limit: a small body cannot become a huge one.
            auto inflated = sync::gunzip(body, kMaxBodyBytes);
            if (!inflated) {
                const bool tooLarge = inflated.error().detail() == u"too_large";
                error = failure(tooLarge ? Status::PayloadTooLarge : Status::BadRequest, tooLarge ? "too_large" : "bad_encoding",
                                inflated.error().localized(u"zh_CN"_qs), inflated.error().localized(u"en"_qs));
                return std::nullopt;
            }
            body = std::move(inflated).value();
        }
        QJsonParseError parse{};
        const QJsonDocument doc = QJsonDocument::fromJson(body, &parse);
        if (parse.error != QJsonParseError::NoError || !doc.isObject()) {
            error = failure(Status::BadRequest, "bad_json", u"请求不是合法的 JSON 对象"_qs, u"the body is not a JSON object"_qs);
            return std::nullopt;
        }
        return doc.object();
    }

    Result<Device> device(const QHttpServerRequest &request)
    {
        auto pg = db();
        if (!pg)
            return pg.error();
        const QByteArray header = request.value("Authorization");
        const QByteArray token = header.startsWith("Bearer ") ? header.mid(7).trimmed() : QByteArray();
        return authenticate(**pg, token);
    }

    QHttpServerResponse enrol(const QHttpServerRequest &request)
    {
        QHttpServerResponse error(Status::Ok);
        auto body = jsonBody(request, error);
        if (!body)
            return error;
        auto pg = db();
        if (!pg)
            return failure(pg.error());
        const QString user = (*body)[u"user"].toString();
        const QByteArray password = (*body)[u"password"].toString().toUtf8();
        // A store enrolling again says where its outbox stands: what the server acknowledged
        // under its old identity is never sent again.
        const qint64 firstSeq = (*body)[u"first_seq"].toInteger(1);
        if (firstSeq < 1)
            return failure(Status::BadRequest, "bad_request", u"first_seq 必须大于 0"_qs, u"first_seq must be positive"_qs);
        auto made = server::enrol(**pg, user, password, (*body)[u"device_name"].toString(), firstSeq);
        if (!made)
            return failure(made.error());
        qCInfo(lcHttp) << "device enrolled" << made->first;
        return reply({{u"device_id"_qs, made->first}, {u"token"_qs, made->second}, {u"protocol"_qs, 1}});
    }

    QHttpServerResponse push(const QHttpServerRequest &request)
    {
        auto dev = device(request);
        if (!dev)
            return failure(dev.error());
        QHttpServerResponse error(Status::Ok);
        auto body = jsonBody(request, error);
        if (!body)
            return error;
        auto result = server::push(*m_pg, *dev, *body);
        if (!result)
            return failure(result.error());
        return reply(*result); // a few KB at most: not worth the CPU
    }

    QHttpServerResponse pull(const QHttpServerRequest &request)
    {
        auto dev = device(request);
        if (!dev)
            return failure(dev.error());
        const QUrlQuery query(request.url());
        bool ok = true, okLimit = true;
        const qint64 cursor = query.hasQueryItem(u"after"_qs) ? query.queryItemValue(u"after"_qs).toLongLong(&ok) : 0;
        const int limit = query.hasQueryItem(u"limit"_qs) ? query.queryItemValue(u"limit"_qs).toInt(&okLimit) : 1000;
        if (!ok || !okLimit || cursor < 0)
            return failure(Status::BadRequest, "bad_request", u"游标或数量不对"_qs, u"bad cursor or limit"_qs);
        auto result = server::pull(*m_pg, *dev, cursor, limit);
        if (!result)
            return failure(result.error());
        return compressed(request, *result);
    }

    // A feed by id after a cursor (conflicts, duplicate pairs) of the device's scope.
    QHttpServerResponse feed(const QHttpServerRequest &request,
                             Result<QJsonObject> (*read)(Pg &, const Device &, qint64))
    {
        auto dev = device(request);
        if (!dev)
            return failure(dev.error());
        bool ok = true;
        const QUrlQuery query(request.url());
        const qint64 after = query.hasQueryItem(u"after"_qs) ? query.queryItemValue(u"after"_qs).toLongLong(&ok) : 0;
        if (!ok || after < 0)
            return failure(Status::BadRequest, "bad_request", u"游标不对"_qs, u"bad cursor"_qs);
        auto result = read(*m_pg, *dev, after);
        if (!result)
            return failure(result.error());
        return compressed(request, *result);
    }

    QHttpServerResponse checksum(const QHttpServerRequest &request)
    {
        auto dev = device(request);
        if (!dev)
            return failure(dev.error());
        auto result = server::scopeChecksum(*m_pg, *dev);
        return result ? reply(*result) : failure(result.error());
    }

    QHttpServerResponse photoStatus(const QString &hash, const QHttpServerRequest &request)
    {
        auto dev = device(request);
        if (!dev)
            return failure(dev.error());
        auto result = server::photoStatus(*m_pg, *dev, hash);
        return result ? reply(*result) : failure(result.error());
    }

    // PUT /v1/photos/HASH?offset=N&size=S, body = the chunk, header Chunk-SHA256.
    QHttpServerResponse photoChunk(const QString &hash, const QHttpServerRequest &request)
    {
        auto dev = device(request);
        if (!dev)
            return failure(dev.error());
        const QUrlQuery query(request.url());
        bool okOffset = false, okSize = false;
        const qint64 offset = query.queryItemValue(u"offset"_qs).toLongLong(&okOffset);
        const qint64 size = query.queryItemValue(u"size"_qs).toLongLong(&okSize);
        if (!okOffset || !okSize)
            return failure(Status::BadRequest, "bad_request", u"缺少 offset 或 size"_qs, u"offset and size are required"_qs);
        auto result = server::putPhotoChunk(*m_pg, *dev, hash, size, offset, request.value("Chunk-SHA256").trimmed(),
                                            request.body());
        return result ? reply(*result) : failure(result.error());
    }

    QHttpServerResponse photoContent(const QString &hash, const QHttpServerRequest &request)
    {
        auto dev = device(request);
        if (!dev)
            return failure(dev.error());
        auto result = server::photoContent(*m_pg, *dev, hash);
        if (!result)
            return failure(result.error());
        return QHttpServerResponse(QByteArrayLiteral("image/jpeg"), *result, Status::Ok);
    }

private:
    QString m_url;
    std::unique_ptr<Pg> m_pg;
};

} // namespace

void installRoutes(QHttpServer &server, const QString &databaseUrl)
{
    auto api = std::make_shared<Api>(databaseUrl);
    using Method = QHttpServerRequest::Method;
    server.route(u"/v1/health"_qs, Method::Get, [] { return reply({{u"ok"_qs, true}, {u"protocol"_qs, 1}}); });
    server.route(u"/v1/enrol"_qs, Method::Post, [api](const QHttpServerRequest &r) { return api->enrol(r); });
    server.route(u"/v1/push"_qs, Method::Post, [api](const QHttpServerRequest &r) { return api->push(r); });
    server.route(u"/v1/pull"_qs, Method::Get, [api](const QHttpServerRequest &r) { return api->pull(r); });
    server.route(u"/v1/checksum"_qs, Method::Get, [api](const QHttpServerRequest &r) { return api->checksum(r); });
    server.route(u"/v1/conflicts"_qs, Method::Get,
                 [api](const QHttpServerRequest &r) { return api->feed(r, server::pullConflicts); });
    server.route(u"/v1/duplicates"_qs, Method::Get,
                 [api](const QHttpServerRequest &r) { return api->feed(r, server::pullDuplicates); });
    server.route(u"/v1/photos/<arg>/content"_qs, Method::Get,
                 [api](const QString &hash, const QHttpServerRequest &r) { return api->photoContent(hash, r); });
    server.route(u"/v1/photos/<arg>"_qs, Method::Get,
                 [api](const QString &hash, const QHttpServerRequest &r) { return api->photoStatus(hash, r); });
    server.route(u"/v1/photos/<arg>"_qs, Method::Put,
                 [api](const QString &hash, const QHttpServerRequest &r) { return api->photoChunk(hash, r); });
}

} // namespace hearth::server
