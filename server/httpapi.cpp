// SPDX-License-Identifier: GPL-3.0-or-later
#include "httpapi.h"

#include "accounts.h"
#include "devices.h"
#include "digests.h"
#include "pg.h"
#include "photoservice.h"
#include "syncservice.h"
#include "core/model/recordmodel.h"
#include "core/protocol/entry.h"
#include "core/sync/gzip.h"
#include "core/sync/scope.h"
#include "console/sessions.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QLoggingCategory>
#include <QUrlQuery>

#include <QHash>

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

Q_LOGGING_CATEGORY(lcHttp, "hearth.server.http")

namespace hearth::server {
namespace {

QByteArray toJson(const QJsonObject &o) { return QJsonDocument(o).toJson(QJsonDocument::Compact); }

HttpResponse reply(const QJsonObject &body, int status = 200) { return HttpResponse{status, "application/json", toJson(body), {}}; }

// Large answers (pull pages) go gzip-compressed to clients that accept it.
HttpResponse compressed(const HttpRequest &request, const QJsonObject &body)
{
    const QByteArray json = toJson(body);
    if (json.size() < 1024 || !request.header("accept-encoding").contains("gzip"))
        return HttpResponse{200, "application/json", json, {}};
    return HttpResponse{200, "application/json", sync::gzip(json), {{"content-encoding", "gzip"}}};
}

HttpResponse failure(int status, const char *code, const QString &zh, const QString &en)
{
    return reply({{u"error"_qs, QString::fromLatin1(code)}, {u"reason_zh"_qs, zh}, {u"reason_en"_qs, en}}, status);
}

} // namespace

HttpResponse errorResponse(const Error &e)
{
    const QString zh = e.localized(u"zh_CN"_qs), en = e.localized(u"en"_qs);
    switch (e.code()) {
    case ErrorCode::Unauthorized: // an enrolment may be asked for its second factor's code
        return failure(401, e.detail() == QLatin1String(protocol::kSecondFactorRequired) ? protocol::kSecondFactorRequired
                                                                                          : "unauthorized",
                       zh, en);
    case ErrorCode::TooManyAttempts: { // too many failed sign-ins: the detail is the wait in seconds
        HttpResponse r = failure(429, "too_many_attempts", zh, en);
        r.headers.append({"retry-after", e.detail().toLatin1()});
        return r;
    }
    case ErrorCode::Forbidden:
        return failure(403, "forbidden", zh, en);
    case ErrorCode::Conflict: // the detail says where the server stands: a sequence or an offset
        if (e.detail() == QLatin1String(protocol::kCopiedStore))
            return failure(409, protocol::kCopiedStore, zh, en);
        return reply({{u"error"_qs, u"conflict"_qs}, {u"reason_zh"_qs, zh}, {u"reason_en"_qs, en},
                      {u"expected"_qs, e.detail().toLongLong()}},
                     409);
    case ErrorCode::NotFound:
        return failure(404, "not_found", zh, en);
    case ErrorCode::InvalidArgument:
    case ErrorCode::InvalidRecord:
    case ErrorCode::BadFile: // an upload that is no ledger (the console's import)
        return failure(400, "bad_request", zh, en);
    default:
        qCWarning(lcHttp) << "internal error" << e.englishReason();
        return failure(500, "internal", u"服务器内部错误，请稍后再试"_qs, u"internal server error; try again later"_qs);
    }
}

namespace {

HttpResponse failure(const Error &e) { return errorResponse(e); }

} // namespace

Result<Pg *> workerDatabase(const QString &url)
{
    // One connection per thread and database (the primary, the replica).
    thread_local std::map<QString, std::unique_ptr<Pg>> connections;
    std::unique_ptr<Pg> &pg = connections[url];
    if (!pg || !pg->ok()) {
        auto made = Pg::connect(url);
        if (!made)
            return made.error();
        if (auto declared = declareHashingWriter(*made); !declared)
            return declared.error();
        pg = std::make_unique<Pg>(std::move(made).value());
    }
    return pg.get();
}

namespace {

class Api
{
public:
    Api(QString url, QString replica, PhotoStore photos, console::SecretSealer sealer)
        : m_url(std::move(url)), m_replica(std::move(replica)), m_photos(std::move(photos)), m_sealer(std::move(sealer))
    {
    }

