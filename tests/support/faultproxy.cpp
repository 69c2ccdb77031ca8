// SPDX-License-Identifier: GPL-3.0-or-later
#include "faultproxy.h"

#include <QMutex>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace hearth::test {

class FaultProxy::Worker : public QObject
{
public:
    Worker(quint16 upstream, std::shared_ptr<std::atomic<qint64>> up, std::shared_ptr<std::atomic<int>> count)
        : m_upstream(upstream), m_up(std::move(up)), m_count(std::move(count))
    {
    }

    quint16 listen()
    {
        m_server = new QTcpServer(this);
        QObject::connect(m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *client = m_server->nextPendingConnection())
                accept(client);
        });
        m_server->listen(QHostAddress::LocalHost, 0);
        return m_server->serverPort();
    }

    void setPlan(std::function<FaultPlan(int)> plan)
    {
        QMutexLocker lock(&m_mutex);
        m_plan = std::move(plan);
    }

private:
    FaultPlan planFor(int index)
    {
        QMutexLocker lock(&m_mutex);
        return m_plan ? m_plan(index) : FaultPlan{};
    }

    // Writes `data` to `to` after the plan's delay (in order: each block waits behind the last).
    static void forward(const QPointer<QTcpSocket> &to, const QByteArray &data, int delayMs)
    {
        if (delayMs <= 0) {
            if (to)
                to->write(data);
            return;
        }
        QTimer::singleShot(delayMs, to, [to, data] {
            if (to)
                to->write(data);
        });
    }

    void accept(QTcpSocket *client)
    {
        const int index = m_count->fetch_add(1);
        const FaultPlan plan = planFor(index);
        if (plan.fault == FaultPlan::Fault::Drop) {
            client->abort();
            client->deleteLater();
            return;
        }
        QPointer<QTcpSocket> c(client);
        QPointer<QTcpSocket> server = new QTcpSocket(client);
        QPointer<QTcpSocket> shadow = plan.fault == FaultPlan::Fault::Duplicate ? new QTcpSocket(client) : nullptr;
        auto requestBytes = std::make_shared<qint64>(0), responseBytes = std::make_shared<qint64>(0);
        auto pending = std::make_shared<QByteArray>(); // what the client sent before we reached the server
        // Sends what waits once every upstream connection is up; the shadow (a duplicate) gets
        // the same bytes, its answers are read and dropped.
        auto flush = [=] {
            if (!server || server->state() != QAbstractSocket::ConnectedState || pending->isEmpty())
                return;
            if (shadow && shadow->state() != QAbstractSocket::ConnectedState)
                return;
            forward(server, *pending, plan.delayMs);
            if (shadow)
                shadow->write(*pending);
            pending->clear();
        };

        QObject::connect(client, &QTcpSocket::readyRead, client, [=, this] {
            QByteArray data = c->readAll();
            if (plan.fault == FaultPlan::Fault::CutRequest) {
                const qint64 room = plan.afterBytes - *requestBytes;
                if (room <= data.size()) { // the request breaks off here and never finishes
                    data.truncate(std::max<qint64>(room, 0));
                    *m_up += data.size();
                    *pending += data;
                    flush();
                    c->abort();
                    if (server)
                        server->disconnectFromHost();
                    return;
                }
            }
            *requestBytes += data.size();
            *m_up += data.size();
            *pending += data;
            flush();
        });
        QObject::connect(server, &QTcpSocket::connected, client, flush);
        if (shadow) {
            QObject::connect(shadow, &QTcpSocket::connected, client, flush);
            QObject::connect(shadow, &QTcpSocket::readyRead, client, [shadow] { shadow->readAll(); });
            shadow->connectToHost(QHostAddress::LocalHost, m_upstream);
        }
        QObject::connect(server, &QTcpSocket::readyRead, client, [=] {
            QByteArray data = server->readAll();
            const bool cut = plan.fault == FaultPlan::Fault::CutResponse || plan.fault == FaultPlan::Fault::ResetResponse;
            if (cut && *responseBytes + data.size() >= plan.afterBytes) {
                data.truncate(std::max<qint64>(plan.afterBytes - *responseBytes, 0));
                if (c) {
                    c->write(data);
                    c->flush();
                    if (plan.fault == FaultPlan::Fault::ResetResponse)
                        c->abort();
                    else
                        c->disconnectFromHost();
                }
                server->abort();
                return;
            }
            *responseBytes += data.size();
            forward(c, data, plan.delayMs);
        });
        auto closeBoth = [c, delay = plan.delayMs] {
            // After what is still on its (delayed) way to the client.
            QTimer::singleShot(delay + 1, c, [c] {
                if (c)
                    c->disconnectFromHost();
            });
        };
        QObject::connect(server, &QTcpSocket::disconnected, client, closeBoth);
        QObject::connect(server, &QTcpSocket::errorOccurred, client, closeBoth);
        QObject::connect(client, &QTcpSocket::disconnected, client, [c, server] {
            if (server)
                server->disconnectFromHost();
            c->deleteLater();
        });
        server->connectToHost(QHostAddress::LocalHost, m_upstream);
    }

    quint16 m_upstream;
    std::shared_ptr<std::atomic<qint64>> m_up;
    std::shared_ptr<std::atomic<int>> m_count;
    QTcpServer *m_server = nullptr;
    QMutex m_mutex;
    std::function<FaultPlan(int)> m_plan;
};

FaultProxy::FaultProxy(quint16 upstreamPort)
{
    m_worker = new Worker(upstreamPort, m_up, m_connections);
    m_worker->moveToThread(&m_thread);
    m_thread.start();
    QMetaObject::invokeMethod(m_worker, [this] { m_port = m_worker->listen(); }, Qt::BlockingQueuedConnection);
}

FaultProxy::~FaultProxy()
{
    QMetaObject::invokeMethod(m_worker, [this] { delete m_worker; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

QString FaultProxy::baseUrl(const QString &scheme) const { return u"%1://127.0.0.1:%2"_qs.arg(scheme).arg(m_port); }

void FaultProxy::setPlan(std::function<FaultPlan(int)> plan) { m_worker->setPlan(std::move(plan)); }

} // namespace hearth::test
