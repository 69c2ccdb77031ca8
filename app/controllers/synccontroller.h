// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Sync from the app, one service for the whole app: made once in main.cpp and offered to QML as
// the singleton `Sync` (qmlsingletons.h), so the sync strip and Settings show the same rounds
// and there is one timer and one network hook. Enrol once (Settings), then sync on demand, when the
// network comes back (QNetworkInformation) and every 15 minutes while unlocked; one round at a
// time (the core's round lock also keeps hearthctl out meanwhile); a round that
// failed on the network is tried again after a jittered, doubling wait (1 min up to 15).
// Each round runs on a worker thread with its own database connection and reports progress in
// records and bytes; pages refresh when it ends. Refused changes come back with the server's
// reasons, same-field conflicts of the scope with both values; a revoked device locks the
// session.

#include "pagecontroller.h"

#include "core/platform/backgroundwork.h"

#include <QFutureWatcher>
#include <QPointer>
#include <QHash>
#include <QSet>
#include <QTimer>
#include <QVariantList>

namespace hearth::platform {
class Connectivity;
}

namespace hearth::media {
class MediaStore;
}

namespace hearth::app {

class SyncController : public PageController
{
    Q_OBJECT
    QML_NAMED_ELEMENT(SyncService)
    QML_UNCREATABLE("one sync service for the app: use the Sync singleton")
    Q_PROPERTY(bool enrolled READ enrolled NOTIFY changed)
    Q_PROPERTY(QString server READ server NOTIFY changed)
    Q_PROPERTY(bool busy READ busy NOTIFY changed)
    Q_PROPERTY(QString lastResult READ lastResult NOTIFY changed)
    Q_PROPERTY(QVariantList rejected READ rejected NOTIFY changed) // {entity, reason}
    Q_PROPERTY(QString progress READ progress NOTIFY progressChanged)
    // {id, record, field, kept, lost}: same-field edits where another device's value was kept
    Q_PROPERTY(QVariantList conflicts READ conflicts NOTIFY changed)
    // {entity, reason}: changes from the server this version could not apply, kept aside
    Q_PROPERTY(QVariantList setAside READ setAside NOTIFY changed)
    // Bumped whenever photos arrived (fetched, or ahead in a round). An image binds its source
    // to revisionOf(hash) and this, so only the photos that arrived load again.
    Q_PROPERTY(int photoRevision READ photoRevision NOTIFY photosChanged)
    // The server asked the last enrolment for its user's second-factor code (supervisors and
    // administrators): the enrolment form shows the code field.
    Q_PROPERTY(bool codeWanted READ codeWanted NOTIFY changed)

public:
    explicit SyncController(QObject *parent = nullptr);
    ~SyncController() override;

    bool enrolled() const { return !m_server.isEmpty(); }
    QString server() const { return m_server; }
    bool busy() const { return m_watcher.isRunning(); }
    QString lastResult() const { return m_lastResult; }
    QVariantList rejected() const { return m_rejected; }
    QString progress() const { return m_progress; }
    QVariantList conflicts() const { return m_conflicts; }
    QVariantList setAside() const { return m_setAside; }
    int photoRevision() const { return m_photoRevision; }
    bool codeWanted() const { return m_codeWanted; }

    static constexpr int kPeriodMs = 15 * 60 * 1000;

    void refresh() override;
    // `code`: the authenticator app's code, for the roles that need one (see codeWanted).
    Q_INVOKABLE void enrol(const QString &serverUrl, const QString &user, const QString &password,
                           const QString &code = {});
    Q_INVOKABLE void syncNow();
    Q_INVOKABLE void markConflictReviewed(qint64 id);
    // Photos of records here that this device lacks, from the server, beside any round (a
    // person's history opened, a photo tapped). Each is asked for once per session unless
    // `again` (the user tapped it); photosChanged when some arrived.
    Q_INVOKABLE void fetchPhotos(const QStringList &hashes, bool again = false);
    // The revision at which `hash` last arrived here (0: it was here before, or never came).
    Q_INVOKABLE int revisionOf(const QString &hash) const { return m_arrivedAt.value(hash); }
    // A masked conflict (an ID number, a phone) in full: for roles that may reveal, with a
    // reason, audited like a person's reveal. False (with the reason shown) when refused.
    Q_INVOKABLE bool revealConflict(qint64 id, const QString &reason);

    // Syncs when reception comes back (the platform's connectivity seam; may be null).
    void setConnectivity(platform::Connectivity *connectivity);
    // The platform's background job calls this on its own thread (platform::registerRound): one
    // round on the UI thread, or the one already running, waited for. Locked without an unlocked,
    // enrolled store; Retry when the round failed, was cancelled or took too long.
    platform::RoundOutcome backgroundRound(const std::atomic_bool &cancelled);

Q_SIGNALS:
    void changed();
    void progressChanged();
    void finished(bool ok);
    void photosChanged();

private:
    struct Outcome;
    void start(std::function<Outcome(storage::Database &, media::MediaStore &)> work);

    QString m_server;
    QString m_lastResult;
    QVariantList m_rejected;
    QVariantList m_conflicts;
    QVariantList m_setAside;
    QString m_progress;
    QFutureWatcher<void> m_watcher;
    QFutureWatcher<QStringList> m_photoWatcher; // the photos fetched
    QSet<QString> m_photosAsked, m_photosPending;
    QHash<QString, int> m_arrivedAt; // hash → the revision it arrived at
    void photosArrived(const QStringList &hashes);
    int m_photoRevision = 0;
    QPointer<platform::Connectivity> m_connectivity; // the platform's; gone with it
    QTimer m_period;
    QTimer m_retry; // after a network failure
    int m_failures = 0;
    bool m_codeWanted = false;
};

} // namespace hearth::app