    // One device (one bearer token) may have kPerDevice requests on the workers at once: a
    // token cannot keep every worker busy (a device's own round never needs more than one).
    static constexpr int kPerDevice = 2;
    struct Slot
    {
        Slot(Api *a, QByteArray k) : api(a), key(std::move(k)) {}
        Slot(const Slot &) = delete; // one slot, released once
        Slot &operator=(const Slot &) = delete;
        Api *api = nullptr;
        QByteArray key;
        ~Slot()
        {
            if (!api)
                return;
            std::lock_guard lock(api->m_slotsMutex);
            if (--api->m_slots[key] == 0)
                api->m_slots.remove(key);
        }
    };
    std::unique_ptr<Slot> slotFor(const HttpRequest &request)
    {
        const QByteArray key = request.header("authorization");
        std::lock_guard lock(m_slotsMutex);
        int &n = m_slots[key];
        if (n >= kPerDevice)
            return nullptr;
        ++n;
        return std::make_unique<Slot>(this, key);
    }

    std::optional<QJsonObject> jsonBody(const HttpRequest &request, HttpResponse &error, qint64 limit)
    {
        QByteArray body = request.body;
        if (request.header("content-encoding").trimmed().toLower() == "gzip") {
            // Inflated with the same limit: a small body cannot become a huge one.
            auto inflated = sync::gunzip(body, limit);
            if (!inflated) {
                const bool tooLarge = inflated.error().detail() == u"too_large";
                error = failure(tooLarge ? 413 : 400, tooLarge ? "too_large" : "bad_encoding",
                                inflated.error().localized(u"zh_CN"_qs), inflated.error().localized(u"en"_qs));
                return std::nullopt;
            }
            body = std::move(inflated).value();
        }
        QJsonParseError parse{};
        const QJsonDocument doc = QJsonDocument::fromJson(body, &parse);
        if (parse.error != QJsonParseError::NoError || !doc.isObject()) {
            error = failure(400, "bad_json", u"请求不是合法的 JSON 对象"_qs, u"the body is not a JSON object"_qs);
            return std::nullopt;
        }
        return doc.object();
    }

    // The device of the bearer token, and its thread's connection. `reads`: a request that
    // reads the scope (checksum, feeds, photos), which a device to be wiped may no longer make.
    Result<std::pair<Pg *, Device>> device(const HttpRequest &request, bool reads = false)
    {
        auto pg = workerDatabase(m_url);
        if (!pg)
            return pg.error();
        const QByteArray header = request.header("authorization");
        const QByteArray token = header.startsWith("Bearer ") ? header.mid(7).trimmed() : QByteArray();
        auto dev = authenticate(**pg, token);
        if (!dev)
            return dev.error();
        if (reads && dev->wipeRequested)
            return Error::withReason(ErrorCode::Forbidden, u"这台设备将被清除，不再接收数据"_qs,
                                     u"this device is to be wiped: it receives nothing more"_qs);
        return std::pair{*pg, std::move(dev).value()};
    }

    HttpResponse enrol(const HttpRequest &request)
    {
        HttpResponse error;
        auto body = jsonBody(request, error, kMaxEnrolBytes);
        if (!body)
            return error;
        auto pg = workerDatabase(m_url);
        if (!pg)
            return failure(pg.error());
        const QString user = (*body)[u"user"].toString();
        const QByteArray password = (*body)[u"password"].toString().toUtf8();
        // A store enrolling again says where its outbox stands: what the server acknowledged
        // under its old identity is never sent again.
        const qint64 firstSeq = (*body)[u"first_seq"].toInteger(1);
        if (firstSeq < 1)
            return failure(400, "bad_request", u"first_seq 必须大于 0"_qs, u"first_seq must be positive"_qs);
        // Supervisors and administrators: their console's TOTP code as well (console/sessions.h).
        const QString code = (*body)[u"code"].toString().left(16);
        const auto secondFactor = [&](const SignedIn &who) -> Result<bool> {
            if (!console::enrolsWithSecondFactor(who.role))
                return false;
            HEARTH_TRY(console::checkEnrolmentCode(**pg, who.userId, user, code, request.peer,
                                                   QDateTime::currentSecsSinceEpoch(), m_sealer));
            return true;
        };
        auto made = server::enrol(**pg, user, password, (*body)[u"device_name"].toString(), request.peer, firstSeq,
                                  secondFactor);
        if (!made)
            return failure(made.error());
        qCInfo(lcHttp) << "device enrolled" << made->deviceId;
        return reply({{u"device_id"_qs, made->deviceId}, {u"token"_qs, made->token}, {u"protocol"_qs, 2},
                      {u"role"_qs, made->role}, {u"scopes"_qs, QJsonArray::fromStringList(made->scopes)}});
    }

