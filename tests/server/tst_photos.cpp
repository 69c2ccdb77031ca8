// SPDX-License-Identifier: GPL-3.0-or-later
// Photos at province scale (issue 15, §4), on real SQLCipher stores, the real server and a
// private PostgreSQL: photo bytes live in the server's content-addressed store on disk, never
// in PostgreSQL; any server process continues any upload; a damaged file is never served and
// is sent again by a device that holds it; devices fetch the photos of their scope's earlier
// visits when wanted, or ahead on an unmetered link where allowed, and keep them in an
// encrypted cache under a limit, least recently used going first, never one they took that
// the server does not hold.
#include "core/domain/personrepository.h"
#include "core/media/mediacache.h"
#include "core/sync/photofetch.h"
#include "server/pg.h"
#include "serverfixture.h"
#include "support/testsupport.h"
#include "testdevice.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace hearth;
using namespace hearth::test;

namespace {

const QByteArray kPassword = "pass-photo-123";
constexpr qint64 kPhotoBytes = 300 * 1024;

QString sha256(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

} // namespace

class TestPhotos : public QObject
{
    Q_OBJECT

    ServerFixture m_server;
    int m_users = 0;
    quint32 m_seed = 1500;

    QString newUser(const QString &scope)
    {
        const QString name = u"photo%1"_qs.arg(++m_users);
        return m_server.addUser(name, u"cadre"_qs, scope, kPassword) ? name : QString();
    }
    // Each device a new user of `village`, enrolled; false (with the reason) when one is not.
    bool enrolIn(const QString &village, std::initializer_list<TestDevice *> devices)
    {
        for (TestDevice *d : devices) {
            if (!d->ok())
                return false;
            if (auto enrolled = d->enrol(m_server.baseUrl(), newUser(village), kPassword); !enrolled) {
                qWarning() << enrolled.error().bilingual();
                return false;
            }
        }
        return true;
    }
    QString storedPath(const QString &hash) const
    {
        return m_server.photosDir() + u'/' + hash.left(2) + u'/' + hash + u".jpg"_qs;
    }
    // The bytes of the store's file for `hash` (empty when there is none).
    QByteArray stored(const QString &hash) const
    {
        QFile file(storedPath(hash));
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }
    // A round that pushes the records but sends no photo (no media store given to it).
    Result<sync::SyncReport> recordsOnly(TestDevice &d)
    {
        sync::HttpTransport transport(m_server.baseUrl(), 10000, sync::storedTrust(d.db()));
        return sync::synchronise(d.db(), transport, nullptr);
    }
    // A person of `village` on `d`, and `n` visits to them with a photo each; the photos' hashes.
    QStringList visitsWithPhotos(TestDevice &d, const QString &village, int n, QString *personId)
    {
        domain::Person p;
        p.name = u"照%1"_qs.arg(m_seed);
        p.areaCode = village;
        p.status = u"away"_qs;
        auto id = domain::PersonRepository(d.db()).add(p);
        if (!id)
            return {};
        *personId = *id;
        QStringList hashes;
        for (int i = 0; i < n; ++i) {
            const QByteArray jpeg = noiseJpeg(kPhotoBytes, ++m_seed);
            if (!d.addVisitWithPhoto(*id, jpeg))
                return {};
            QTest::qWait(2); // each visit at its own millisecond: "newest first" is one order
            hashes << sha256(jpeg);
        }
        return hashes;
    }
    sync::PhotoFetchReport fetch(TestDevice &d, const QStringList &hashes)
    {
        sync::HttpTransport transport(m_server.baseUrl(), 10000, sync::storedTrust(d.db()));
        auto r = sync::fetchPhotosNow(d.db(), transport, d.media(), hashes);
        if (!r)
            qWarning() << r.error().bilingual();
        return r.value_or(sync::PhotoFetchReport{-1});
    }
    QStringList thumbsOf(TestDevice &d, const QString &personId)
    {
        return sync::missingPhotosOfPerson(d.db(), d.media(), personId, false).value_or({});
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_server.start()); }

