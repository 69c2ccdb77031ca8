// SPDX-License-Identifier: GPL-3.0-or-later
// hearth-server against a real PostgreSQL (a private cluster on loopback) through its real
// process: accounts and enrolment, push applied exactly once per (device, sequence), sequence
// gaps refused, rejected changes not blocking the ones behind, pull by scope with a cursor,
// per-field merge with the losing value kept as a conflict, revocation, bad input.
#include "core/sync/gzip.h"
#include "serverfixture.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace hearth::test;

namespace {

QJsonObject entry(qint64 seq, const QString &entity, const QString &id, const QString &op, const QJsonObject &payload,
                  qint64 at = 1)
{
    return {{u"seq"_qs, seq}, {u"entity"_qs, entity}, {u"entity_id"_qs, id}, {u"op"_qs, op},
            {u"payload"_qs, payload}, {u"created_at"_qs, at}};
}

QJsonObject batch(std::initializer_list<QJsonObject> entries)
{
    QJsonArray a;
    for (const auto &e : entries)
        a.append(e);
    return {{u"entries"_qs, a}};
}

QJsonObject person(const QString &name, const QString &area) { return {{u"name"_qs, name}, {u"area_code"_qs, area}}; }

// A visit to a person with what the record model requires (core/model), plus `extra`.
QJsonObject visitTo(const QString &personId, const QJsonObject &extra = {})
{
    QJsonObject v{{u"person_id"_qs, personId},
                  {u"kind"_qs, u"home"_qs},
                  {u"visited_at"_qs, qint64(1'764'000'000'000)},
                  {u"utc_offset_min"_qs, 480},
                  {u"location"_qs, QJsonObject{{u"status"_qs, u"none"_qs}, {u"reason"_qs, u"no_fix"_qs}}}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        v.insert(it.key(), *it);
    return v;
}

QJsonObject edit(const QString &field, const QString &oldValue, const QString &newValue)
{
    return {{u"fields"_qs, QJsonObject{{field, QJsonObject{{u"old"_qs, oldValue}, {u"new"_qs, newValue}}}}}};
}

QStringList statuses(const HttpReply &r)
{
    QStringList out;
    for (const QJsonValue &v : r.json[u"results"].toArray())
        out << v[u"status"].toString();
    return out;
}

} // namespace

class TestServer : public QObject
{
    Q_OBJECT

