// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// hearth-server's HTTP/1.1 transport on Boost.Beast (server/README.md says why not Qt
// HttpServer 6.4: it buffers a whole body before any handler can refuse it, and runs every
// handler on one thread). Every limit applies before a body is buffered:
//   - a header larger than headerBytes, or not complete within headerTimeout: cut off;
//   - a declared body over the route's limit: 413 at once, unread; a chunked one: cut at it;
//   - the bodies all connections may hold at once are bounded by inflightBytes (503 beyond);
//   - a body not complete within bodyTimeout (slow senders): cut off;
//   - connections per client address and in all are bounded.
// Handlers run on pools of worker threads (Lane), so one slow request never stalls the others.

#include "message.h"

#include <QString>

#include <memory>

namespace hearth::server {

struct HttpLimits
{
    int headerBytes = 16 * 1024;
    int headerTimeoutS = 15;   // for the whole header, and for an idle kept-alive connection
    int bodyTimeoutS = 120;    // for the whole body: a 1 MiB photo chunk at 10 KiB/s
    qint64 inflightBytes = 256LL * 1024 * 1024;
    int maxConnections = 1024;
    int maxConnectionsPerAddress = 64;
    int workThreads = 4;
    int authThreads = 2;
    int maxQueued = 256;       // requests waiting for a worker; beyond this: 503
    int maxQueuedSignIns = 32; // sign-ins waiting for the password pool; beyond this: 503
};

struct TlsFiles
{
    QString certificateChain; // PEM: the server's certificate, then its intermediates
    QString privateKey;       // PEM: RSA or EC
};

class HttpServer
{
public:
    HttpServer(Router router, HttpLimits limits);
    ~HttpServer();
    HttpServer(const HttpServer &) = delete;
    HttpServer &operator=(const HttpServer &) = delete;

    // Loads the pair and checks that the key belongs to the certificate; a clear error if not.
    bool useTls(const TlsFiles &files, QString *error);
    // Binds; returns the port (the one chosen when `port` is 0), or 0 with *error set.
    quint16 listen(const QString &host, quint16 port, QString *error);
    // Serves until SIGINT or SIGTERM, on `ioThreads` network threads (this one included).
    void run(int ioThreads = 2);

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace hearth::server
