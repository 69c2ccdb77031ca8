// SPDX-License-Identifier: GPL-3.0-or-later
#include "synccontroller.h"

#include "core/media/mediastore.h"
#include "core/platform/connectivity.h"
#include "core/protocol/entry.h"
#include "core/storage/database.h"
#include "core/sync/conflicts.h"
#include "core/sync/syncengine.h"

#include "labels.h"

#include <QDateTime>
#include <QLocale>
#include <QPointer>
#include <QSysInfo>
#include <QtConcurrent/QtConcurrentRun>

#include <future>

namespace hearth::app {

struct SyncController::Outcome
{
    std::optional<Error> error;
    sync::SyncReport report;
    bool enrolment = false;
};

namespace {

QString progressText(const sync::SyncProgress &p)
{
    const QLocale locale;
    const QString bytes = SyncController::tr("%1 up, %2 down")
                              .arg(locale.formattedDataSize(p.bytesUp), locale.formattedDataSize(p.bytesDown));
    switch (p.stage) {
    case sync::SyncProgress::Stage::Push:
        return SyncController::tr("Sending records %1 of %2 · %3").arg(p.recordsUp).arg(p.recordsToPush).arg(bytes);
    case sync::SyncProgress::Stage::Photos:
        return SyncController::tr("Sending photos %1 · %2").arg(locale.formattedDataSize(p.photoBytesUp), bytes);
    case sync::SyncProgress::Stage::Pull:
        return SyncController::tr("Receiving records: %1 · %2").arg(p.recordsDown).arg(bytes);
    case sync::SyncProgress::Stage::Conflicts:
        return SyncController::tr("Checking conflicts · %1").arg(bytes);
    case sync::SyncProgress::Stage::Verify:
        return SyncController::tr("Comparing with the server · %1").arg(bytes);
    }
    return bytes;
}

} // namespace

SyncController::SyncController(QObject *parent) : PageController(parent)
{
    m_period.setInterval(kPeriodMs);
    connect(&m_period, &QTimer::timeout, this, &SyncController::syncNow);
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &SyncController::syncNow);
}

void SyncController::setConnectivity(platform::Connectivity *connectivity)
{
    if (!connectivity)
        return;
    m_connectivity = connectivity;
    connect(connectivity, &platform::Connectivity::changed, this, [this, connectivity] {
        if (connectivity->link() == platform::Connectivity::Link::Online)
            syncNow(); // reception is back
    });
}

platform::RoundOutcome SyncController::backgroundRound(const std::atomic_bool &cancelled)
{
    using platform::RoundOutcome;
    auto promise = std::make_shared<std::promise<RoundOutcome>>();
    std::future<RoundOutcome> outcome = promise->get_future();
    // Queued to the UI thread, where rounds start; dropped if this controller is gone by then.
    QMetaObject::invokeMethod(this, [this, promise] {
        if (!store() || !enrolled()) {
            promise->set_value(RoundOutcome::Locked);
            return;
        }
        auto connection = std::make_shared<QMetaObject::Connection>();
        *connection = connect(this, &SyncController::finished, this, [promise, connection](bool ok) {
            QObject::disconnect(*connection);
            promise->set_value(ok ? RoundOutcome::Done : RoundOutcome::Retry);
        });
        if (!busy())
            syncNow(); // else the round already running is the one waited for
        if (!busy()) { // it could not start (the database would not open for writing)
            QObject::disconnect(*connection);
            promise->set_value(RoundOutcome::Retry);
        }
    }, Qt::QueuedConnection);
    // JobScheduler allows a job about ten minutes.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(9);
    while (outcome.wait_for(std::chrono::milliseconds(100)) != std::future_status::ready) {
        if (cancelled || std::chrono::steady_clock::now() > deadline)
            return RoundOutcome::Retry; // the round itself goes on in the app, and is safe to repeat
    }
    return outcome.get();
}

SyncController::~SyncController()
{
    m_watcher.waitForFinished();
    m_photoWatcher.waitForFinished();
}

