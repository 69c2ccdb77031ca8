// SPDX-License-Identifier: GPL-3.0-or-later
// The transport: one Session per connection, reading a header, deciding, then (maybe) a body,
// handing the request to its lane's pool and writing the answer back on the connection's own
// strand. Nothing here knows what a route does.
#include "httpserver.h"

#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <openssl/ssl.h>

#include <QLoggingCategory>

#include <atomic>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

Q_LOGGING_CATEGORY(lcTransport, "hearth.server.transport")

namespace hearth::server {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

HttpResponse refusal(int status, const char *code, const char *zh, const char *en)
{
    HttpResponse r;
    r.status = status;
    r.body = QByteArray(R"({"error":")") + code + R"(","reason_zh":")" + zh + R"(","reason_en":")" + en + R"("})";
    return r;
}

// What every connection shares: the limits, the body budget, the counts, the pools.
struct Shared
{
    Router router;
    HttpLimits limits;
    std::atomic<qint64> inflight{0};
    std::atomic<int> connections{0};
    std::atomic<int> queued{0}, queuedSignIns{0};
    std::mutex perAddressMutex;
    std::unordered_map<std::string, int> perAddress;
    net::thread_pool work, auth;

    Shared(Router r, HttpLimits l)
        : router(std::move(r)), limits(l), work(size_t(std::max(1, l.workThreads))), auth(size_t(std::max(1, l.authThreads)))
    {
    }

    bool reserve(qint64 bytes)
    {
        qint64 now = inflight.load();
        do {
            if (now + bytes > limits.inflightBytes)
                return false;
        } while (!inflight.compare_exchange_weak(now, now + bytes));
        return true;
    }
    void release(qint64 bytes) { inflight -= bytes; }

    bool admit(const std::string &address)
    {
        if (connections.fetch_add(1) >= limits.maxConnections) {
            --connections;
            return false;
        }
        std::lock_guard lock(perAddressMutex);
        int &n = perAddress[address];
        if (n >= limits.maxConnectionsPerAddress) {
            --connections;
            return false;
        }
        ++n;
        return true;
    }
    void leave(const std::string &address)
    {
        --connections;
        std::lock_guard lock(perAddressMutex);
        if (auto it = perAddress.find(address); it != perAddress.end() && --it->second == 0)
            perAddress.erase(it);
    }
};

template<class Stream>
class Session : public std::enable_shared_from_this<Session<Stream>>
{
public:
    Session(Stream stream, std::shared_ptr<Shared> shared, std::string address)
        : m_stream(std::move(stream)), m_shared(std::move(shared)), m_address(std::move(address))
    {
    }
    ~Session()
    {
        releaseBody();
        m_shared->leave(m_address);
    }

    void start()
    {
        if constexpr (std::is_same_v<Stream, beast::tcp_stream>) {
            readHeader();
        } else {
            lowest().expires_after(std::chrono::seconds(m_shared->limits.headerTimeoutS));
            m_stream.async_handshake(ssl::stream_base::server, [self = this->shared_from_this()](beast::error_code ec) {
                if (!ec)
                    self->readHeader();
            });
        }
    }

private:
    beast::tcp_stream &lowest() { return beast::get_lowest_layer(m_stream); }

    void readHeader()
    {
        m_parser.emplace();
        m_parser->header_limit(std::uint32_t(m_shared->limits.headerBytes));
        // No limit yet (the parser would refuse a declared length at the header): the route's
        // is set once the header says which route this is.
        m_parser->body_limit(std::numeric_limits<std::uint64_t>::max());
        lowest().expires_after(std::chrono::seconds(m_shared->limits.headerTimeoutS));
        http::async_read_header(m_stream, m_buffer, *m_parser,
                                [self = this->shared_from_this()](beast::error_code ec, std::size_t) { self->onHeader(ec); });
    }

    void onHeader(beast::error_code ec)
    {
        if (ec == http::error::header_limit)
            return answer(refusal(431, "header_too_large", "请求头过大", "request header too large"), false);
        if (ec == http::error::body_limit)
            return answer(refusal(413, "too_large", "请求过大", "request body too large"), false);
        if (ec)
            return; // closed, timed out (a slow sender) or not HTTP: the connection just ends
        const auto &req = m_parser->get();
        const QByteArray method(req.method_string().data(), qsizetype(req.method_string().size()));
        const QByteArray target(req.target().data(), qsizetype(req.target().size()));
        const qsizetype q = target.indexOf('?');
        m_request = HttpRequest{};
        m_request.method = method;
        m_request.path = QString::fromUtf8(target.left(q < 0 ? target.size() : q));
        if (q >= 0)
            m_request.query = QUrlQuery(QString::fromUtf8(target.mid(q + 1)));
        for (const auto &field : req)
            m_request.headers.append({QByteArray(field.name_string().data(), qsizetype(field.name_string().size())).toLower(),
                                      QByteArray(field.value().data(), qsizetype(field.value().size()))});
        m_request.peer = QString::fromStdString(m_address);
        m_route = m_shared->router(method, m_request.path);
        if (!m_route.handle)
            return answer(refusal(404, "not_found", "没有这个地址", "no such path"), false);
        const bool hasBody = m_parser->chunked() || m_parser->content_length().value_or(0) > 0;
        if (!hasBody) {
            // Nothing more to read: the message is complete.
            return dispatch();
        }
        const qint64 limit = m_route.bodyLimit;
        if (limit == 0 || (m_parser->content_length() && qint64(*m_parser->content_length()) > limit))
            return answer(refusal(413, "too_large", "请求过大", "request body too large"), false);
        if (!m_route.admit)
            return readBody();
        // Only a known device may make us hold a body: its token is checked first, on a worker.
        if (!enqueue(m_shared->queued, m_shared->limits.maxQueued))
            return;
        net::post(m_shared->work, [self = this->shared_from_this()] {
            --self->m_shared->queued;
            const bool admitted = self->m_route.admit(self->m_request);
            net::post(self->lowest().get_executor(), [self, admitted] {
                if (admitted)
                    self->readBody();
                else
                    self->answer(refusal(401, "unauthorized", "未登录、无权发送，或设备未登记或已被停用",
                                         "not signed in or not allowed to send this, or the device is not enrolled or was revoked"),
                                 false);
            });
        });
    }

    // Whether a worker can take one more: a 503 (and false) when its queue is full.
    bool enqueue(std::atomic<int> &queued, int most)
    {
        if (queued.fetch_add(1) < most)
            return true;
        --queued;
        HttpResponse busy = refusal(503, "busy", "服务器繁忙，请稍后再试", "server busy: try again shortly");
        busy.headers.append(QPair<QByteArray, QByteArray>("retry-after", "5"));
        answer(std::move(busy), false);
        return false;
    }

    void readBody()
    {
        const qint64 limit = m_route.bodyLimit;
        // The bytes this body may take, set aside before one is read: a declared length, or
        // the route's limit for a chunked stream.
        const qint64 wanted = m_parser->content_length() ? qint64(*m_parser->content_length()) : limit;
        if (!m_shared->reserve(wanted)) {
            HttpResponse busy = refusal(503, "busy", "服务器繁忙，请稍后再试", "server busy: try again shortly");
            busy.headers.append(QPair<QByteArray, QByteArray>("retry-after", "5"));
            return answer(std::move(busy), false);
        }
        m_reserved = wanted;
        m_parser->body_limit(std::uint64_t(limit));
        lowest().expires_after(std::chrono::seconds(m_shared->limits.bodyTimeoutS));
        http::async_read(m_stream, m_buffer, *m_parser,
                         [self = this->shared_from_this()](beast::error_code ec, std::size_t) { self->onBody(ec); });
    }

    void onBody(beast::error_code ec)
    {
        if (ec == http::error::body_limit)
            return answer(refusal(413, "too_large", "请求过大", "request body too large"), false);
        if (ec)
            return; // cut off: too slow, or gone
        dispatch();
    }

    void dispatch()
    {
        lowest().expires_never();
        // The body stays in the parser; the handler reads it without a copy.
        const std::string &body = m_parser->get().body();
        m_request.body = QByteArray::fromRawData(body.data(), qsizetype(body.size()));
        m_keepAlive = m_parser->get().keep_alive();
        if (m_route.lane == Lane::Inline)
            return answer(m_route.handle(m_request), m_keepAlive);
        // Each pool its own queue: a flood of sign-ins never fills the workers' (and back).
        const bool signIn = m_route.lane == Lane::Auth;
        auto &pool = signIn ? m_shared->auth : m_shared->work;
        auto &queued = signIn ? m_shared->queuedSignIns : m_shared->queued;
        if (!enqueue(queued, signIn ? m_shared->limits.maxQueuedSignIns : m_shared->limits.maxQueued))
            return;
        net::post(pool, [self = this->shared_from_this(), &queued] {
            --queued;
            HttpResponse response = self->m_route.handle(self->m_request);
            net::post(self->lowest().get_executor(), [self, response = std::move(response)]() mutable {
                self->answer(std::move(response), self->m_keepAlive);
            });
        });
    }

    void releaseBody()
    {
        if (m_reserved) {
            m_shared->release(m_reserved);
            m_reserved = 0;
        }
    }

    void answer(HttpResponse response, bool keepAlive)
    {
        m_request.body.clear();
        if (m_parser)
            m_parser->get().body().clear();
        releaseBody();
        auto res = std::make_shared<http::response<http::string_body>>(http::status(response.status), 11);
        res->set(http::field::server, "hearth-server");
        res->set(http::field::content_type, std::string(response.contentType.constData(), size_t(response.contentType.size())));
        for (const auto &[name, value] : response.headers)
            res->set(std::string(name.constData(), size_t(name.size())), std::string(value.constData(), size_t(value.size())));
        res->body().assign(response.body.constData(), size_t(response.body.size()));
        res->keep_alive(keepAlive);
        res->prepare_payload();
        lowest().expires_after(std::chrono::seconds(m_shared->limits.bodyTimeoutS));
        http::async_write(m_stream, *res, [self = this->shared_from_this(), res, keepAlive](beast::error_code ec, std::size_t) {
            if (ec)
                return;
            if (keepAlive)
                return self->readHeader();
            self->linger();
        });
    }

    // After refusing a body unread: stop sending, and swallow (never keep) what the client is
    // still sending for a moment, so its TCP stack reads our answer instead of a reset.
    void linger()
    {
        m_parser.reset();
        m_buffer.clear();
        if constexpr (std::is_same_v<Stream, beast::tcp_stream>) {
            beast::error_code ignored;
            lowest().socket().shutdown(tcp::socket::shutdown_send, ignored);
            lowest().expires_after(std::chrono::seconds(2));
            drain();
        }
    }

    void drain()
    {
        lowest().async_read_some(net::buffer(m_sink), [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
            if (!ec)
                self->drain();
        });
    }

    Stream m_stream;
    std::shared_ptr<Shared> m_shared;
    std::string m_address;
    beast::flat_buffer m_buffer; // unbounded here: the parser's header and body limits bound it
    std::optional<http::request_parser<http::string_body>> m_parser;
    HttpRequest m_request;
    Route m_route;
    bool m_keepAlive = false;
    qint64 m_reserved = 0;
    std::array<char, 16384> m_sink{};
};

} // namespace

struct HttpServer::Impl
{
    net::io_context ioc;
    std::shared_ptr<Shared> shared;
    std::optional<ssl::context> tls;
    std::optional<tcp::acceptor> acceptor;

