// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A request as the handlers see it, and their answer: plain Qt values, no HTTP library's types,
// so the handlers can be read (and tested) without the transport.

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrlQuery>

#include <functional>

namespace hearth::server {

struct HttpRequest
{
    QByteArray method;
    QString path;
    QUrlQuery query;
    QList<QPair<QByteArray, QByteArray>> headers; // names in lower case
    QByteArray body;                              // at most the route's limit
    QString peer;                                 // the client's address

    QByteArray header(QByteArrayView name) const
    {
        for (const auto &[key, value] : headers)
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        return {};
    }
};

struct HttpResponse
{
    int status = 200;
    QByteArray contentType = "application/json";
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
};

// Where a request runs: answered on the network thread (no database, no waiting), on the pool
// of workers (each with its own database connection), or on the small pool that checks
// passwords (an Argon2id each: never where they could hold up the others).
enum class Lane { Inline, Work, Auth };

struct Route
{
    qint64 bodyLimit = 0; // bytes, before anything is buffered
    Lane lane = Lane::Work;
    std::function<HttpResponse(const HttpRequest &)> handle;
    // Asked on a worker, from the header alone, before a byte of a body is read or set aside:
    // whether the request may send one (a known device's token). Empty: anyone may.
    std::function<bool(const HttpRequest &)> admit;
};

// The route for a method and path: a route with no handler answers 404 (or 405 with `methodKnown`).
using Router = std::function<Route(const QByteArray &method, const QString &path)>;

} // namespace hearth::server