void SyncController::refresh()
{
    storage::Store *s = store();
    m_server = s ? sync::enrolledServer(s->database()) : QString();
    if (s && enrolled())
        m_period.start();
    else
        m_period.stop();
    if (!s)
        m_retry.stop();
    m_conflicts.clear();
    m_rejected.clear();
    m_setAside.clear();
    if (s) {
        auto aside = sync::setAsideChanges(s->database());
        if (!aside)
            fail(aside.error());
        else
            for (const sync::SetAside &a : *aside)
                m_setAside.append(QVariantMap{{u"entity"_qs, a.entity}, {u"reason"_qs, a.reason}});
        // Refused changes stay listed (they are kept in the store) until the store goes.
        auto refused = sync::refusedChanges(s->database());
        if (!refused)
            fail(refused.error());
        else
            for (const sync::Rejection &rej : *refused)
                m_rejected.append(QVariantMap{{u"entity"_qs, rej.entity},
                                              {u"reason"_qs, english() ? rej.reasonEn : rej.reasonZh}});
        auto open = sync::openConflicts(s->database());
        if (!open)
            fail(open.error());
        else
            for (const sync::Conflict &c : *open)
                m_conflicts.append(QVariantMap{{u"id"_qs, c.id},
                                               {u"record"_qs, c.recordName},
                                               {u"field"_qs, fieldLabel(c.field)},
                                               {u"kept"_qs, c.kept},
                                               {u"lost"_qs, c.lost},
                                               {u"masked"_qs, c.masked}});
    }
    Q_EMIT changed();
}

void SyncController::start(std::function<Outcome(storage::Database &, media::MediaStore &)> work)
{
    storage::Store *s = store();
    if (!s || busy())
        return;
    auto connection = s->openWriter();
    if (!connection) {
        fail(connection.error());
        return;
    }
    clearError();
    auto db = std::make_shared<storage::Database>(std::move(connection).value());
    // The worker's own copy of the media key (in guarded memory): locking mid-round frees the
    // store, not this.
    auto mediaKey = std::make_shared<SecretBytes>(SecretBytes::copyOf(s->mediaKey().view()));
    const QString mediaDir = s->mediaDirectory();
    auto outcome = std::make_shared<Outcome>();
    m_watcher.disconnect(this);
    connect(&m_watcher, &QFutureWatcher<void>::finished, this, [this, outcome] {
        m_progress.clear();
        Q_EMIT progressChanged();
        if (outcome->enrolment)
            m_codeWanted = outcome->error && outcome->error->code() == ErrorCode::Unauthorized
                && outcome->error->detail() == QLatin1String(protocol::kSecondFactorRequired);
        if (outcome->error) {
            fail(*outcome->error);
            m_lastResult.clear();
            if (outcome->error->code() == ErrorCode::Network && !outcome->enrolment) {
                // No reception after all: try again after a growing, jittered wait.
                sync::Backoff b{0, 60 * 1000, kPeriodMs};
                m_retry.start(std::max(5000, b.delayBefore(2 + std::min(++m_failures, 10))));
            }
            if (outcome->error->code() == ErrorCode::Unauthorized && !outcome->enrolment && session()) {
                // Revoked: nothing more from this device until it enrols again; the unlock
                // page offers to wipe it.
                session()->setRevoked(true);
                session()->lock();
            }
        } else if (outcome->enrolment) {
            if (session())
                session()->setRevoked(false);
        } else if (outcome->report.wiped) {
            // The administrator's wipe: everything of ours reached the server; the store goes
            // (after a photo fetch under way, which writes into it).
            m_photoWatcher.waitForFinished();
            if (session())
                session()->finishRemoteWipe();
        } else {
            m_failures = 0;
            const auto &r = outcome->report;
            photosArrived(r.photosFetchedHashes);
            m_lastResult = tr("Sent %1, received %2, refused %3").arg(r.pushed).arg(r.pulled).arg(r.rejected.size());
            if (session()) {
                session()->notifyDataChanged(); // pages show what came down
                session()->reloadProfile();     // the role the server gives may have changed
                session()->recheckLease();      // a round that reached the server renews the lease
            }
        }
        Q_EMIT finished(!outcome->error);
        refresh();
    });
    m_watcher.setFuture(QtConcurrent::run([db, mediaKey, mediaDir, outcome, work = std::move(work)] {
        media::MediaStore media(mediaDir, *mediaKey);
        *outcome = work(*db, media);
    }));
    Q_EMIT changed();
}

void SyncController::enrol(const QString &serverUrl, const QString &user, const QString &password, const QString &code)
{
    const QString url = serverUrl.trimmed();
    const QByteArray secret = password.toUtf8();
    start([url, user, secret, code](storage::Database &db, media::MediaStore &) {
        Outcome o;
        o.enrolment = true;
        const sync::TlsTrust trust = sync::enrolmentTrust(db, url, {});
        sync::HttpTransport transport(url, 30000, trust);
        auto device = sync::enrol(db, transport, url, user.trimmed(), secret, QSysInfo::machineHostName(), trust.extraCa,
                                  code);
        if (!device)
            o.error = device.error();
        return o;
    });
}