    void accept()
    {
        acceptor->async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
            if (!ec) {
                start(std::move(socket));
                return accept();
            }
            // Out of descriptors (or another accept error): wait a moment rather than spin.
            auto timer = std::make_shared<net::steady_timer>(ioc, std::chrono::milliseconds(100));
            timer->async_wait([this, timer](beast::error_code) { accept(); });
        });
    }

    void start(tcp::socket socket)
    {
        beast::error_code ec;
        const auto remote = socket.remote_endpoint(ec);
        if (ec)
            return;
        std::string address = remote.address().to_string();
        if (!shared->admit(address))
            return; // over the connection limits: closed at once
        beast::tcp_stream stream(std::move(socket));
        if (tls)
            std::make_shared<Session<beast::ssl_stream<beast::tcp_stream>>>(
                beast::ssl_stream<beast::tcp_stream>(std::move(stream), *tls), shared, std::move(address))
                ->start();
        else
            std::make_shared<Session<beast::tcp_stream>>(std::move(stream), shared, std::move(address))->start();
    }
};

HttpServer::HttpServer(Router router, HttpLimits limits) : d(std::make_unique<Impl>())
{
    d->shared = std::make_shared<Shared>(std::move(router), limits);
}

HttpServer::~HttpServer()
{
    d->shared->work.join();
    d->shared->auth.join();
}

