// SPDX-License-Identifier: GPL-3.0-or-later
#include "assets.h"

#include "core/sync/gzip.h"

#include <QFile>
#include <QHash>

#include <mutex>

namespace hearth::server::console {
namespace {

struct Asset
{
    QByteArray type, plain, gzipped;
};

const Asset *find(const QString &name)
{
    static std::mutex mutex;
    static QHash<QString, Asset> cache;
    std::lock_guard lock(mutex);
    if (auto it = cache.constFind(name); it != cache.cend())
        return &*it;
    static const QHash<QString, QByteArray> kTypes{{u"html"_qs, "text/html; charset=utf-8"},
                                                   {u"js"_qs, "text/javascript; charset=utf-8"},
                                                   {u"css"_qs, "text/css; charset=utf-8"},
                                                   {u"svg"_qs, "image/svg+xml"}};
    const QString suffix = name.section(u'.', -1);
    if (name.contains(u'/') || !kTypes.contains(suffix))
        return nullptr;
    QFile file(u":/console/"_qs + name);
    if (!file.open(QIODevice::ReadOnly))
        return nullptr;
    Asset a{kTypes.value(suffix), file.readAll(), {}};
    a.gzipped = sync::gzip(a.plain);
    return &*cache.insert(name, a);
}

} // namespace

HttpResponse asset(const QString &name, const HttpRequest &request)
{
    const Asset *a = find(name);
    if (!a)
        return {404, "text/plain; charset=utf-8", "not found", {}};
    QList<QPair<QByteArray, QByteArray>> headers{
        {"x-content-type-options", "nosniff"},
        {"cache-control", name == u"index.html" ? "no-cache" : "public, max-age=3600"},
        {"content-security-policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline';"
                                    " script-src 'self'; frame-ancestors 'none'; form-action 'self'"},
        {"x-frame-options", "DENY"}};
    if (request.header("accept-encoding").contains("gzip")) {
        headers.append(qMakePair(QByteArray("content-encoding"), QByteArray("gzip")));
        return {200, a->type, a->gzipped, headers};
    }
    return {200, a->type, a->plain, headers};
}

} // namespace hearth::server::console