    // A's photos go to the store on disk; B, of the same village, gets the visit without the
    // photo, fetches the thumbnails when the person's history is opened and the photo when it is
    // shown, each the same bytes A took; each fetch audited at the server.
    void anotherDevicesPhotosAreFetchedWhenWanted()
    {
        const QString village = u"510321100024"_qs;
        TestDevice a, b;
        QVERIFY(enrolIn(village, {&a, &b}));
        QString person;
        const QStringList photos = visitsWithPhotos(a, village, 2, &person);
        QCOMPARE(photos.size(), 2);
        auto sent = a.sync(m_server.baseUrl());
        HEARTH_VERIFY_OK(sent);
        QCOMPARE(sent->photosUploaded, 4); // two photos, two thumbnails
        for (const QString &hash : photos)
            QCOMPARE(sha256(stored(hash)), hash);
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM photo_chunks_v10"), 0);
        QCOMPARE(QDir(m_server.photosDir() + u"/uploads"_qs).entryList(QDir::NoDotAndDotDot | QDir::AllEntries).size(), 0);

        HEARTH_VERIFY_OK(b.sync(m_server.baseUrl()));
        for (const QString &hash : photos)
            QVERIFY(!b.media().contains(hash)); // not fetched until wanted
        const QStringList thumbs = thumbsOf(b, person);
        QCOMPARE(thumbs.size(), 2);
        const qint64 audited = m_server.queryInt("SELECT count(*) FROM audit WHERE action = 'photo.fetch'");
        QCOMPARE(fetch(b, thumbs).fetched, 2);
        QVERIFY(thumbsOf(b, person).isEmpty());
        QCOMPARE(fetch(b, {photos[0]}).fetched, 1);
        for (const QString &hash : thumbs + QStringList{photos[0]})
            QCOMPARE(sha256(b.media().get(hash).value_or(QByteArray())), hash);
        QCOMPARE(a.media().get(photos[0]).value_or(QByteArray()), b.media().get(photos[0]).value_or(QByteArray("x")));
        QVERIFY(m_server.queryInt("SELECT count(*) FROM audit WHERE action = 'photo.fetch'") >= audited + 3);
        // Asked again: nothing moves.
        QCOMPARE(fetch(b, thumbs + QStringList{photos[0]}).fetched, 0);
    }

    // A device outside the village asks for the photo by its name: refused, nothing stored.
    void aPhotoOutsideTheScopeIsNotFetched()
    {
        const QString village = u"510321100025"_qs;
        TestDevice a, outsider;
        QVERIFY(a.ok() && outsider.ok());
        HEARTH_VERIFY_OK(a.enrol(m_server.baseUrl(), newUser(village), kPassword));
        HEARTH_VERIFY_OK(outsider.enrol(m_server.baseUrl(), newUser(u"510321100026"_qs), kPassword));
        QString person;
        const QStringList photos = visitsWithPhotos(a, village, 1, &person);
        HEARTH_VERIFY_OK(a.sync(m_server.baseUrl()));
        HEARTH_VERIFY_OK(outsider.sync(m_server.baseUrl()));
        // No record here names it: the device does not even ask.
        QCOMPARE(fetch(outsider, photos).unavailable, 1);
        QVERIFY(!outsider.media().contains(photos[0]));
        // Asked by hand: the server refuses.
        const HttpReply r = m_server.get(u"/v1/photos/%1/content"_qs.arg(photos[0]), outsider.meta("sync.token").toLatin1());
        QCOMPARE(r.status, 403);
    }