bool HttpServer::useTls(const TlsFiles &files, QString *error)
{
    ssl::context ctx(ssl::context::tls_server);
    ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3
                    | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
    beast::error_code ec;
    ctx.use_certificate_chain_file(files.certificateChain.toStdString(), ec);
    if (ec) {
        *error = u"cannot read the certificate chain %1: %2"_qs.arg(files.certificateChain, QString::fromStdString(ec.message()));
        return false;
    }
    ctx.use_private_key_file(files.privateKey.toStdString(), ssl::context::pem, ec);
    if (ec) {
        *error = u"cannot read the private key %1: %2"_qs.arg(files.privateKey, QString::fromStdString(ec.message()));
        return false;
    }
    if (SSL_CTX_check_private_key(ctx.native_handle()) != 1) {
        *error = u"the private key %1 does not belong to the certificate %2"_qs.arg(files.privateKey, files.certificateChain);
        return false;
    }
    d->tls.emplace(std::move(ctx));
    return true;
}

quint16 HttpServer::listen(const QString &host, quint16 port, QString *error)
{
    beast::error_code ec;
    const auto address = net::ip::make_address(host.toStdString(), ec);
    if (ec) {
        *error = u"not an address: %1"_qs.arg(host);
        return 0;
    }
    tcp::acceptor acceptor(d->ioc);
    const tcp::endpoint endpoint(address, port);
    acceptor.open(endpoint.protocol(), ec);
    if (!ec)
        acceptor.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec)
        acceptor.bind(endpoint, ec);
    if (!ec)
        acceptor.listen(net::socket_base::max_listen_connections, ec);
    if (ec) {
        *error = QString::fromStdString(ec.message());
        return 0;
    }
    const quint16 bound = acceptor.local_endpoint().port();
    d->acceptor.emplace(std::move(acceptor));
    return bound;
}

void HttpServer::run(int ioThreads)
{
    net::signal_set signals(d->ioc, SIGINT, SIGTERM);
    signals.async_wait([this](beast::error_code, int) { d->ioc.stop(); });
    d->accept();
    std::vector<std::thread> threads;
    for (int i = 1; i < ioThreads; ++i)
        threads.emplace_back([this] { d->ioc.run(); });
    d->ioc.run();
    for (std::thread &t : threads)
        t.join();
    qCInfo(lcTransport) << "stopped";
}

} // namespace hearth::server