    HttpResponse push(const HttpRequest &request)
    {
        auto dev = device(request);
        if (!dev)
            return failure(dev.error());
        HttpResponse error;
        auto body = jsonBody(request, error, kMaxBodyBytes);
        if (!body)
            return error;
        auto result = server::push(*dev->first, dev->second, *body);
        return result ? reply(*result) : failure(result.error()); // a few KB at most: not worth the CPU
    }

    HttpResponse pull(const HttpRequest &request)
    {
        auto dev = device(request);
        if (!dev)
            return failure(dev.error());
        bool ok = true, okLimit = true;
        const qint64 cursor = request.query.hasQueryItem(u"after"_qs) ? request.query.queryItemValue(u"after"_qs).toLongLong(&ok) : 0;
        const int limit = request.query.hasQueryItem(u"limit"_qs) ? request.query.queryItemValue(u"limit"_qs).toInt(&okLimit) : 1000;
        if (!ok || !okLimit || cursor < 0)
            return failure(400, "bad_request", u"游标或数量不对"_qs, u"bad cursor or limit"_qs);
        // A station's people come from many counties, and a county new to the station gets
        // its first change in the same transaction that makes it the station's: one cursor
        // could step past it. Such devices pull by unit (version 2) or not at all.
        if (std::any_of(dev->second.scopes.begin(), dev->second.scopes.end(), sync::isStationId))
            return failure(426, "upgrade_required", u"服务站的数据只能用新版本同步，请升级应用"_qs,
                           u"a branch station's scope syncs with protocol 2 only: update the app"_qs);
        auto result = server::pull(*dev->first, dev->second, cursor, limit);
        return result ? compressed(request, *result) : failure(result.error());
    }

    // Version 2: a cursor per unit of the scope (units.h), as the text the last page gave.
    HttpResponse pullByUnit(const HttpRequest &request)
    {
        auto dev = device(request);
        if (!dev)
            return failure(dev.error());
        bool okLimit = true;
        const auto cursors = UnitCursors::parse(request.query.queryItemValue(u"after"_qs, QUrl::FullyDecoded));
        const int limit = request.query.hasQueryItem(u"limit"_qs) ? request.query.queryItemValue(u"limit"_qs).toInt(&okLimit) : 1000;
        if (!cursors || !okLimit)
            return failure(400, "bad_request", u"游标或数量不对"_qs, u"bad cursor or limit"_qs);
        // ?only=SCOPE: one village (or township, station) of the device's scope, read from its
        // own start: a device narrowing a checksum difference pulls only where it differs. A
        // station only by its exact id (insideScopes); the page says which scope it read.
        Device reader = dev->second;
        const QString only = request.query.queryItemValue(u"only"_qs);
        if (!only.isEmpty()) {
            if (!sync::insideScopes(reader.scopes, only))
                return failure(403, "forbidden", u"这不在您负责的范围内"_qs, u"that is not inside your scope"_qs);
            reader.scopes = {only};
        }
        const auto answer = [&](Result<QJsonObject> &result) {
            if (!only.isEmpty())
                result->insert(u"only"_qs, only);
            return compressed(request, *result);
        };
        // From the replica when there is one (the device is known from the primary); from the
        // primary when the replica cannot answer.
        if (!m_replica.isEmpty()) {
            if (auto replica = workerDatabase(m_replica)) {
                auto result = server::pull(**replica, reader, *cursors, limit);
                if (result)
                    return answer(result);
                qCWarning(lcHttp) << "the replica could not serve a pull:" << result.error().detail().left(120);
            }
        }
        auto result = server::pull(*dev->first, reader, *cursors, limit);
        return result ? answer(result) : failure(result.error());
    }

    // A feed by id after a cursor (conflicts, duplicate pairs) of the device's scope.
    HttpResponse feed(const HttpRequest &request, Result<QJsonObject> (*read)(Pg &, const Device &, qint64))
    {
        auto dev = device(request, true);
        if (!dev)
            return failure(dev.error());
        bool ok = true;
        const qint64 after = request.query.hasQueryItem(u"after"_qs) ? request.query.queryItemValue(u"after"_qs).toLongLong(&ok) : 0;
        if (!ok || after < 0)
            return failure(400, "bad_request", u"游标不对"_qs, u"bad cursor"_qs);
        auto result = read(*dev->first, dev->second, after);
        return result ? compressed(request, *result) : failure(result.error());
    }

