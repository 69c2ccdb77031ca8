// SPDX-License-Identifier: GPL-3.0-or-later
// Two device stores syncing through the real hearth-server (private PostgreSQL on loopback),
// driven by the real hearthctl: what one records reaches the other; the same field edited on
// both while offline converges on both, and the value that lost is kept as a conflict; a
// second sync changes nothing; a device outside the village receives none of it.
#include "controllers/mediaimageprovider.h"
#include "controllers/peoplesearchmodel.h"
#include "controllers/personcontroller.h"
#include "controllers/labels.h"
#include "core/domain/personrepository.h"
#include "core/domain/profile.h"
#include "controllers/synccontroller.h"
#include "core/platform/connectivity.h"
#include "core/crypto/kdf.h"
#include "platforms/common/pinkeystore.h"
#include "server/pg.h"
#include "serverfixture.h"
#include "support/faultproxy.h"
#include "support/noisejpeg.h"
#include "support/testsupport.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QElapsedTimer>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QUrl>
#include <QTest>

#include <future>

using namespace hearth::test;

namespace {

struct Run
{
    int code = -1;
    QByteArray out, err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};

Run hearthctl(const QString &store, const QStringList &args, const QByteArray &password = {})
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"HEARTH_PIN"_qs, u"258013"_qs);
    if (!password.isEmpty())
        env.insert(u"HEARTH_PASSWORD"_qs, QString::fromUtf8(password));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(HEARTHCTL_PATH), QStringList{u"--store"_qs, store} + args);
    p.closeWriteChannel();
    p.waitForFinished(120000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(), p.readAllStandardError()};
}

// The people table as the export shows it, without the local bookkeeping columns.
QJsonArray people(const QString &store)
{
    const QJsonObject all = hearthctl(store, {u"export"_qs, u"--json"_qs}).json();
    QJsonArray out;
    for (const QJsonValue &row : all[u"people"].toArray()) {
        QJsonObject o = row.toObject();
        for (const char *local : {"created_at", "updated_at"})
            o.remove(QLatin1String(local));
        out.append(o);
    }
    return out;
}

} // namespace

class TestSync : public QObject
{
    Q_OBJECT

    ServerFixture m_server;
    QTemporaryDir m_dir;
    QString m_a, m_b, m_other;

    QStringList enrollArgs(const QString &user) const
    {
        QStringList args{u"enroll"_qs, u"--server"_qs, m_server.baseUrl(), u"--user"_qs, user};
        if (!m_server.caPath().isEmpty()) // run over TLS: the test CA
            args << u"--ca"_qs << m_server.caPath();
        return args;
    }

    QString newStore(const char *name, const char *user, const char *password)
    {
        const QString store = m_dir.filePath(QLatin1String(name));
        if (hearthctl(store, {u"init"_qs}).code != 0 ||
            hearthctl(store, {u"areas"_qs, u"import"_qs, testAreasDir()}).code != 0)
            return {};
        const Run r = hearthctl(store, enrollArgs(QLatin1String(user)) << u"--json"_qs, password);
        if (r.code != 0)
            qWarning() << "enrol failed:" << r.err;
        return r.code == 0 && !r.json()[u"device_id"].toString().isEmpty() ? store : QString();
    }