    // One upload, half through one server process, the rest through another sharing the
    // database and the photo folder: one whole file, named by its hash.
    void anyServerProcessContinuesAnUpload()
    {
        const QString village = u"510321100027"_qs;
        TestDevice a;
        QVERIFY(a.ok());
        HEARTH_VERIFY_OK(a.enrol(m_server.baseUrl(), newUser(village), kPassword));
        QString person;
        const QStringList photos = visitsWithPhotos(a, village, 1, &person);
        HEARTH_VERIFY_OK(recordsOnly(a)); // the record goes up, its photo not
        const QByteArray jpeg = a.media().get(photos[0]).value_or(QByteArray());
        QVERIFY(jpeg.size() > 100 * 1024);
        const QByteArray token = a.meta("sync.token").toLatin1();
        const QString path = u"/v1/photos/"_qs + photos[0];
        const auto put = [&](const QString &base, qint64 from, qint64 to) {
            const QByteArray piece = jpeg.mid(from, to - from);
            return m_server
                .request("PUT", u"%1%2?offset=%3&size=%4"_qs.arg(base, path).arg(from).arg(jpeg.size()), piece, token,
                         {{"Chunk-SHA256", sha256(piece).toLatin1()}})
                .status;
        };
        const qint64 half = jpeg.size() / 2;
        QCOMPARE(put(m_server.baseUrl(), 0, half), 200);
        QCOMPARE(m_server.queryInt("SELECT received FROM photos WHERE hash = $1", {photos[0]}), half);
        QVERIFY(!QFile::exists(storedPath(photos[0])));

        if (m_server.baseUrl().startsWith(u"https"))
            QSKIP("the second process speaks plain http; this test runs in the plain suite");
        QProcess second;
        second.start(QStringLiteral(HEARTH_SERVER_PATH), {u"--database"_qs, m_server.databaseUrl(), u"--photos"_qs,
                                                          m_server.photosDir(), u"--listen"_qs, u"127.0.0.1:0"_qs});
        QVERIFY(second.waitForReadyRead(30000));
        const QByteArray line = second.readLine();
        const QString otherBase = u"http://127.0.0.1:"_qs + QString::fromLatin1(line.mid(line.lastIndexOf(':') + 1).trimmed());
        QCOMPARE(put(otherBase, half, jpeg.size()), 200);
        second.terminate();
        second.waitForFinished(5000);
        QCOMPARE(m_server.queryInt("SELECT complete::int FROM photos WHERE hash = $1", {photos[0]}), 1);
        QCOMPARE(stored(photos[0]), jpeg);
    }

    // A file damaged on the server's disk: never served; set aside; the server asks for it
    // again, the device that took it sends it at its next round, and the other device gets it.
    void aDamagedFileIsNeverServedAndIsSentAgain()
    {
        const QString village = u"510321100028"_qs;
        TestDevice a, b;
        QVERIFY(enrolIn(village, {&a, &b}));
        QString person;
        const QStringList photos = visitsWithPhotos(a, village, 1, &person);
        HEARTH_VERIFY_OK(a.sync(m_server.baseUrl()));
        HEARTH_VERIFY_OK(b.sync(m_server.baseUrl()));
        {
            QFile file(storedPath(photos[0]));
            QVERIFY(file.open(QIODevice::ReadWrite));
            file.seek(file.size() / 2);
            file.write("\x00\x01\x02\x03", 4);
        }
        const sync::PhotoFetchReport refused = fetch(b, photos);
        QCOMPARE(refused.fetched, 0);
        QCOMPARE(refused.unavailable, 1);
        QVERIFY(!b.media().contains(photos[0]));
        QVERIFY(!QFile::exists(storedPath(photos[0])));
        QCOMPARE(QDir(m_server.photosDir() + u"/damaged"_qs).entryList({photos[0] + u".*"_qs}).size(), 1);
        QCOMPARE(m_server.queryInt("SELECT complete::int FROM photos WHERE hash = $1", {photos[0]}), 0);

        auto again = a.sync(m_server.baseUrl());
        HEARTH_VERIFY_OK(again);
        QCOMPARE(again->photosUploaded, 1);
        QCOMPARE(fetch(b, photos).fetched, 1);
        QCOMPARE(b.media().get(photos[0]).value_or(QByteArray()), a.media().get(photos[0]).value_or(QByteArray("x")));
        // The administrator's check finds the store whole again.
        QByteArray said;
        QCOMPARE(m_server.admin({u"--photos"_qs, m_server.photosDir(), u"admin"_qs, u"photos"_qs, u"verify"_qs}, {}, &said), 0);
        QVERIFY2(said.contains("every file matches"), said.constData());
    }