void SyncController::syncNow()
{
    if (!enrolled())
        return;
    const QString url = m_server;
    QPointer<SyncController> self(this);
    // Photos ahead only on a link that costs nothing (Wi-Fi), and only where the user allows it.
    const bool unmetered = m_connectivity && m_connectivity->link() == platform::Connectivity::Link::Online
        && !m_connectivity->metered();
    start([url, self, unmetered](storage::Database &db, media::MediaStore &media) {
        Outcome o;
        sync::HttpTransport transport(url, 30000, sync::storedTrust(db));
        sync::SyncOptions options;
        options.unmeteredLink = unmetered;
        options.onProgress = [self](const sync::SyncProgress &p) {
            const QString text = progressText(p);
            QMetaObject::invokeMethod(self, [self, text] {
                if (self) {
                    self->m_progress = text;
                    Q_EMIT self->progressChanged();
                }
            });
        };
        auto report = sync::synchronise(db, transport, &media, options);
        if (!report)
            o.error = report.error();
        else
            o.report = *report;
        return o;
    });
}

void SyncController::fetchPhotos(const QStringList &hashes, bool again)
{
    storage::Store *s = store();
    if (!s || !enrolled())
        return;
    for (const QString &h : hashes)
        if (again || !m_photosAsked.contains(h)) {
            m_photosPending.insert(h);
            m_photosAsked.insert(h); // a photo the server lacks is not asked for on every refresh
        }
    if (m_photoWatcher.isRunning() || m_photosPending.isEmpty())
        return; // the next batch goes when this one ends
    auto connection = s->openWriter();
    if (!connection)
        return;
    auto db = std::make_shared<storage::Database>(std::move(connection).value());
    auto mediaKey = std::make_shared<SecretBytes>(SecretBytes::copyOf(s->mediaKey().view()));
    const QString mediaDir = s->mediaDirectory(), url = m_server;
    const QStringList batch(m_photosPending.begin(), m_photosPending.end());
    m_photosPending.clear();
    m_photoWatcher.disconnect(this);
    connect(&m_photoWatcher, &QFutureWatcher<QStringList>::finished, this, [this] {
        photosArrived(m_photoWatcher.result());
        fetchPhotos({}); // what was asked for meanwhile
    });
    m_photoWatcher.setFuture(QtConcurrent::run([db, mediaKey, mediaDir, url, batch] {
        media::MediaStore media(mediaDir, *mediaKey);
        sync::HttpTransport transport(url, 30000, sync::storedTrust(*db));
        auto report = sync::fetchPhotosNow(*db, transport, media, batch);
        // Offline, or the server lacks them: the page keeps its placeholders.
        return report ? report->fetchedHashes : QStringList();
    }));
}

void SyncController::photosArrived(const QStringList &hashes)
{
    if (hashes.isEmpty())
        return;
    ++m_photoRevision;
    for (const QString &h : hashes)
        m_arrivedAt.insert(h, m_photoRevision);
    Q_EMIT photosChanged();
}

bool SyncController::revealConflict(qint64 id, const QString &reason)
{
    storage::Store *s = store();
    if (!s || !session())
        return false;
    if (!session()->hasPower(u"reveal"_qs))
        return fail(Error::withReason(ErrorCode::Forbidden, u"您的身份不能查看完整号码"_qs,
                                      u"your role may not see full numbers"_qs));
    auto full = sync::revealConflict(s->database(), id, session()->userName(), reason, QDateTime::currentMSecsSinceEpoch());
    if (!full)
        return fail(full.error());
    for (QVariant &v : m_conflicts) {
        QVariantMap m = v.toMap();
        if (m.value(u"id"_qs).toLongLong() == id) {
            m[u"kept"_qs] = full->kept;
            m[u"lost"_qs] = full->lost;
            m[u"masked"_qs] = false;
            v = m;
        }
    }
    clearError();
    Q_EMIT changed();
    return true;
}

void SyncController::markConflictReviewed(qint64 id)
{
    storage::Store *s = store();
    if (!s)
        return;
    if (auto done = sync::markConflictReviewed(s->database(), id, QDateTime::currentMSecsSinceEpoch()); !done)
        fail(done.error());
    refresh();
}

} // namespace hearth::app