    // A new app store in `dir`, first run done, as a cadre `name` of `village`; null when a
    // step failed.
    std::unique_ptr<hearth::app::SessionController> cadreSession(const QTemporaryDir &dir, const QString &name, const QString &village)
    {
        auto session = std::make_unique<hearth::app::SessionController>(
            dir.filePath(u"store"_qs), std::make_unique<hearth::platform::PinKeyStore>(hearth::crypto::KdfParams::minimal()), u"zh_CN"_qs);
        session->createStore(u"258013"_qs, u"258013"_qs);
        if (!QTest::qWaitFor([&] { return !session->busy(); }, 20000))
            return {};
        session->acknowledgeRecoveryCode();
        if (!importTestAreas(session->store()->database())
            || !hearth::domain::saveProfile(session->store()->database(), {u"cadre"_qs, name, village, {}, 50}))
            return {};
        session->reloadProfile();
        return session;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_server.start());
        for (const auto &[user, scope] : {std::pair{"wang", "510321100027"}, {"li", "510321100027"}, {"zhao", "510321126201"}})
            QCOMPARE(m_server.admin({u"admin"_qs, u"user"_qs, u"add"_qs, QLatin1String(user), u"--role"_qs, u"cadre"_qs,
                                     u"--scope"_qs, QLatin1String(scope)}, "pass-" + QByteArray(user) + "-123"), 0);
        m_a = newStore("a", "wang", "pass-wang-123");
        m_b = newStore("b", "li", "pass-li-123");
        m_other = newStore("other", "zhao", "pass-zhao-123");
        QVERIFY(!m_a.isEmpty() && !m_b.isEmpty() && !m_other.isEmpty());
        const Run wrong = hearthctl(m_dir.filePath(u"a"_qs), enrollArgs(u"wang"_qs), "not-the-password");
        QCOMPARE(wrong.code, 1);
        QVERIFY(wrong.err.contains("密码"));
    }

    void whatOneRecordsReachesTheOther()
    {
        const Run added = hearthctl(m_a, {u"person"_qs, u"add"_qs, u"--name"_qs, u"李明"_qs, u"--area"_qs, testVillage(),
                                          u"--id-number"_qs, u"11010519491231002X"_qs, u"--tag"_qs, u"困难"_qs, u"--json"_qs});
        QCOMPARE(added.code, 0);
        const QString id = added.json()[u"id"].toString();
        QCOMPARE(hearthctl(m_a, {u"visit"_qs, u"add"_qs, u"--person"_qs, id, u"--kind"_qs, u"home"_qs,
                                 u"--need"_qs, u"wage_arrears:欠薪 8000 元"_qs, u"--cash-fen"_qs, u"50000"_qs}).code, 0);
        const Run a = hearthctl(m_a, {u"sync"_qs, u"--json"_qs});
        QCOMPARE(a.code, 0);
        QCOMPARE(a.json()[u"pushed"].toInt(), 2);
        const Run b = hearthctl(m_b, {u"sync"_qs, u"--json"_qs});
        QCOMPARE(b.code, 0);
        QCOMPARE(b.json()[u"pulled"].toInt(), 2);
        QCOMPARE(people(m_a).size(), 1);
        QCOMPARE(people(m_b), people(m_a));
        const QJsonArray visits = hearthctl(m_b, {u"visit"_qs, u"list"_qs, u"--json"_qs}).json()[u"visits"].toArray();
        QCOMPARE(visits.size(), 1);
        QCOMPARE(visits[0][u"cash_fen"].toInt(), 50000);
        QCOMPARE(visits[0][u"needs"].toArray()[0][u"text"].toString(), u"欠薪 8000 元"_qs);
        // Nothing waits any more, and a second round moves nothing.
        QCOMPARE(hearthctl(m_a, {u"sync"_qs, u"--json"_qs}).json()[u"pushed"].toInt(), 0);
        // The device of another village received none of it.
        QCOMPARE(hearthctl(m_other, {u"sync"_qs, u"--json"_qs}).json()[u"pulled"].toInt(), 0);
        QVERIFY(people(m_other).isEmpty());
    }

    void sameFieldEditedOnBothConverges()
    {
        const QString id = people(m_a).first().toObject()[u"id"].toString();
        const Run edited = hearthctl(m_a, {u"person"_qs, u"edit"_qs, id, u"--phone"_qs, u"13500001111"_qs});
        QVERIFY2(edited.code == 0, edited.err.constData());
        QTest::qWait(5); // B's edit is the later one
        QCOMPARE(hearthctl(m_b, {u"person"_qs, u"edit"_qs, id, u"--phone"_qs, u"13900002222"_qs}).code, 0);
        QCOMPARE(hearthctl(m_b, {u"person"_qs, u"edit"_qs, id, u"--employer"_qs, u"某电子厂"_qs}).code, 0);
        for (const QString &store : {m_a, m_b, m_a, m_b})
            QCOMPARE(hearthctl(store, {u"sync"_qs}).code, 0);
        const QJsonArray a = people(m_a), b = people(m_b);
        QCOMPARE(a, b);
        QCOMPARE(a.first()[u"phone"].toString(), u"13900002222"_qs); // the later edit
        QCOMPARE(a.first()[u"employer"].toString(), u"某电子厂"_qs);   // another field merges
        QByteArray conflicts;
        QCOMPARE(m_server.admin({u"admin"_qs, u"conflicts"_qs}, {}, &conflicts), 0);
        QVERIFY2(conflicts.contains("13500001111"), conflicts.constData()); // the loser is kept
        // A supervisor resolves it; it leaves the open list.
        const QString conflictId = QString::fromLatin1(conflicts.trimmed().split('\n').last().split('\t').first());
        QCOMPARE(m_server.admin({u"admin"_qs, u"conflicts"_qs, u"resolve"_qs, conflictId}), 0);
        QCOMPARE(m_server.admin({u"admin"_qs, u"conflicts"_qs, u"resolve"_qs, conflictId}), 1);
        QByteArray open;
        QCOMPARE(m_server.admin({u"admin"_qs, u"conflicts"_qs}, {}, &open), 0);
        QVERIFY(!open.contains("13500001111"));
    }

    void theAppEnrolsSyncsAndLocksWhenRevoked()
    {
        using namespace hearth;
        QTemporaryDir dir;
        auto owned = cadreSession(dir, u"李干部"_qs, u"510321100027"_qs);
        QVERIFY(owned);
        app::SessionController &session = *owned;
        app::SyncController sync;
        sync.setSession(&session);
        QVERIFY(!sync.enrolled());
        {
            // Not enrolled: the background job has nothing to do.
            std::atomic_bool cancelled = false;
            auto job = std::async(std::launch::async, [&] { return sync.backgroundRound(cancelled); });
            QTRY_VERIFY_WITH_TIMEOUT(job.wait_for(std::chrono::seconds(0)) == std::future_status::ready, 5000);
            QCOMPARE(job.get(), platform::RoundOutcome::Locked);
        }
        QSignalSpy finished(&sync, &app::SyncController::finished);
        sync.enrol(m_server.baseUrl(), u"li"_qs, u"wrong-password"_qs);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
        QVERIFY(!finished.takeFirst().at(0).toBool());
        QVERIFY(sync.errorString().contains(u"密码"));
        sync.enrol(m_server.baseUrl(), u"li"_qs, u"pass-li-123"_qs);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
        QVERIFY(finished.takeFirst().at(0).toBool());
        QVERIFY(sync.enrolled());
        // A sync brings the village's people; the registry shows them without a reopen.
        app::PeopleSearchModel people;
        people.setSession(&session);
        QCOMPARE(people.rowCount(), 0);
        sync.syncNow();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
        QVERIFY(finished.takeFirst().at(0).toBool());
        QCOMPARE(people.rowCount(), 1);
        QVERIFY(!sync.lastResult().isEmpty());
        // The phone's background job runs the same round from its own thread and waits for it.
        {
            std::atomic_bool cancelled = false;
            auto job = std::async(std::launch::async, [&] { return sync.backgroundRound(cancelled); });
            QTRY_VERIFY_WITH_TIMEOUT(job.wait_for(std::chrono::seconds(0)) == std::future_status::ready, 20000);
            QCOMPARE(job.get(), platform::RoundOutcome::Done);
            QCOMPARE(finished.count(), 1);
            finished.clear();
        }
        // Reception comes back (the platform's connectivity seam): a round starts by itself;
        // going offline starts nothing.
        {
            struct Switch final : platform::Connectivity
            {
                Link now = Link::Offline;
                Link link() const override { return now; }
                bool metered() const override { return true; }
            } network;
            sync.setConnectivity(&network);
            Q_EMIT network.changed();
            QTest::qWait(100);
            QCOMPARE(finished.count(), 0);
            network.now = platform::Connectivity::Link::Online;
            Q_EMIT network.changed();
            QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
            QVERIFY(finished.takeFirst().at(0).toBool());
        }
        // The phone number edited on two devices earlier: this device shows the conflict with
        // both values, and hides it once seen.
        QCOMPARE(sync.conflicts().size(), 1);
        const QVariantMap conflict = sync.conflicts().first().toMap();
        QCOMPARE(conflict[u"record"_qs].toString(), u"李明"_qs);
        QCOMPARE(conflict[u"field"_qs].toString(), app::fieldLabel(u"phone"_qs));
        // Masked like every phone (issue 12: Settings showed them in full, outside the audit).
        QCOMPARE(conflict[u"kept"_qs].toString(), u"139****2222"_qs);
        QCOMPARE(conflict[u"lost"_qs].toString(), u"135****1111"_qs);
        QVERIFY(conflict[u"masked"_qs].toBool());
        // In full only with a reason, and the reveal is in the audit log.
        QVERIFY(!sync.revealConflict(conflict[u"id"_qs].toLongLong(), {}));
        QVERIFY(sync.revealConflict(conflict[u"id"_qs].toLongLong(), u"核对号码"_qs));
        const QVariantMap full = sync.conflicts().first().toMap();
        QCOMPARE(full[u"kept"_qs].toString(), u"13900002222"_qs);
        QCOMPARE(full[u"lost"_qs].toString(), u"13500001111"_qs);
        QCOMPARE(session.store()->database().queryInt("SELECT count(*) FROM audit_log WHERE action = 'reveal_conflict'").value_or(0), 1);
        sync.markConflictReviewed(conflict[u"id"_qs].toLongLong());
        QVERIFY(sync.conflicts().isEmpty());
        // A person of another village: the server refuses it; Settings lists it with the reason,
        // also after the page is opened again.
        domain::Person outsider;
        outsider.name = u"外村"_qs;
        outsider.areaCode = u"510321126201"_qs;
        QVERIFY(domain::PersonRepository(session.store()->database()).add(outsider).ok());
        sync.syncNow();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
        QVERIFY(finished.takeFirst().at(0).toBool());
        QCOMPARE(sync.rejected().size(), 1);
        QVERIFY(sync.rejected().first().toMap()[u"reason"_qs].toString().contains(u"范围"));
        app::SyncController reopened;
        reopened.setSession(&session);
        QCOMPARE(reopened.rejected().size(), 1);
        // Revoked on the server: the next round locks the app.
        QByteArray devices;
        QCOMPARE(m_server.admin({u"admin"_qs, u"devices"_qs}, {}, &devices), 0);
        const QByteArray last = devices.trimmed().split('\n').last().split('\t').first();
        QCOMPARE(m_server.admin({u"admin"_qs, u"revoke"_qs, QString::fromLatin1(last)}), 0);
        sync.syncNow();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
        QVERIFY(!finished.takeFirst().at(0).toBool());
        QCOMPARE(session.state(), app::SessionController::State::Locked);
        QVERIFY(session.revoked());
        // The unlock page offers to erase the device: nothing of the store is left.
        session.wipe();
        QCOMPARE(session.state(), app::SessionController::State::NeedsSetup);
        QVERIFY(!QFile::exists(dir.filePath(u"store/hearth.db"_qs)));
        QVERIFY(!session.revoked());
    }

    void killedMidSyncAndADatabaseRestartLoseNothing()
    {
        QCOMPARE(m_server.admin({u"admin"_qs, u"user"_qs, u"add"_qs, u"county"_qs, u"--role"_qs, u"cadre"_qs,
                                 u"--scope"_qs, u"510321"_qs}, "pass-county-123"), 0);
        const QString c = newStore("c", "county", "pass-county-123");
        const QString d = newStore("d", "county", "pass-county-123");
        QVERIFY(!c.isEmpty() && !d.isEmpty());
        QCOMPARE(hearthctl(c, {u"demo"_qs, u"--county"_qs, u"510321"_qs, u"--households"_qs, u"400"_qs, u"--seed"_qs, u"3"_qs}).code, 0);
        // Kill the device's sync with SIGKILL at different moments, several times over.
        int killed = 0;
        for (int delayMs : {150, 300, 450, 600, 900}) {
            QProcess p;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(u"HEARTH_PIN"_qs, u"258013"_qs);
            p.setProcessEnvironment(env);
            p.start(QStringLiteral(HEARTHCTL_PATH), {u"--store"_qs, c, u"sync"_qs});
            QVERIFY(p.waitForStarted());
            if (!p.waitForFinished(delayMs)) {
                p.kill();
                p.waitForFinished();
                ++killed;
            }
        }
        QVERIFY2(killed > 0, "no sync was still running when killed: the test proves nothing");
        // And the database goes down and up under the server.
        QVERIFY(m_server.restartDatabase());
        Run last;
        for (int attempt = 0; attempt < 5; ++attempt) { // the first request after the restart may fail
            last = hearthctl(c, {u"sync"_qs, u"--json"_qs});
            if (last.code == 0)
                break;
        }
        QCOMPARE(last.code, 0);
        QCOMPARE(hearthctl(d, {u"sync"_qs}).code, 0);
        // Everything arrived once: the other device holds exactly what this one has.
        const QJsonArray fromC = people(c), fromD = people(d);
        QVERIFY(fromC.size() > 400);
        QCOMPARE(fromD, fromC);
        const QJsonObject all = hearthctl(d, {u"export"_qs, u"--json"_qs}).json();
        QCOMPARE(all[u"visits"].toArray().size(), hearthctl(c, {u"export"_qs, u"--json"_qs}).json()[u"visits"].toArray().size());
        QCOMPARE(hearthctl(c, {u"sync"_qs, u"--json"_qs}).json()[u"pushed"].toInt(), 0); // nothing left, nothing twice
    }

    // kill -9 of hearthctl while it uploads a photo over a slow link, at several moments; then
    // a round without interruption: the server holds the photo whole, every byte once.
    void killedMidPhotoUploadResumes()
    {
        QTemporaryDir files;
        const QString photoFile = files.filePath(u"noise.jpg"_qs);
        {
            QFile f(photoFile);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(hearth::test::noiseJpeg(3 * 1024 * 1024, 21)); // about 1 MB once the device scales it
        }
        const QString store = newStore("photo", "wang", "pass-wang-123");
        QVERIFY(!store.isEmpty());
        const Run added = hearthctl(store, {u"person"_qs, u"add"_qs, u"--name"_qs, u"拍照"_qs, u"--area"_qs, testVillage(),
                                            u"--json"_qs});
        QCOMPARE(added.code, 0);
        QCOMPARE(hearthctl(store, {u"visit"_qs, u"add"_qs, u"--person"_qs, added.json()[u"id"].toString(), u"--kind"_qs,
                                   u"home"_qs, u"--photo"_qs, photoFile}).code, 0);
        FaultProxy slow(quint16(QUrl(m_server.baseUrl()).port()));
        slow.setPlan([](int) { return FaultPlan{FaultPlan::Fault::None, 0, 60}; });
        auto pg = hearth::server::Pg::connect(m_server.databaseUrl());
        QVERIFY(pg);
        int killed = 0, midUpload = 0;
        // Each round is killed the moment the server holds part of a photo (watched, not timed:
        // a loaded machine may take seconds to reach the upload), until two kills landed mid-photo.
        const auto partial = [&pg] {
            auto r = pg->exec("SELECT count(*) FROM photos WHERE received > 0 AND received < size");
            return r && r->integer(0, 0) > 0;
        };
        for (int round = 0; round < 10 && midUpload < 2; ++round) {
            QProcess p;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(u"HEARTH_PIN"_qs, u"258013"_qs);
            p.setProcessEnvironment(env);
            // This round goes through the slow proxy (`--via`: same server, another address).
            p.start(QStringLiteral(HEARTHCTL_PATH), {u"--store"_qs, store, u"sync"_qs, u"--via"_qs, slow.baseUrl(QUrl(m_server.baseUrl()).scheme())});
            QVERIFY(p.waitForStarted());
            QElapsedTimer waited;
            waited.start();
            while (!p.waitForFinished(5) && !partial() && waited.elapsed() < 60000) {
            }
            if (p.state() == QProcess::NotRunning)
                break; // the round finished: nothing was left to cut
            p.kill();
            p.waitForFinished();
            ++killed;
            midUpload += partial() ? 1 : 0;
        }
        qInfo("%d runs killed, %d of them in the middle of a photo", killed, midUpload);
        QVERIFY2(midUpload > 0, "no kill landed in the middle of an upload: the test proves nothing");
        const Run last = hearthctl(store, {u"sync"_qs, u"--json"_qs});
        QCOMPARE(last.code, 0);
        auto photos = pg->exec("SELECT hash, size, complete FROM photos"
                               " WHERE hash IN (SELECT hash FROM photo_refs WHERE scope = $1)",
                               {testVillage()});
        QVERIFY(photos);
        QVERIFY(photos->rows() >= 2); // the photo and its thumbnail
        for (int i = 0; i < photos->rows(); ++i) {
            const QString hash = photos->text(i, 0);
            QCOMPARE(photos->text(i, 2), u"t"_qs);
            // Every byte once, in the store's file named by its SHA-256; no piece left over.
            QFile file(m_server.photosDir() + u'/' + hash.left(2) + u'/' + hash + u".jpg"_qs);
            QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
            const QByteArray bytes = file.readAll();
            QCOMPARE(bytes.size(), photos->integer(i, 1));
            QCOMPARE(QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex()), hash);
            QVERIFY(!QDir(m_server.photosDir() + u"/uploads/"_qs + hash).exists());
        }
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM photo_chunks_v10"), 0); // no photo bytes in PostgreSQL
    }

    // A county supervisor's phone and laptop: the enrolment asks for the authenticator's code
    // (the app shows the field when the server asks), hearthctl takes it with --code.
    void aSupervisorEnrolsWithTheirCode()
    {
        using namespace hearth;
        const QByteArray password = "pass-zhou-123";
        QCOMPARE(m_server.admin({u"admin"_qs, u"user"_qs, u"add"_qs, u"zhou"_qs, u"--role"_qs, u"supervisor"_qs,
                                 u"--scope"_qs, u"510321"_qs}, password),
                 0);
        const QString laptop = m_dir.filePath(u"laptop"_qs);
        QCOMPARE(hearthctl(laptop, {u"init"_qs}).code, 0);
        const Run unset = hearthctl(laptop, enrollArgs(u"zhou"_qs), password);
        QCOMPARE(unset.code, 1);
        QVERIFY2(unset.err.contains("管理台") && unset.err.contains("console"), unset.err.constData());

        QTemporaryDir dir;
        auto owned = cadreSession(dir, u"周主任"_qs, u"510321100027"_qs);
        QVERIFY(owned);
        app::SyncController sync;
        sync.setSession(owned.get());
        QSignalSpy finished(&sync, &app::SyncController::finished);
        QVERIFY(m_server.enrolSecondFactor(u"zhou"_qs, password));
        sync.enrol(m_server.baseUrl(), u"zhou"_qs, QString::fromLatin1(password));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
        QVERIFY(!finished.takeFirst().at(0).toBool());
        QVERIFY(sync.codeWanted() && !sync.enrolled());
        QVERIFY2(sync.errorString().contains(u"动态验证码"), qPrintable(sync.errorString()));
        const QString first = m_server.secondFactorCode(u"zhou"_qs, password);
        QVERIFY(!first.isEmpty());
        sync.enrol(m_server.baseUrl(), u"zhou"_qs, QString::fromLatin1(password), first);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
        QVERIFY(finished.takeFirst().at(0).toBool());
        QVERIFY(sync.enrolled() && !sync.codeWanted());

        // The same code again (a second device) is refused; the next one works.
        const Run replayed = hearthctl(laptop, enrollArgs(u"zhou"_qs) << u"--code"_qs << first, password);
        QCOMPARE(replayed.code, 1);
        QVERIFY2(replayed.err.contains("已用过") && replayed.err.contains("already used"), replayed.err.constData());
        const Run enrolled = hearthctl(laptop, enrollArgs(u"zhou"_qs) << u"--code"_qs << m_server.secondFactorCode(u"zhou"_qs, password),
                                       password);
        QVERIFY2(enrolled.code == 0, enrolled.err.constData());
    }

    void syncWithoutEnrolmentSaysSo()
    {
        const QString store = m_dir.filePath(u"lonely"_qs);
        QCOMPARE(hearthctl(store, {u"init"_qs}).code, 0);
        const Run r = hearthctl(store, {u"sync"_qs});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains("enroll"));
    }

    // A person's history opened in the app: the thumbnails of visits made on another device
    // come from the server (asked once by the page), the image provider shows them, and the
    // page no longer lists them as missing.
    void theAppFetchesPhotosTakenOnAnotherDevice()
    {
        using namespace hearth;
        const QString village = u"510321100035"_qs;
        for (const char *user : {"photo-a", "photo-b"})
            QCOMPARE(m_server.admin({u"admin"_qs, u"user"_qs, u"add"_qs, QLatin1String(user), u"--role"_qs, u"cadre"_qs,
                                     u"--scope"_qs, village}, "pass-photo-123"), 0);
        const QString taker = newStore("photo-a", "photo-a", "pass-photo-123");
        QVERIFY(!taker.isEmpty());
        const Run added = hearthctl(taker, {u"person"_qs, u"add"_qs, u"--name"_qs, u"照片人"_qs, u"--area"_qs, village});
        QCOMPARE(added.code, 0);
        const QString personId = QString::fromLatin1(added.out.trimmed());
        const QString jpegPath = m_dir.filePath(u"visit.jpg"_qs);
        {
            QFile f(jpegPath);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(test::noiseJpeg(150 * 1024, 77));
        }
        QCOMPARE(hearthctl(taker, {u"visit"_qs, u"add"_qs, u"--person"_qs, personId, u"--kind"_qs, u"home"_qs,
                                   u"--photo"_qs, jpegPath}).code, 0);
        QCOMPARE(hearthctl(taker, {u"sync"_qs, u"--json"_qs}).json()[u"photos_uploaded"].toInt(), 2);

        QTemporaryDir dir;
        auto owned = cadreSession(dir, u"孙干部"_qs, village);
        QVERIFY(owned);
        app::SessionController &session = *owned;
        app::SyncController sync;
        sync.setSession(&session);
        QSignalSpy finished(&sync, &app::SyncController::finished);
        sync.enrol(m_server.baseUrl(), u"photo-b"_qs, u"pass-photo-123"_qs);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
        sync.syncNow();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 20000);
        QVERIFY(finished.last().at(0).toBool());

        app::PersonController person;
        person.setSession(&session);
        person.setPersonId(personId);
        QCOMPARE(person.visits().size(), 1);
        const QStringList missing = person.missingThumbs();
        QCOMPARE(missing.size(), 1);
        QCOMPARE(person.visits().first().toMap().value(u"thumbs"_qs).toStringList(), missing);
        app::MediaImageProvider images(&session);
        QCOMPARE(images.requestImage(missing.first(), nullptr, {}).width(), 1); // "not here yet"
        QSignalSpy arrived(&sync, &app::SyncController::photosChanged);
        const int revision = sync.photoRevision();
        sync.fetchPhotos(missing);
        QTRY_COMPARE_WITH_TIMEOUT(arrived.count(), 1, 20000);
        QCOMPARE(sync.photoRevision(), revision + 1);
        QCOMPARE(sync.revisionOf(missing.first()), revision + 1); // only the arrived ones load again
        QCOMPARE(sync.revisionOf(u"not-fetched"_qs), 0);
        QVERIFY(images.requestImage(missing.first() + u"#1"_qs, nullptr, {}).width() > 1);
        person.refresh();
        QVERIFY(person.missingThumbs().isEmpty());
    }

    void cleanupTestCase() { m_server.stop(); }
    // Whatever the test did, every scope's maintained checksum still equals a recount.
    void cleanup() { QVERIFY(m_server.digestsHold()); }
};

QTEST_MAIN(TestSync)
#include "tst_sync.moc"