    // Before a body is read: is this a live device's token?
    bool admits(const HttpRequest &request)
    {
        auto pg = workerDatabase(m_url);
        const QByteArray header = request.header("authorization");
        return pg && knownToken(**pg, header.startsWith("Bearer ") ? header.mid(7).trimmed() : QByteArray());
    }

    // POST bodies of device control: status, audit, wiped.
    HttpResponse deviceReport(const HttpRequest &request, qint64 limit,
                              Result<QJsonObject> (*handle)(Pg &, const Device &, const QJsonObject &))
    {
        auto dev = device(request);
        if (!dev)
            return failure(dev.error());
        HttpResponse error;
        auto body = jsonBody(request, error, limit);
        if (!body)
            return error;
        auto result = handle(*dev->first, dev->second, *body);
        return result ? reply(*result) : failure(result.error());
    }

    HttpResponse checksum(const HttpRequest &request)
    {
        auto dev = device(request, true);
        if (!dev)
            return failure(dev.error());
        // ?entity=KIND: that kind's digest by scope (village, station), to narrow a difference down.
        const QString entity = request.query.queryItemValue(u"entity"_qs);
        if (!entity.isEmpty() && !model::kind(entity))
            return failure(400, "bad_request", u"未知的记录类型"_qs, u"unknown record kind"_qs);
        auto result = server::scopeChecksum(*dev->first, dev->second, entity);
        return result ? reply(*result) : failure(result.error());
    }

    HttpResponse photoStatus(const QString &hash, const HttpRequest &request)
    {
        auto dev = device(request);
        if (!dev)
            return failure(dev.error());
        auto result = server::photoStatus(*dev->first, m_photos, dev->second, hash);
        return result ? reply(*result) : failure(result.error());
    }

    // GET /v1/photos: what the server wants sent again.
    HttpResponse wantedPhotos(const HttpRequest &request)
    {
        auto dev = device(request, true);
        if (!dev)
            return failure(dev.error());
        auto result = server::wantedPhotos(*dev->first, dev->second);
        return result ? compressed(request, *result) : failure(result.error());
    }

    // PUT /v1/photos/HASH?offset=N&size=S, body = the chunk, header Chunk-SHA256.
    HttpResponse photoChunk(const QString &hash, const HttpRequest &request)
    {
        auto dev = device(request);
        if (!dev)
            return failure(dev.error());
        bool okOffset = false, okSize = false;
        const qint64 offset = request.query.queryItemValue(u"offset"_qs).toLongLong(&okOffset);
        const qint64 size = request.query.queryItemValue(u"size"_qs).toLongLong(&okSize);
        if (!okOffset || !okSize)
            return failure(400, "bad_request", u"缺少 offset 或 size"_qs, u"offset and size are required"_qs);
        auto result = server::putPhotoChunk(*dev->first, m_photos, dev->second, hash, size, offset,
                                            request.header("chunk-sha256").trimmed(), request.body);
        return result ? reply(*result) : failure(result.error());
    }