    ServerFixture m_server;
    QByteArray m_a1, m_a2, m_b; // two devices in village A, one in village B

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_server.start());
        QCOMPARE(m_server.admin({u"admin"_qs, u"user"_qs, u"add"_qs, u"wang"_qs, u"--role"_qs, u"cadre"_qs,
                                 u"--scope"_qs, u"510321100027"_qs}, "wang-secret"), 0);
        QCOMPARE(m_server.admin({u"admin"_qs, u"user"_qs, u"add"_qs, u"li"_qs, u"--role"_qs, u"cadre"_qs,
                                 u"--scope"_qs, u"510321100027"_qs}, "li-secret-1"), 0);
        QCOMPARE(m_server.admin({u"admin"_qs, u"user"_qs, u"add"_qs, u"zhao"_qs, u"--role"_qs, u"cadre"_qs,
                                 u"--scope"_qs, u"510321126201"_qs}, "zhao-secret"), 0);
    }

    void adminRefusesBadInput()
    {
        QByteArray out;
        QCOMPARE(m_server.admin({u"admin"_qs, u"user"_qs, u"add"_qs, u"wang"_qs, u"--role"_qs, u"cadre"_qs,
                                 u"--scope"_qs, u"510321"_qs}, "another-pass", &out), 1);
        QVERIFY(out.contains("同名"));
        QCOMPARE(m_server.admin({u"admin"_qs, u"user"_qs, u"add"_qs, u"x"_qs, u"--role"_qs, u"king"_qs,
                                 u"--scope"_qs, u"510321"_qs}, "long-enough"), 2);
        QCOMPARE(m_server.admin({u"admin"_qs, u"user"_qs, u"add"_qs, u"y"_qs, u"--role"_qs, u"cadre"_qs,
                                 u"--scope"_qs, u"51'; drop table users; --"_qs}, "long-enough"), 2);
        QCOMPARE(m_server.admin({u"admin"_qs, u"user"_qs, u"add"_qs, u"z"_qs, u"--role"_qs, u"cadre"_qs,
                                 u"--scope"_qs, u"510321"_qs}, "short"), 2);
    }

    void enrolsWithTheRightPasswordOnly()
    {
        const HttpReply wrong = m_server.post(u"/v1/enrol"_qs, {{u"user"_qs, u"wang"_qs}, {u"password"_qs, u"guess"_qs}});
        QCOMPARE(wrong.status, 401);
        QVERIFY(!wrong.json[u"reason_zh"].toString().isEmpty());
        const HttpReply unknown = m_server.post(u"/v1/enrol"_qs, {{u"user"_qs, u"nobody"_qs}, {u"password"_qs, u"x"_qs}});
        QCOMPARE(unknown.status, 401);
        QCOMPARE(unknown.json[u"reason_en"], wrong.json[u"reason_en"]); // no hint which was wrong
        m_a1 = m_server.enrol(u"wang"_qs, u"wang-secret"_qs);
        m_a2 = m_server.enrol(u"li"_qs, u"li-secret-1"_qs);
        m_b = m_server.enrol(u"zhao"_qs, u"zhao-secret"_qs);
        QVERIFY(!m_a1.isEmpty() && !m_a2.isEmpty() && !m_b.isEmpty());
        QCOMPARE(m_server.get(u"/v1/pull"_qs, "not-a-token").status, 401);
        QCOMPARE(m_server.get(u"/v1/pull"_qs).status, 401);
    }

    void pushAppliesExactlyOnce()
    {
        const QJsonObject first = batch({entry(1, u"person"_qs, u"p1"_qs, u"create"_qs, person(u"李明"_qs, u"510321100027"_qs)),
                                         entry(2, u"person"_qs, u"p2"_qs, u"create"_qs, person(u"王芳"_qs, u"510321100027"_qs))});
        const HttpReply r = m_server.post(u"/v1/push"_qs, first, m_a1);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json[u"applied_through"].toInteger(), 2);
        QCOMPARE(statuses(r), QStringList({u"applied"_qs, u"applied"_qs}));
        // The answer was lost; the device sends the same batch again: nothing applies twice.
        const HttpReply again = m_server.post(u"/v1/push"_qs, first, m_a1);
        QCOMPARE(again.status, 200);
        QCOMPARE(statuses(again), QStringList({u"duplicate"_qs, u"duplicate"_qs}));
        QCOMPARE(m_server.get(u"/v1/pull?after=0"_qs, m_a2).json[u"changes"].toArray().size(), 2);
    }

    void refusesASequenceGap()
    {
        const HttpReply r = m_server.post(
            u"/v1/push"_qs, batch({entry(5, u"person"_qs, u"p5"_qs, u"create"_qs, person(u"跳号"_qs, u"510321100027"_qs))}), m_a1);
        QCOMPARE(r.status, 409);
        QVERIFY(r.json[u"reason_en"].toString().contains(u"expected 3"));
    }

    void aRejectedChangeDoesNotBlockTheOnesBehind()
    {
        const HttpReply r = m_server.post(
            u"/v1/push"_qs,
            batch({entry(3, u"person"_qs, u"p3"_qs, u"create"_qs, person(u"外村人"_qs, u"510321126201"_qs)), // village B
                   entry(4, u"spaceship"_qs, u"s1"_qs, u"create"_qs, {}),
                   entry(5, u"person"_qs, u"p4"_qs, u"create"_qs, person(u"张三"_qs, u"510321100027"_qs))}),
            m_a1);
        QCOMPARE(r.status, 200);
        QCOMPARE(statuses(r), QStringList({u"rejected"_qs, u"rejected"_qs, u"applied"_qs}));
        QVERIFY(!r.json[u"results"].toArray()[0][u"reason_zh"].toString().isEmpty());
        QCOMPARE(r.json[u"applied_through"].toInteger(), 5);
    }

    void aDeviceSeesOnlyItsScope()
    {
        // B pushes into B, then tries to push into A and to edit A's person.
        const HttpReply r = m_server.post(
            u"/v1/push"_qs,
            batch({entry(1, u"person"_qs, u"b1"_qs, u"create"_qs, person(u"乙村人"_qs, u"510321126201"_qs)),
                   entry(2, u"person"_qs, u"b2"_qs, u"create"_qs, person(u"越界"_qs, u"510321100027"_qs)),
                   entry(3, u"person"_qs, u"p1"_qs, u"update"_qs, edit(u"phone"_qs, {}, u"13000000000"_qs))}),
            m_b);
        QCOMPARE(statuses(r), QStringList({u"applied"_qs, u"rejected"_qs, u"rejected"_qs}));
        QStringList seenByB, seenByA;
        for (const QJsonValue &c : m_server.get(u"/v1/pull?after=0"_qs, m_b).json[u"changes"].toArray())
            seenByB << c[u"id"].toString();
        for (const QJsonValue &c : m_server.get(u"/v1/pull?after=0"_qs, m_a2).json[u"changes"].toArray())
            seenByA << c[u"id"].toString();
        QCOMPARE(seenByB, QStringList({u"b1"_qs}));
        QVERIFY(!seenByA.contains(u"b1"_qs));
        QVERIFY(seenByA.contains(u"p4"_qs) && !seenByA.contains(u"p3"_qs));
    }

    void pullPagesWithACursor()
    {
        const HttpReply first = m_server.get(u"/v1/pull?after=0&limit=2"_qs, m_a2);
        QCOMPARE(first.json[u"changes"].toArray().size(), 2);
        QVERIFY(first.json[u"more"].toBool());
        const qint64 next = first.json[u"next"].toInteger();
        const HttpReply rest = m_server.get(u"/v1/pull?after=%1&limit=100"_qs.arg(next), m_a2);
        QVERIFY(!rest.json[u"more"].toBool());
        QVERIFY(rest.json[u"changes"].toArray().first()[u"cursor"].toInteger() > next);
        QCOMPARE(m_server.get(u"/v1/pull?after=abc"_qs, m_a2).status, 400);
    }

    // A page is bounded by bytes as well as by count (issue 12: 5,000 changes of up to 8 MiB
    // each were built in memory): three 2 MiB changes come two on one page, then the third.
    void pullPagesAreBoundedByBytes()
    {
        const qint64 before = m_server.queryInt("SELECT coalesce(max(cursor), 0) FROM changes");
        QVERIFY(m_server.execSql("INSERT INTO changes (entity, id, scope, op, body, device_id)"
                                 " SELECT 'household', 'big-' || n, '510321126201', 'create',"
                                 " jsonb_build_object('area_code', '510321126201', 'address', repeat('x', 2097152)), 'synthetic'"
                                 " FROM generate_series(1, 3) n"));
        const HttpReply first = m_server.get(u"/v1/pull?after=%1&limit=1000"_qs.arg(before), m_b);
        QCOMPARE(first.status, 200);
        QCOMPARE(first.json[u"changes"].toArray().size(), 2);
        QVERIFY(first.json[u"more"].toBool());
        const HttpReply second = m_server.get(u"/v1/pull?after=%1&limit=1000"_qs.arg(first.json[u"next"].toInteger()), m_b);
        QCOMPARE(second.json[u"changes"].toArray().size(), 1);
        QVERIFY(!second.json[u"more"].toBool());
        QVERIFY(m_server.execSql("DELETE FROM changes WHERE device_id = 'synthetic'"));
    }

    void sameFieldEditsKeepTheLoserAsAConflict()
    {
        // Both devices edit p1's phone from the same base (empty) while offline.
        const HttpReply a = m_server.post(
            u"/v1/push"_qs, batch({entry(6, u"person"_qs, u"p1"_qs, u"update"_qs, edit(u"phone"_qs, {}, u"13500001111"_qs), 100)}), m_a1);
        const HttpReply b = m_server.post(
            u"/v1/push"_qs, batch({entry(1, u"person"_qs, u"p1"_qs, u"update"_qs, edit(u"phone"_qs, {}, u"13900002222"_qs), 200)}), m_a2);
        QCOMPARE(statuses(a), QStringList({u"applied"_qs}));
        QCOMPARE(statuses(b), QStringList({u"applied"_qs}));
        // The later edit wins; the other value is kept, not dropped.
        QJsonObject last;
        for (const QJsonValue &c : m_server.get(u"/v1/pull?after=0&limit=1000"_qs, m_a1).json[u"changes"].toArray())
            if (c[u"id"] == u"p1"_qs)
                last = c[u"body"].toObject();
        QCOMPARE(last[u"phone"].toString(), u"13900002222"_qs);
        QByteArray out;
        QCOMPARE(m_server.admin({u"admin"_qs, u"conflicts"_qs}, {}, &out), 0);
        QVERIFY2(out.contains("13500001111") && out.contains("phone"), out.constData());
        // A different field from the same base merges without a conflict.
        const HttpReply c = m_server.post(
            u"/v1/push"_qs, batch({entry(7, u"person"_qs, u"p1"_qs, u"update"_qs, edit(u"employer"_qs, {}, u"某厂"_qs), 150)}), m_a1);
        QCOMPARE(statuses(c), QStringList({u"applied"_qs}));
        QCOMPARE(m_server.admin({u"admin"_qs, u"conflicts"_qs}, {}, &out), 0);
        QCOMPARE(out.count('\n'), 1);
    }

    void appendOnlyRecordsAreIdempotentByContent()
    {
        const QJsonObject visit = visitTo(u"p1"_qs, {{u"cash_fen"_qs, 50000}});
        QCOMPARE(statuses(m_server.post(u"/v1/push"_qs, batch({entry(8, u"visit"_qs, u"v1"_qs, u"create"_qs, visit)}), m_a1)),
                 QStringList({u"applied"_qs}));
        // Another device re-sends the same visit (restored from a backup, say): a no-op ...
        QCOMPARE(statuses(m_server.post(u"/v1/push"_qs, batch({entry(2, u"visit"_qs, u"v1"_qs, u"create"_qs, visit)}), m_a2)),
                 QStringList({u"duplicate"_qs}));
        // ... but the same id with other content is refused for review.
        QJsonObject other = visit;
        other[u"cash_fen"_qs] = 90000;
        QCOMPARE(statuses(m_server.post(u"/v1/push"_qs, batch({entry(3, u"visit"_qs, u"v1"_qs, u"create"_qs, other)}), m_a2)),
                 QStringList({u"rejected"_qs}));
    }

    void badBodiesGetAReason()
    {
        QCOMPARE(m_server.request("POST", u"/v1/push"_qs, "{not json", m_a1).status, 400);
        QCOMPARE(m_server.request("POST", u"/v1/push"_qs, "[1,2]", m_a1).status, 400);
        const HttpReply wrongType = m_server.post(u"/v1/push"_qs, {{u"entries"_qs, QJsonArray{QJsonObject{{u"seq"_qs, u"x"_qs}}}}}, m_a1);
        QCOMPARE(wrongType.status, 400);
        QVERIFY(!wrongType.json[u"reason_zh"].toString().isEmpty());
        const HttpReply huge = m_server.request("POST", u"/v1/push"_qs, QByteArray(9 * 1024 * 1024, ' '), m_a1);
        QCOMPARE(huge.status, 413);
        // And it still serves.
        QCOMPARE(m_server.get(u"/v1/health"_qs).status, 200);
    }

    void compressedBodiesAndTheirLimits()
    {
        const QByteArray gz = hearth::sync::gzip(QJsonDocument(batch({entry(9, u"person"_qs, u"p9"_qs, u"create"_qs,
                                                                          person(u"压缩"_qs, u"510321100027"_qs))}))
                                                     .toJson(QJsonDocument::Compact));
        const HttpReply ok = m_server.request("POST", u"/v1/push"_qs, gz, m_a1, {{"Content-Encoding", "gzip"}});
        QCOMPARE(ok.status, 200);
        QCOMPARE(statuses(ok), QStringList({u"applied"_qs}));
        // 20 MB of nothing in a few KB: refused once it passes the limit, not after.
        const QByteArray bomb = hearth::sync::gzip(QByteArray(20 * 1024 * 1024, ' '));
        QVERIFY(bomb.size() < 100 * 1024);
        QCOMPARE(m_server.request("POST", u"/v1/push"_qs, bomb, m_a1, {{"Content-Encoding", "gzip"}}).status, 413);
        QCOMPARE(m_server.request("POST", u"/v1/push"_qs, gz.left(gz.size() / 2), m_a1, {{"Content-Encoding", "gzip"}}).status, 400);
        QCOMPARE(m_server.request("POST", u"/v1/push"_qs, "not gzip at all", m_a1, {{"Content-Encoding", "gzip"}}).status, 400);
        // Pull pages come back compressed to a client that asks (the network manager inflates).
        QVERIFY(!m_server.get(u"/v1/pull?after=0"_qs, m_a1).json[u"changes"].toArray().isEmpty());
    }

    void photosGoInCheckedChunks()
    {
        QByteArray jpeg("\xFF\xD8\xFF\xE0", 4);
        for (int i = 0; i < 3000; ++i)
            jpeg += QByteArray::number(i * 7919);
        const QByteArray hash = QCryptographicHash::hash(jpeg, QCryptographicHash::Sha256).toHex();
        const QByteArray bogus = QByteArray(64, 'a'); // named by a hash its bytes will not have
        const QJsonObject visit = visitTo(u"p1"_qs, {{u"photos"_qs, QJsonArray{QJsonObject{{u"hash"_qs, QString::fromLatin1(hash)}},
                                                                           QJsonObject{{u"hash"_qs, QString::fromLatin1(bogus)}}}}});
        const QString path = u"/v1/photos/"_qs + QString::fromLatin1(hash);
        // Before the record naming it is pushed, nobody may send the photo.
        QCOMPARE(m_server.get(path, m_a1).status, 403);
        QCOMPARE(statuses(m_server.post(u"/v1/push"_qs, batch({entry(10, u"visit"_qs, u"v-photo"_qs, u"create"_qs, visit)}), m_a1)),
                 QStringList({u"applied"_qs}));
        QCOMPARE(m_server.get(path, m_b).status, 403); // village B: not its record
        QCOMPARE(m_server.get(u"/v1/photos/not-a-hash"_qs, m_a1).status, 400);
        const HttpReply fresh = m_server.get(path, m_a1);
        QCOMPARE(fresh.status, 200);
        QCOMPARE(fresh.json[u"offset"].toInteger(), 0);
        QVERIFY(!fresh.json[u"complete"].toBool());

        auto put = [&](const QByteArray &token, const QString &photoPath, qint64 offset, const QByteArray &chunk,
                       qint64 size, QByteArray sha = {}) {
            if (sha.isEmpty())
                sha = QCryptographicHash::hash(chunk, QCryptographicHash::Sha256).toHex();
            return m_server.request("PUT", photoPath + u"?offset=%1&size=%2"_qs.arg(offset).arg(size), chunk, token,
                                    {{"Chunk-SHA256", sha}, {"Content-Type", "application/octet-stream"}});
        };
        const qint64 half = jpeg.size() / 2;
        const HttpReply damaged = put(m_a1, path, 0, jpeg.left(half), jpeg.size(), QByteArray(64, '0'));
        QCOMPARE(damaged.status, 400);
        QVERIFY(damaged.json[u"reason_en"].toString().contains(u"damaged"));
        QCOMPARE(put(m_a1, path, 0, "not a jpeg at all", jpeg.size()).status, 400);
        QCOMPARE(put(m_a1, path, 0, jpeg.left(half), 64 * 1024 * 1024).status, 400); // over the size limit
        const HttpReply first = put(m_a1, path, 0, jpeg.left(half), jpeg.size());
        QCOMPARE(first.status, 200);
        QCOMPARE(first.json[u"offset"].toInteger(), half);
        // The same chunk again (its answer was lost): 409 says where the server stands.
        const HttpReply again = put(m_a1, path, 0, jpeg.left(half), jpeg.size());
        QCOMPARE(again.status, 409);
        QCOMPARE(again.json[u"expected"].toInteger(), half);
        const HttpReply last = put(m_a1, path, half, jpeg.mid(half), jpeg.size());
        QVERIFY2(last.status == 200, last.raw + m_server.serverLog().right(600));
        QVERIFY(last.json[u"complete"].toBool());
        // Another device of the village with the same photo: already there, nothing to send.
        QVERIFY(m_server.get(path, m_a2).json[u"complete"].toBool());
        QCOMPARE(m_server.request("GET", path + u"/content"_qs, {}, m_a2).raw, jpeg);
        // Bytes that are not what the name says are thrown away at the end.
        const QString bogusPath = u"/v1/photos/"_qs + QString::fromLatin1(bogus);
        const HttpReply mismatch = put(m_a1, bogusPath, 0, jpeg, jpeg.size());
        QCOMPARE(mismatch.status, 400);
        QVERIFY(mismatch.json[u"reason_en"].toString().contains(u"does not match"));
        QCOMPARE(m_server.get(bogusPath, m_a1).json[u"offset"].toInteger(), 0);

        // A photo over 1 MiB is sent and read back a piece at a time: the server never holds
        // it whole (its check reads it a chunk at a time too), and each fetch is audited.
        QByteArray big("\xFF\xD8\xFF\xE0", 4);
        while (big.size() < 2'600'000)
            big += QCryptographicHash::hash(QByteArray::number(big.size()), QCryptographicHash::Sha256);
        const QByteArray bigHash = QCryptographicHash::hash(big, QCryptographicHash::Sha256).toHex();
        const QJsonObject bigVisit = visitTo(u"p1"_qs, {{u"photos"_qs, QJsonArray{QJsonObject{{u"hash"_qs, QString::fromLatin1(bigHash)}}}}});
        const QByteArray camera = m_server.enrol(u"wang"_qs, u"wang-secret"_qs); // a device of its own: its own sequence
        QCOMPARE(statuses(m_server.post(u"/v1/push"_qs, batch({entry(1, u"visit"_qs, u"v-big"_qs, u"create"_qs, bigVisit)}), camera)),
                 QStringList({u"applied"_qs}));
        const QString bigPath = u"/v1/photos/"_qs + QString::fromLatin1(bigHash);
        for (qint64 at = 0; at < big.size(); at += 1024 * 1024)
            QCOMPARE(put(camera, bigPath, at, big.mid(at, 1024 * 1024), big.size()).status, 200);
        QVERIFY(m_server.get(bigPath, camera).json[u"complete"].toBool());
        QByteArray back;
        int pieces = 0;
        while (back.size() < big.size() && pieces < 10) {
            const HttpReply piece = m_server.request("GET", bigPath + u"/content?offset=%1"_qs.arg(back.size()), {}, m_a2);
            QCOMPARE(piece.status, 206);
            QVERIFY(piece.raw.size() <= 1024 * 1024);
            back += piece.raw;
            ++pieces;
        }
        QCOMPARE(pieces, 3);
        QCOMPARE(back, big);
        QCOMPARE(m_server.request("GET", bigPath + u"/content?offset=%1"_qs.arg(big.size()), {}, m_a2).status, 400);
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM audit WHERE action = 'photo.fetch' AND subject = $1", {QString::fromLatin1(bigHash)}), 3);
    }

    void unknownFieldsAreRefused()
    {
        QJsonObject e = entry(11, u"person"_qs, u"p11"_qs, u"create"_qs, person(u"多字段"_qs, u"510321100027"_qs));
        e[u"colour"_qs] = u"red"_qs;
        const HttpReply entryField = m_server.post(u"/v1/push"_qs, batch({e}), m_a1);
        QCOMPARE(entryField.status, 400);
        QVERIFY(entryField.json[u"reason_en"].toString().contains(u"colour"));
        QJsonObject top = batch({entry(11, u"person"_qs, u"p11"_qs, u"create"_qs, person(u"多字段"_qs, u"510321100027"_qs))});
        top[u"mode"_qs] = u"fast"_qs;
        QCOMPARE(m_server.post(u"/v1/push"_qs, top, m_a1).status, 400);
        // An unknown field of a person is that entry's rejection; the next one still applies.
        QJsonObject odd = person(u"怪字段"_qs, u"510321100027"_qs);
        odd[u"shoe_size"_qs] = 42;
        const HttpReply r = m_server.post(
            u"/v1/push"_qs,
            batch({entry(11, u"person"_qs, u"p11"_qs, u"create"_qs, odd),
                   entry(12, u"person"_qs, u"p1"_qs, u"update"_qs, edit(u"shoe_size"_qs, {}, u"43"_qs)),
                   entry(13, u"person"_qs, u"p12"_qs, u"create"_qs, person(u"正常"_qs, u"510321100027"_qs))}),
            m_a1);
        QCOMPARE(r.status, 200);
        QCOMPARE(statuses(r), QStringList({u"rejected"_qs, u"rejected"_qs, u"applied"_qs}));
        QVERIFY(r.json[u"results"].toArray()[0][u"reason_en"].toString().contains(u"shoe_size"));
    }

    void personDeletesAreTombstonesOnlyWithoutRecords()
    {
        // p1 has a visit (v1): not deleted. p12 has nothing: deleted, and the delete is pulled.
        const HttpReply r = m_server.post(
            u"/v1/push"_qs,
            batch({entry(14, u"person"_qs, u"p1"_qs, u"delete"_qs, {}), entry(15, u"person"_qs, u"p12"_qs, u"delete"_qs, {}),
                   entry(16, u"person"_qs, u"p12"_qs, u"delete"_qs, {})}),
            m_a1);
        QCOMPARE(statuses(r), QStringList({u"rejected"_qs, u"applied"_qs, u"duplicate"_qs}));
        QVERIFY(r.json[u"results"].toArray()[0][u"reason_en"].toString().contains(u"records about this exist"));
        bool seen = false;
        for (const QJsonValue &c : m_server.get(u"/v1/pull?after=0&limit=5000"_qs, m_a2).json[u"changes"].toArray())
            seen |= c[u"id"] == u"p12"_qs && c[u"op"] == u"delete"_qs;
        QVERIFY(seen);
        // Another device edited it offline meanwhile, or records a visit to it: kept for review.
        const HttpReply late = m_server.post(
            u"/v1/push"_qs,
            batch({entry(4, u"person"_qs, u"p12"_qs, u"update"_qs, edit(u"phone"_qs, {}, u"13700001111"_qs)),
                   entry(5, u"visit"_qs, u"v-late"_qs, u"create"_qs, visitTo(u"p12"_qs))}),
            m_a2);
        QCOMPARE(statuses(late), QStringList({u"rejected"_qs, u"rejected"_qs}));
    }

    void aStationAndItsServicesInOneBatch()
    {
        // The county's station staff name a travel point offline and log help there: both in
        // one push (the point enters their scope before the second entry). A cadre may not.
        QVERIFY(m_server.addUser(u"qian"_qs, u"station"_qs, u"510321"_qs, "qian-secret"));
        const QByteArray staff = m_server.enrol(u"qian"_qs, u"qian-secret"_qs);
        const QString station = u"01a2f3c4-0000-7000-8000-00000000a001"_qs;
        const QJsonObject point{{u"kind"_qs, u"travel_point"_qs}, {u"name"_qs, u"东站驿站"_qs}, {u"home_county"_qs, u"510321"_qs}};
        const QJsonObject help{{u"station_id"_qs, station}, {u"category"_qs, u"ticket"_qs}, {u"count"_qs, 2},
                               {u"at"_qs, qint64(1'764'000'000'000)}, {u"utc_offset_min"_qs, 480}};
        const HttpReply cadre = m_server.post(
            u"/v1/push"_qs, batch({entry(17, u"station"_qs, u"01a2f3c4-0000-7000-8000-00000000a002"_qs, u"create"_qs, point)}), m_a1);
        QCOMPARE(statuses(cadre), QStringList({u"rejected"_qs}));
        const HttpReply r = m_server.post(u"/v1/push"_qs,
                                          batch({entry(1, u"station"_qs, station, u"create"_qs, point),
                                                 entry(2, u"service"_qs, u"s-1"_qs, u"create"_qs, help)}),
                                          staff);
        QCOMPARE(statuses(r), QStringList({u"applied"_qs, u"applied"_qs}));
    }

    void aRevokedDeviceGets401()
    {
        QByteArray out;
        QCOMPARE(m_server.admin({u"admin"_qs, u"devices"_qs}, {}, &out), 0);
        QByteArray deviceId; // zhao's, m_b
        for (const QByteArray &line : out.trimmed().split('\n'))
            if (line.split('\t').value(1) == "zhao")
                deviceId = line.split('\t').first();
        QVERIFY(!deviceId.isEmpty());
        QCOMPARE(m_server.admin({u"admin"_qs, u"revoke"_qs, QString::fromLatin1(deviceId)}), 0);
        QCOMPARE(m_server.get(u"/v1/pull"_qs, m_b).status, 401);
        QCOMPARE(m_server.get(u"/v1/pull"_qs, m_a1).status, 200); // the others go on
    }

    void cleanupTestCase() { m_server.stop(); }
    // Whatever the test did, every scope's maintained checksum still equals a recount.
    void cleanup() { QVERIFY(m_server.digestsHold()); }
};

QTEST_GUILESS_MAIN(TestServer)
#include "tst_server.moc"