    // The cache keeps to its limit, least recently used first; a photo taken here and not yet
    // on the server stays whatever the limit; once the server holds it, it may go, and comes
    // back from the server when wanted.
    void theCacheEvictsLeastRecentlyUsedButNeverAnUnsentPhoto()
    {
        const QString village = u"510321100029"_qs;
        TestDevice a, c;
        QVERIFY(enrolIn(village, {&a, &c}));
        QString theirs, mine;
        const QStringList photos = visitsWithPhotos(a, village, 6, &theirs);
        HEARTH_VERIFY_OK(a.sync(m_server.baseUrl()));
        HEARTH_VERIFY_OK(c.sync(m_server.baseUrl()));
        const qint64 limit = media::kMinCacheLimitBytes; // 1 MiB: three of these photos
        HEARTH_VERIFY_OK(media::setCacheLimit(c.db(), limit));
        // Taken here, offline: four photos that only this device has.
        const QStringList own = visitsWithPhotos(c, village, 4, &mine);
        QCOMPARE(own.size(), 4);
        // The second photo is looked at again after each fetch: it goes last.
        for (const QString &hash : photos) {
            QCOMPARE(fetch(c, {hash}).fetched, 1);
            QTest::qWait(2); // distinct use times
            HEARTH_VERIFY_OK(media::touch(c.db(), photos[1]));
            QTest::qWait(2);
        }
        QCOMPARE(fetch(c, thumbsOf(c, theirs)).fetched, 6);
        auto usage = media::cacheUsage(c.db(), c.media());
        HEARTH_VERIFY_OK(usage);
        QVERIFY2(usage->bytes <= limit, qPrintable(u"%1 > %2"_qs.arg(usage->bytes).arg(limit)));
        QCOMPARE(usage->pinned, 4); // four photos (with their thumbnails)
        for (const QString &hash : own)
            QVERIFY(c.media().contains(hash));
        QVERIFY(c.media().contains(photos[1]));  // used last
        QVERIFY(!c.media().contains(photos[0])); // used first
        QVERIFY(!c.media().contains(photos[2]));

        // Sent: now the server holds them, and the cache may let them go.
        auto sent = c.sync(m_server.baseUrl());
        HEARTH_VERIFY_OK(sent);
        QCOMPARE(sent->photosUploaded, 8);
        usage = media::cacheUsage(c.db(), c.media());
        HEARTH_VERIFY_OK(usage);
        QCOMPARE(usage->pinned, 0);
        QVERIFY(usage->bytes <= limit);
        int gone = 0;
        for (const QString &hash : own)
            gone += c.media().contains(hash) ? 0 : 1;
        QVERIFY2(gone > 0, "the device's own photos, once on the server, were never evicted");
        for (const QString &hash : own)
            if (!c.media().contains(hash)) {
                QCOMPARE(fetch(c, {hash}).fetched, 1);
                QCOMPARE(sha256(c.media().get(hash).value_or(QByteArray())), hash);
                break;
            }
    }

    // Ahead of time only where the user allows it and only on an unmetered link; never more
    // than the cache's free room.
    void photosAreFetchedAheadOnlyOnWifiWhereAllowed()
    {
        const QString village = u"510321100031"_qs;
        TestDevice a, d;
        QVERIFY(enrolIn(village, {&a, &d}));
        QString person;
        const QStringList photos = visitsWithPhotos(a, village, 5, &person);
        HEARTH_VERIFY_OK(a.sync(m_server.baseUrl()));
        sync::SyncOptions wifi;
        wifi.unmeteredLink = true;
        auto r = d.sync(m_server.baseUrl(), wifi); // not allowed yet
        HEARTH_VERIFY_OK(r);
        QCOMPARE(r->photosFetched, 0);
        HEARTH_VERIFY_OK(media::setPrefetchAllowed(d.db(), true));
        r = d.sync(m_server.baseUrl()); // allowed, but on mobile data
        HEARTH_VERIFY_OK(r);
        QCOMPARE(r->photosFetched, 0);
        HEARTH_VERIFY_OK(media::setCacheLimit(d.db(), media::kMinCacheLimitBytes));
        r = d.sync(m_server.baseUrl(), wifi);
        HEARTH_VERIFY_OK(r);
        // Every thumbnail, then the newest photos while room is left: fewer than all five.
        QVERIFY2(r->photosFetched >= 6 && r->photosFetched < 10, qPrintable(QString::number(r->photosFetched)));
        QVERIFY(thumbsOf(d, person).isEmpty());
        QVERIFY(d.media().contains(photos.last()));   // the newest visit's
        QVERIFY(!d.media().contains(photos.first())); // the oldest: no room
        auto usage = media::cacheUsage(d.db(), d.media());
        HEARTH_VERIFY_OK(usage);
        QVERIFY(usage->bytes <= usage->limit);
        // The person's history opened with every photo asked for at once: more than the limit,
        // kept while shown. Over the limit there is no room: nothing is fetched ahead; after a
        // round (which evicts down to the limit) ahead-fetching stays within it.
        QVERIFY(fetch(d, photos).fetched > 0);
        usage = media::cacheUsage(d.db(), d.media());
        HEARTH_VERIFY_OK(usage);
        QVERIFY(usage->bytes > usage->limit);
        auto none = sync::prefetchList(d.db(), d.media(), usage->limit - usage->bytes);
        HEARTH_VERIFY_OK(none);
        QVERIFY(none->isEmpty());
        r = d.sync(m_server.baseUrl(), wifi);
        HEARTH_VERIFY_OK(r);
        usage = media::cacheUsage(d.db(), d.media());
        HEARTH_VERIFY_OK(usage);
        QVERIFY2(usage->bytes <= usage->limit, qPrintable(u"%1 > %2"_qs.arg(usage->bytes).arg(usage->limit)));
    }