    HttpResponse photoContent(const QString &hash, const HttpRequest &request)
    {
        auto dev = device(request, true);
        if (!dev)
            return failure(dev.error());
        bool ok = true;
        const qint64 offset = request.query.hasQueryItem(u"offset"_qs) ? request.query.queryItemValue(u"offset"_qs).toLongLong(&ok) : 0;
        if (!ok)
            return failure(400, "bad_request", u"offset 不对"_qs, u"bad offset"_qs);
        auto piece = server::photoContent(*dev->first, m_photos, dev->second, hash, offset);
        if (!piece)
            return failure(piece.error());
        // The whole photo in one answer when it fits; otherwise 206 and the next offset to ask.
        const bool whole = piece->offset == 0 && piece->data.size() == piece->size;
        return HttpResponse{whole ? 200 : 206, "image/jpeg", piece->data,
                            {{"x-photo-size", QByteArray::number(piece->size)},
                             {"x-photo-offset", QByteArray::number(piece->offset)}}};
    }

private:
    QString m_url;
    QString m_replica; // protocol-2 pulls, when set
    PhotoStore m_photos;
    console::SecretSealer m_sealer; // the TOTP secrets' key: supervisors enrol devices with a code
    std::mutex m_slotsMutex;
    QHash<QByteArray, int> m_slots;
};

} // namespace

Router makeRouter(const QString &databaseUrl, const QString &replicaUrl, const PhotoStore &photos,
                  const console::ConsoleOptions &consoleOptions)
{
    auto api = std::make_shared<Api>(databaseUrl, replicaUrl, photos, consoleOptions.sealer);
    auto consoleRoutes = std::make_shared<console::ConsoleRoutes>(databaseUrl, photos, consoleOptions);
    return [api, consoleRoutes](const QByteArray &method, const QString &path) -> Route {
        if (console::ConsoleRoutes::isConsolePath(path))
            return consoleRoutes->route(method, path);
        using Handler = std::function<HttpResponse(const HttpRequest &)>;
        // Every device request holds one of its device's slots while it runs.
        const auto perDevice = [api](Handler h) -> Handler {
            return [api, h = std::move(h)](const HttpRequest &r) {
                const auto slot = api->slotFor(r);
                if (!slot)
                    return failure(429, "too_many_requests", u"这台设备同时发来的请求过多"_qs,
                                   u"too many requests from this device at once"_qs);
                return h(r);
            };
        };
        const auto route = [perDevice](qint64 limit, Lane lane, Handler h) {
            return Route{limit, lane, lane == Lane::Work ? perDevice(std::move(h)) : std::move(h), {}};
        };
        // A route that takes a body from a device: its token is checked before the body is read.
        const auto deviceRoute = [api, perDevice](qint64 limit, Handler h) {
            return Route{limit, Lane::Work, perDevice(std::move(h)), [api](const HttpRequest &r) { return api->admits(r); }};
        };
        const bool get = method == "GET", post = method == "POST", put = method == "PUT";
        if (get && path == u"/v1/health")
            return route(0, Lane::Inline, [](const HttpRequest &) { return reply({{u"ok"_qs, true}, {u"protocol"_qs, 2}}); });
        if (post && path == u"/v1/enrol")
            return route(kMaxEnrolBytes, Lane::Auth, [api](const HttpRequest &r) { return api->enrol(r); });
        if (post && path == u"/v1/push")
            return deviceRoute(kMaxBodyBytes, [api](const HttpRequest &r) { return api->push(r); });
        if (get && path == u"/v1/pull")
            return route(0, Lane::Work, [api](const HttpRequest &r) { return api->pull(r); });
        if (get && path == u"/v2/pull")
            return route(0, Lane::Work, [api](const HttpRequest &r) { return api->pullByUnit(r); });
        if (post && path == u"/v1/status")
            return deviceRoute(kMaxEnrolBytes, [api](const HttpRequest &r) { return api->deviceReport(r, kMaxEnrolBytes, server::noteStatus); });
        if (post && path == u"/v1/audit")
            return deviceRoute(kMaxBodyBytes, [api](const HttpRequest &r) { return api->deviceReport(r, kMaxBodyBytes, server::acceptAudit); });
        if (post && path == u"/v1/wiped")
            return deviceRoute(kMaxEnrolBytes, [api](const HttpRequest &r) {
                return api->deviceReport(r, kMaxEnrolBytes,
                                         [](Pg &pg, const Device &d, const QJsonObject &) { return server::confirmWiped(pg, d); });
            });
        if (get && path == u"/v1/checksum")
            return route(0, Lane::Work, [api](const HttpRequest &r) { return api->checksum(r); });
        if (get && path == u"/v1/conflicts")
            return route(0, Lane::Work, [api](const HttpRequest &r) { return api->feed(r, server::pullConflicts); });
        if (get && path == u"/v1/duplicates")
            return route(0, Lane::Work, [api](const HttpRequest &r) { return api->feed(r, server::pullDuplicates); });
        if (get && path == u"/v1/photos")
            return route(0, Lane::Work, [api](const HttpRequest &r) { return api->wantedPhotos(r); });
        static const QRegularExpression photo(uR"(^/v1/photos/([^/]{1,128})(/content)?$)"_qs);
        const QRegularExpressionMatch m = photo.match(path);
        if (m.hasMatch()) {
            const QString hash = m.captured(1);
            if (get && m.hasCaptured(2))
                return route(0, Lane::Work, [api, hash](const HttpRequest &r) { return api->photoContent(hash, r); });
            if (get)
                return route(0, Lane::Work, [api, hash](const HttpRequest &r) { return api->photoStatus(hash, r); });
            if (put)
                return deviceRoute(kMaxChunkBytes, [api, hash](const HttpRequest &r) { return api->photoChunk(hash, r); });
        }
        return {};
    };
}

} // namespace hearth::server
