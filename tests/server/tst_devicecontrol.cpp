// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 12 §4 and §5 with devices in this process and the real server: a wipe that first
// pushes what the device holds, the offline lease with an injected clock and an
// administrator's unlock code, what `admin devices` shows, and the device's audit chain
// arriving whole, or flagged where someone changed or removed an entry on the phone.
#include "core/domain/personrepository.h"
#include "core/protocol/lease.h"
#include "core/storage/database.h"
#include "core/sync/devicecontrol.h"
#include "serverfixture.h"
#include "support/testsupport.h"
#include "testdevice.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QJsonArray>
#include <QTest>

using namespace hearth;
using namespace hearth::test;

namespace {

constexpr char kPassword[] = "control-secret-1";
const QString kVillage = u"510321100027"_qs;
constexpr qint64 kDayMs = 24LL * 60 * 60 * 1000;

domain::Person worker(const QString &name)
{
    domain::Person p;
    p.name = name;
    p.areaCode = kVillage;
    p.phone = u"13800138000"_qs;
    return p;
}

bool exec(storage::Database &db, const char *sql)
{
    auto stmt = db.prepare(sql);
    return stmt && stmt->run().ok();
}

} // namespace

class TestDeviceControl : public QObject
{
    Q_OBJECT

    ServerFixture m_server;
    int m_users = 0;

    QString newUser()
    {
        const QString name = u"ctl%1"_qs.arg(++m_users);
        return m_server.addUser(name, u"cadre"_qs, kVillage, kPassword) ? name : QString();
    }