    // A server of schema 10 kept photo bytes in photo_chunks: the next start moves each photo
    // into the store (whole and checked) and empties the table; chunks that are not their
    // photo are dropped and that upload starts again.
    void photosInPostgresMoveToTheStoreAtStart()
    {
        const QByteArray good = noiseJpeg(200 * 1024, 1777), bad = noiseJpeg(50 * 1024, 1778);
        const QString goodHash = sha256(good), badHash = sha256(bad);
        for (const auto &[hash, bytes, corrupt] : {std::tuple{goodHash, good, false}, std::tuple{badHash, bad, true}}) {
            QVERIFY(m_server.execSql("INSERT INTO photos (hash, size, received, complete) VALUES ($1, $2, $2, true)",
                                     {hash, bytes.size()}));
            const qint64 cut = bytes.size() / 3;
            QByteArray second = bytes.mid(cut);
            if (corrupt)
                second[10] = char(second[10] ^ 0x55);
            QVERIFY(m_server.execSql("INSERT INTO photo_chunks_v10 (hash, \"offset\", data) VALUES ($1, 0, decode($2, 'base64')),"
                                     " ($1, $3, decode($4, 'base64'))",
                                     {hash, QString::fromLatin1(bytes.left(cut).toBase64()), cut,
                                      QString::fromLatin1(second.toBase64())}));
        }
        QVERIFY(m_server.killServer());
        QVERIFY(m_server.startServer());
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM photo_chunks_v10"), 0);
        QCOMPARE(stored(goodHash), good);
        QVERIFY(!QFile::exists(storedPath(badHash)));
        QCOMPARE(m_server.queryInt("SELECT received FROM photos WHERE hash = $1", {badHash}), 0);
        QCOMPARE(m_server.queryInt("SELECT complete::int FROM photos WHERE hash = $1", {badHash}), 0);
    }

    // A device in the scope announces a wrong size for a photo and sends one chunk: the device
    // that took it is told to wait while that upload moves, and completes its own once it stops
    // (it starts again from 0 with the true size): no sender blocks a photo for good.
    void aWrongSizeAnnouncedCannotBlockAPhoto()
    {
        const QString village = u"510321100035"_qs;
        TestDevice a, hostile;
        QVERIFY(enrolIn(village, {&a, &hostile}));
        QString person;
        const QStringList photos = visitsWithPhotos(a, village, 1, &person);
        HEARTH_VERIFY_OK(recordsOnly(a)); // the record, not the photo
        const QByteArray jpeg = a.media().get(photos[0]).value_or(QByteArray());
        const QByteArray first = jpeg.left(64 * 1024);
        const HttpReply claimed = m_server.request(
            "PUT", u"/v1/photos/%1?offset=0&size=%2"_qs.arg(photos[0]).arg(30 * 1024 * 1024), first,
            hostile.meta("sync.token").toLatin1(), {{"Chunk-SHA256", sha256(first).toLatin1()}});
        QCOMPARE(claimed.status, 200);
        QCOMPARE(m_server.queryInt("SELECT size FROM photos WHERE hash = $1", {photos[0]}), 30 * 1024 * 1024);
        // While that upload moves, it is not reset by another size: the photo waits, said so.
        auto waited = a.sync(m_server.baseUrl());
        HEARTH_VERIFY_OK(waited);
        QCOMPARE(waited->photoErrors.size(), 1);
        QVERIFY(waited->photoErrors.first().contains(u"another device"));
        QCOMPARE(m_server.queryInt("SELECT complete::int FROM photos WHERE hash = $1", {photos[0]}), 0);
        // Ten minutes without a piece (as if): the device that took it starts it again, and it goes.
        QVERIFY(m_server.execSql("UPDATE photos SET received_at = now() - interval '11 minutes' WHERE hash = $1", {photos[0]}));
        auto sent = a.sync(m_server.baseUrl());
        HEARTH_VERIFY_OK(sent);
        QVERIFY2(sent->photoErrors.isEmpty(), qPrintable(sent->photoErrors.join(u"; ")));
        QCOMPARE(m_server.queryInt("SELECT complete::int FROM photos WHERE hash = $1", {photos[0]}), 1);
        QCOMPARE(m_server.queryInt("SELECT size FROM photos WHERE hash = $1", {photos[0]}), jpeg.size());
        QCOMPARE(stored(photos[0]), jpeg);
    }

    // PostgreSQL counts a photo as lost while a whole file is there (another process finished
    // it, a restore brought it back): the file decides, and the photo is served. An upload
    // folder of a finished photo left by a crash goes at the next start.
    void theFileDecidesAndLeftoversAreSwept()
    {
        const QString village = u"510321100036"_qs;
        TestDevice a, b;
        QVERIFY(enrolIn(village, {&a, &b}));
        QString person;
        const QStringList photos = visitsWithPhotos(a, village, 1, &person);
        HEARTH_VERIFY_OK(a.sync(m_server.baseUrl()));
        HEARTH_VERIFY_OK(b.sync(m_server.baseUrl()));
        QVERIFY(m_server.execSql("UPDATE photos SET complete = false, received = 0, lost_at = now() WHERE hash = $1", {photos[0]}));
        QCOMPARE(fetch(b, photos).fetched, 1);
        QCOMPARE(m_server.queryInt("SELECT complete::int + (lost_at IS NULL)::int FROM photos WHERE hash = $1", {photos[0]}), 2);
        const QString leftover = m_server.photosDir() + u"/uploads/"_qs + photos[0];
        QVERIFY(QDir().mkpath(leftover));
        QFile piece(leftover + u"/000000000000"_qs);
        QVERIFY(piece.open(QIODevice::WriteOnly));
        piece.write("left over");
        piece.close();
        QVERIFY(m_server.killServer());
        QVERIFY(m_server.startServer());
        QVERIFY(!QDir(leftover).exists());
    }

    // Enrolled again, with another server: the photos taken here are pinned again (the new
    // server may not hold them) and sent (a photo it holds already costs one small request).
    void anotherServerPinsOwnPhotosAgain()
    {
        const QString village = u"510321100203"_qs;
        TestDevice a;
        QVERIFY(a.ok());
        const QString user = newUser(village);
        HEARTH_VERIFY_OK(a.enrol(m_server.baseUrl(), user, kPassword));
        QString person;
        visitsWithPhotos(a, village, 2, &person);
        HEARTH_VERIFY_OK(a.sync(m_server.baseUrl()));
        QCOMPARE(a.text("SELECT count(*) FROM media_cache").toInt(), 4);
        // The same server under another name counts as another server to the device.
        const QString other = QString(m_server.baseUrl()).replace(u"127.0.0.1"_qs, u"localhost"_qs);
        if (other == m_server.baseUrl())
            QSKIP("the server's address has no other name here");
        HEARTH_VERIFY_OK(a.enrol(other, user, kPassword));
        QCOMPARE(a.text("SELECT count(*) FROM media_cache").toInt(), 0);
        auto usage = media::cacheUsage(a.db(), a.media());
        HEARTH_VERIFY_OK(usage);
        QCOMPARE(usage->pinned, 2);
        auto sent = a.sync(other);
        HEARTH_VERIFY_OK(sent);
        QCOMPARE(sent->photosAlreadyThere, 4);
        QCOMPARE(a.text("SELECT count(*) FROM media_cache").toInt(), 4);
    }

    void cleanup() { QVERIFY(m_server.digestsHold()); }
    void cleanupTestCase() { m_server.stop(); }
};

QTEST_GUILESS_MAIN(TestPhotos)
#include "tst_photos.moc"