    QByteArray adminOut(const QStringList &args)
    {
        QByteArray out;
        m_server.admin(QStringList{u"admin"_qs} + args, {}, &out);
        return out;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_server.start()); }

    // `admin wipe`: at its next contact the device pushes what it has not sent, the server
    // records the wipe and revokes it, and the device's store is erased (key file first).
    void aWipePushesFirstThenErases()
    {
        const QString user = newUser();
        TestDevice phone;
        QVERIFY(phone.ok());
        HEARTH_VERIFY_OK(phone.enrol(m_server.baseUrl(), user, kPassword));
        QVERIFY(phone.syncVerified(m_server.baseUrl()));
        // Saved offline, never sent: it must reach the server before anything is destroyed.
        auto unsent = domain::PersonRepository(phone.db()).add(worker(u"最后一条"_qs));
        HEARTH_VERIFY_OK(unsent);
        const QString device = phone.meta("sync.device_id");
        QCOMPARE(m_server.admin({u"admin"_qs, u"wipe"_qs, device}), 0);
        QVERIFY(adminOut({u"devices"_qs}).contains("wipe asked"));
        // From now on the token reads nothing of the scope (a stolen one neither): pages come
        // empty with the order, the checksum and feeds are refused.
        const QByteArray token = phone.meta("sync.token").toLatin1();
        const HttpReply page = m_server.get(u"/v1/pull?after=0"_qs, token);
        QCOMPARE(page.json[u"changes"].toArray().size(), 0);
        QVERIFY(page.json[u"device"][u"wipe"].toBool());
        QCOMPARE(m_server.get(u"/v1/checksum"_qs, token).status, 403);
        QCOMPARE(m_server.get(u"/v1/conflicts"_qs, token).status, 403);
        auto round = phone.sync(m_server.baseUrl());
        HEARTH_VERIFY_OK(round);
        QVERIFY(round->wiped);
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM records WHERE entity = 'person' AND id = $1", {*unsent}), 1);
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM devices WHERE id = $1 AND wiped_at IS NOT NULL AND revoked_at IS NOT NULL",
                                   {device}),
                 1);
        QVERIFY(sync::wipePending(phone.db()));
        // What the app and hearthctl do next: erase. The key file goes first; nothing else stays.
        const QString dir = phone.store().directory();
        HEARTH_VERIFY_OK(storage::Store::erase(dir, u"wiped by the test"_qs));
        QVERIFY(!QFile::exists(dir + u"/hearth.key"_qs));
        QCOMPARE(QDir(dir).entryList(QDir::Files | QDir::NoDotAndDotDot), QStringList{QString::fromLatin1(storage::Store::kWipedNotice)});
        QVERIFY(adminOut({u"devices"_qs}).contains("wiped "));
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM audit WHERE action = 'device.wiped' AND subject = $1", {device}), 1);
    }

    // The offline lease: past the user's days without contact the device locks; a round that
    // reaches the server renews it; an administrator's code (computed by the server, checked by
    // the device without a network) opens it for three days.
    void theOfflineLeaseLocksAndUnlocks()
    {
        const QString user = newUser();
        QCOMPARE(m_server.admin({u"admin"_qs, u"user"_qs, u"lease"_qs, user, u"--days"_qs, u"5"_qs}), 0);
        QVERIFY(m_server.admin({u"admin"_qs, u"user"_qs, u"lease"_qs, user, u"--days"_qs, u"0"_qs}) != 0);
        TestDevice phone;
        HEARTH_VERIFY_OK(phone.enrol(m_server.baseUrl(), user, kPassword));
        HEARTH_VERIFY_OK(phone.sync(m_server.baseUrl()));
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QCOMPARE(sync::leaseState(phone.db(), now).leaseDays, 5);
        QVERIFY(!sync::leaseState(phone.db(), now + 4 * kDayMs).expired);
        QVERIFY(sync::leaseState(phone.db(), now + 6 * kDayMs).expired);
        // The server's code for today is the one the device derives from its own token.
        const QString device = phone.meta("sync.device_id");
        const QString fromServer = QString::fromLatin1(adminOut({u"unlock-code"_qs, device}).trimmed());
        const QByteArray key = QCryptographicHash::hash(phone.meta("sync.token").toLatin1(), QCryptographicHash::Sha256);
        QCOMPARE(fromServer, protocol::leaseUnlockCode(key, device, protocol::utcDayOf(now)));
        // Six days on, offline: a wrong code does nothing; that day's code opens it for three days.
        const qint64 later = now + 6 * kDayMs;
        QVERIFY(!sync::unlockLease(phone.db(), u"12345678"_qs, later));
        QVERIFY(sync::leaseState(phone.db(), later).expired);
        HEARTH_VERIFY_OK(sync::unlockLease(phone.db(), protocol::leaseUnlockCode(key, device, protocol::utcDayOf(later)), later));
        QVERIFY(!sync::leaseState(phone.db(), later + 2 * kDayMs).expired);
        QVERIFY(sync::leaseState(phone.db(), later + 4 * kDayMs).expired);
        // A code is bound to its device: another's does not open this one.
        TestDevice other;
        HEARTH_VERIFY_OK(other.enrol(m_server.baseUrl(), user, kPassword));
        const QString otherCode = QString::fromLatin1(adminOut({u"unlock-code"_qs, other.meta("sync.device_id")}).trimmed());
        QVERIFY(!sync::unlockLease(phone.db(), otherCode, now));
    }

    // After a round the server knows the device's version and what waits on it.
    void devicesShowWhatWaits()
    {
        const QString user = newUser();
        TestDevice phone;
        HEARTH_VERIFY_OK(phone.enrol(m_server.baseUrl(), user, kPassword));
        HEARTH_VERIFY_OK(phone.sync(m_server.baseUrl()));
        const QString device = phone.meta("sync.device_id");
        QCOMPARE(m_server.queryInt("SELECT waiting_records FROM devices WHERE id = $1", {device}), 0);
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM devices WHERE id = $1 AND app_version = $2", {device, sync::defaultBuildVersion()}), 1);
        QByteArray line;
        for (const QByteArray &l : adminOut({u"devices"_qs}).split('\n'))
            if (l.startsWith(device.toLatin1()))
                line = l;
        const QList<QByteArray> cells = line.split('\t');
        QCOMPARE(cells.size(), 10);
        QCOMPARE(cells[1], user.toLatin1());
        QCOMPARE(cells[5], QByteArray("0"));
        QVERIFY2(cells[7].startsWith("lease 30 days left") || cells[7].startsWith("lease 29 days left"), line.constData());
    }

    // Reveals are audited on the device, chained, and reach the server whole; an entry changed
    // or removed on the phone before it was sent shows as a broken link there.
    void theDeviceAuditChainArrivesAndTamperingShows()
    {
        const QString user = newUser();
        TestDevice phone;
        HEARTH_VERIFY_OK(phone.enrol(m_server.baseUrl(), user, kPassword));
        domain::PersonRepository people(phone.db());
        auto p = people.add(worker(u"查看的人"_qs));
        HEARTH_VERIFY_OK(p);
        HEARTH_VERIFY_OK(people.reveal(*p, u"王干部"_qs, u"核对电话"_qs));
        HEARTH_VERIFY_OK(people.reveal(*p, u"王干部"_qs, u"再次核对"_qs));
        HEARTH_VERIFY_OK(phone.sync(m_server.baseUrl()));
        const QString device = phone.meta("sync.device_id");
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM device_audit WHERE device_id = $1 AND action = 'reveal' AND NOT broken",
                                   {device}),
                 2);
        // Three more; the first is edited and the second removed, on the phone, before sending.
        for (const char *why : {"一", "二", "三"})
            HEARTH_VERIFY_OK(people.reveal(*p, u"王干部"_qs, QString::fromUtf8(why)));
        QVERIFY(exec(phone.db(), "UPDATE audit_log SET reason = '改过' WHERE reason = '一'"));
        QVERIFY(exec(phone.db(), "DELETE FROM audit_log WHERE reason = '二'"));
        HEARTH_VERIFY_OK(phone.sync(m_server.baseUrl()));
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM device_audit WHERE device_id = $1 AND broken", {device}), 2);
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM audit WHERE action = 'device_audit.broken' AND subject = $1", {device}), 2);
        // Sent again (an answer lost): nothing doubles; an entry rewritten since is flagged.
        QVERIFY(exec(phone.db(), "DELETE FROM store_meta WHERE key = 'sync.audit_pushed'"));
        HEARTH_VERIFY_OK(phone.sync(m_server.baseUrl()));
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM device_audit WHERE device_id = $1", {device}), 4);
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM audit WHERE action = 'device_audit.rewritten' AND subject = $1", {device}), 0);
        // A forged entry far ahead, to make the server skip what follows: flagged, and the
        // entries after it still arrive flagged rather than vanish.
        const QByteArray token = phone.meta("sync.token").toLatin1();
        const HttpReply forged = m_server.post(u"/v1/audit"_qs, {{u"entries"_qs, QJsonArray{QJsonObject{
            {u"seq"_qs, qint64(9'000'000'000'000'000'000)}, {u"at"_qs, 1}, {u"actor"_qs, u"x"_qs}, {u"action"_qs, u"reveal"_qs},
            {u"subject"_qs, u"y"_qs}, {u"reason"_qs, u"z"_qs}, {u"prev_hash"_qs, QString(64, u'0')}, {u"hash"_qs, QString(64, u'1')}}}}},
            token);
        QCOMPARE(forged.status, 200);
        QCOMPARE(forged.json[u"broken"].toInt(), 1);
    }

    // A store enrolled again is a new device to the server but keeps its audit chain: the new
    // device's first entry links to one sent under the old identity, and anchors the chain
    // there without a false alarm; what follows links as before.
    void aReEnrolledStoreContinuesItsAuditChain()
    {
        const QString user = newUser();
        TestDevice phone;
        HEARTH_VERIFY_OK(phone.enrol(m_server.baseUrl(), user, kPassword));
        domain::PersonRepository people(phone.db());
        auto p = people.add(worker(u"再登记"_qs));
        HEARTH_VERIFY_OK(p);
        HEARTH_VERIFY_OK(people.reveal(*p, u"王干部"_qs, u"第一次"_qs));
        HEARTH_VERIFY_OK(phone.sync(m_server.baseUrl()));
        const QString first = phone.meta("sync.device_id");
        HEARTH_VERIFY_OK(phone.enrol(m_server.baseUrl(), user, kPassword));
        const QString second = phone.meta("sync.device_id");
        QVERIFY(second != first);
        HEARTH_VERIFY_OK(people.reveal(*p, u"王干部"_qs, u"第二次"_qs));
        HEARTH_VERIFY_OK(people.reveal(*p, u"王干部"_qs, u"第三次"_qs));
        HEARTH_VERIFY_OK(phone.sync(m_server.baseUrl()));
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM device_audit WHERE device_id = $1 AND NOT broken", {first}), 1);
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM device_audit WHERE device_id = $1 AND NOT broken", {second}), 2);
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM device_audit WHERE broken AND device_id IN ($1, $2)", {first, second}), 0);
    }

    // The lease counts from the latest time the store has seen: setting the clock back buys
    // nothing; five wrong codes a day, then none is taken.
    void theLeaseResistsAClockSetBackAndGuessing()
    {
        const QString user = newUser();
        TestDevice phone;
        HEARTH_VERIFY_OK(phone.enrol(m_server.baseUrl(), user, kPassword));
        HEARTH_VERIFY_OK(phone.sync(m_server.baseUrl()));
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        HEARTH_VERIFY_OK(sync::noteTimeSeen(phone.db(), now + 40 * kDayMs)); // it once saw that day
        QVERIFY(sync::leaseState(phone.db(), now).expired);                  // the clock set back
        for (int i = 0; i < sync::kLeaseCodeTries; ++i)
            QCOMPARE(sync::unlockLease(phone.db(), u"0000000%1"_qs.arg(i), now).error().code(), ErrorCode::Unauthorized);
        const QByteArray key = QCryptographicHash::hash(phone.meta("sync.token").toLatin1(), QCryptographicHash::Sha256);
        const QString right = protocol::leaseUnlockCode(key, phone.meta("sync.device_id"), protocol::utcDayOf(now + 40 * kDayMs));
        QCOMPARE(sync::unlockLease(phone.db(), right, now).error().code(), ErrorCode::TooManyAttempts);
    }

    void cleanupTestCase() { m_server.stop(); }
    // Whatever the test did, every scope's maintained checksum still equals a recount.
    void cleanup() { QVERIFY(m_server.digestsHold()); }
};

QTEST_GUILESS_MAIN(TestDeviceControl)
#include "tst_devicecontrol.moc"
