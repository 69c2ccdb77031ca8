// SPDX-License-Identifier: GPL-3.0-or-later
// The console's review queue against the real server on a private PostgreSQL, with data from
// real devices (TestDevice: encrypted stores syncing over HTTP): the visits a rule flags,
// approved or returned with a comment that reaches the device that recorded them (and every
// other device holding the visit) at its next sync and shows on the visit; same-field conflicts
// resolved; a duplicate pair merged from the queue, reaching the devices; refused changes dealt
// with; campaign coverage by village with the households not yet visited; devices and users
// for administrators (revoke, wipe, scopes within their own, the second factor reset). Every
// action refused outside the user's scope or right, or without the page's token, and audited.
#include "consoleclient.h"
#include "core/domain/dashboard.h"
#include "core/domain/household.h"
#include "core/domain/records.h"
#include "core/domain/personrepository.h"
#include "core/domain/visit.h"
#include "core/sync/conflicts.h"
#include "serverfixture.h"
#include "support/noisejpeg.h"
#include "support/testsupport.h"
#include "testdevice.h"

#include <QJsonArray>
#include <QTest>

#include <latch>
#include <thread>

using namespace hearth;
using namespace hearth::test;

namespace {

const QString kVillage = u"510321100027"_qs, kTownshipB = u"510321102"_qs, kVillageB = u"510321102004"_qs;
// Another county of the city (富顺县), and a village of it.
const QString kOtherCounty = u"510322"_qs, kOtherVillage = u"510322003001"_qs;

QStringList flagsOf(const QJsonValue &v)
{
    QStringList out;
    for (const QJsonValue &f : v[u"flags"].toArray())
        out << f.toString();
    out.sort();
    return out;
}

// The queue's list of `what` (visits, conflicts, duplicates, refused).
QJsonArray items(const HttpReply &queue, const char *what) { return queue.json[QLatin1String(what)][u"items"].toArray(); }

} // namespace

class TestConsoleReview : public QObject
{
    Q_OBJECT

    ServerFixture m_server;
    ConsoleClient m_console{m_server};

    HttpReply queue(const Browser &b, const QString &area)
    {
        return m_console.call("GET", u"/console/api/review?area=%1&%2"_qs.arg(area, m_console.range()), b);
    }
    HttpReply act(const Browser &b, const char *what, const QJsonObject &body)
    {
        return m_console.call("POST", u"/console/api/review/"_qs + QLatin1String(what), b, body);
    }

    static domain::Visit visitTo(const QString &personId, const char *kind, bool located, qint64 cashFen)
    {
        domain::Visit v;
        v.personId = personId;
        v.kind = QLatin1String(kind);
        v.cashFen = cashFen;
        if (located)
            v.location.fix = location::Fix{29.45, 104.42, 8.0, QDateTime::currentMSecsSinceEpoch(), u"gnss"_qs, false};
        else
            v.location.reasonCode = u"no_fix"_qs;
        return v;
    }

    // A person of the village whose employer two cadres' devices (cadre-a, cadre-a2) changed
    // offline from one base: one conflict, which both devices hold after syncing. Its id.
    QString conflictedPerson(TestDevice &first, TestDevice &second, const QString &name, const QString &mine,
                             const QString &theirs)
    {
        if (!first.enrol(m_server.baseUrl(), u"cadre-a"_qs, kConsolePassword)
            || !second.enrol(m_server.baseUrl(), u"cadre-a2"_qs, kConsolePassword))
            return {};
        domain::Person p;
        p.name = name;
        p.areaCode = kVillage;
        auto id = domain::PersonRepository(first.db()).add(p);
        if (!id || !first.syncVerified(m_server.baseUrl()) || !second.syncVerified(m_server.baseUrl())
            || !domain::PersonRepository(first.db()).edit(*id, {{{u"employer"_qs, mine}}, {}, {}})
            || !domain::PersonRepository(second.db()).edit(*id, {{{u"employer"_qs, theirs}}, {}, {}})
            || !first.syncVerified(m_server.baseUrl()) || !second.syncVerified(m_server.baseUrl())
            || !first.syncVerified(m_server.baseUrl())) // the conflict its edit met
            return {};
        return *id;
    }

    // The open conflicts a device holds about one record.
    static QList<sync::Conflict> conflictsOf(TestDevice &d, const QString &recordId)
    {
        QList<sync::Conflict> out;
        auto all = sync::openConflicts(d.db());
        for (const sync::Conflict &c : all ? *all : QList<sync::Conflict>())
            if (c.recordId == recordId)
                out << c;
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_server.start());
        for (const auto &[user, role, scope] : {std::tuple{"cadre-a", "cadre", "510321100"}, {"cadre-a2", "cadre", "510321100027"},
                                                {"cadre-b", "cadre", "510321102"}, {"staff-a", "station", "510321"}})
            QVERIFY(m_server.addUser(QLatin1String(user), QLatin1String(role), QLatin1String(scope), kConsolePassword));
    }
    void cleanupTestCase() { m_server.stop(); }
    // After each: the report's figures equal their recount, and the audit chain holds (every
    // console action and merge appended to it).
    void cleanup()
    {
        QVERIFY(m_server.digestsHold());
        QByteArray out;
        QVERIFY2(m_server.admin({u"admin"_qs, u"audit"_qs, u"verify"_qs}, {}, &out) == 0, out.constData());
    }

    // The rules flag what they say and nothing else; a return's comment reaches the device that
    // recorded the visit and another holding it; an approval takes the visit off the queue too.
    void flaggedVisitsApprovedOrReturnedReachTheDevices()
    {
        TestDevice recorder, neighbour;
        QVERIFY(recorder.ok() && neighbour.ok());
        HEARTH_VERIFY_OK(recorder.enrol(m_server.baseUrl(), u"cadre-a"_qs, kConsolePassword));
        HEARTH_VERIFY_OK(neighbour.enrol(m_server.baseUrl(), u"cadre-a2"_qs, kConsolePassword));
        domain::Person p;
        p.name = u"陈家旺"_qs;
        p.areaCode = kVillage;
        auto person = domain::PersonRepository(recorder.db()).add(p);
        HEARTH_VERIFY_OK(person);
        domain::VisitRepository visits(recorder.db());
        auto noFix = visits.add(visitTo(*person, "phone", false, 0));         // no location
        auto noPhoto = visits.add(visitTo(*person, "home", true, 0));         // a home visit, no photo
        auto bigCash = visits.add(visitTo(*person, "phone", true, 100'000));  // ¥1,000: looked at
        auto smallCash = visits.add(visitTo(*person, "phone", true, 99'999)); // under: not
        for (const auto *id : {&noFix, &noPhoto, &bigCash, &smallCash})
            HEARTH_VERIFY_OK(*id);
        QVERIFY(recorder.syncVerified(m_server.baseUrl()));
        QVERIFY(neighbour.syncVerified(m_server.baseUrl()));

        const Browser b = m_console.newSupervisor(u"510321"_qs);
        QVERIFY(b.ok());
        HttpReply q = queue(b, u"510321"_qs);
        QCOMPARE(q.status, 200);
        QHash<QString, QStringList> flagged;
        for (const QJsonValue &v : items(q, "visits"))
            flagged.insert(v[u"id"].toString(), flagsOf(v));
        QCOMPARE(flagged.size(), 3);
        QCOMPARE(flagged.value(*noFix), QStringList{u"no_location"_qs});
        QCOMPARE(flagged.value(*noPhoto), QStringList{u"no_photo"_qs});
        QCOMPARE(flagged.value(*bigCash), QStringList{u"cash"_qs});
        QVERIFY(!flagged.contains(*smallCash));
        QCOMPARE(items(q, "visits").first()[u"person"].toString(), u"陈家旺"_qs);

        // Returned without a reason: refused, in both languages; nothing written.
        HttpReply r = act(b, "visit", {{u"visit"_qs, *noFix}, {u"decision"_qs, u"returned"_qs}, {u"comment"_qs, u"  "_qs}});
        QCOMPARE(r.status, 400);
        QVERIFY(r.json[u"reason_zh"].toString().contains(u"原因"));
        QVERIFY(r.json[u"reason_en"].toString().contains(u"returned"));
        const QString why = u"请补拍入户照片，并说明为何没有定位"_qs;
        r = act(b, "visit", {{u"visit"_qs, *noFix}, {u"decision"_qs, u"returned"_qs}, {u"comment"_qs, why}});
        QCOMPARE(r.status, 200);
        QVERIFY(!r.json[u"review"].toString().isEmpty());
        QCOMPARE(act(b, "visit", {{u"visit"_qs, *bigCash}, {u"decision"_qs, u"approved"_qs}}).status, 200);
        // Twice (a second supervisor at the same time, a double click): the second finds it done.
        r = act(b, "visit", {{u"visit"_qs, *bigCash}, {u"decision"_qs, u"returned"_qs}, {u"comment"_qs, u"再看看"_qs}});
        QCOMPARE(r.status, 404);
        q = queue(b, u"510321"_qs);
        QCOMPARE(items(q, "visits").size(), 1);
        QCOMPARE(items(q, "visits").first()[u"id"].toString(), *noPhoto);

        // At their next sync both devices hold the reviews and show them on the visits.
        QVERIFY(recorder.syncVerified(m_server.baseUrl()));
        QVERIFY(neighbour.syncVerified(m_server.baseUrl()));
        for (TestDevice *device : {&recorder, &neighbour}) {
            auto held = domain::VisitRepository(device->db()).list(*person);
            HEARTH_VERIFY_OK(held);
            QHash<QString, domain::Visit> byId;
            for (const domain::Visit &v : *held)
                byId.insert(v.id, v);
            QVERIFY(byId.value(*noFix).review.has_value());
            QCOMPARE(byId.value(*noFix).review->decision, u"returned"_qs);
            QCOMPARE(byId.value(*noFix).review->comment, why);
            QCOMPARE(byId.value(*bigCash).review->decision, u"approved"_qs);
            QVERIFY(!byId.value(*noPhoto).review.has_value());
            auto returned = domain::returnedVisits(device->db(), 10);
            HEARTH_VERIFY_OK(returned);
            QCOMPARE(returned->size(), 1);
            QCOMPARE(returned->first().visitId, *noFix);
            QCOMPARE(returned->first().name, u"陈家旺"_qs);
        }
        // Corrected in the field by a visit that supersedes it: no longer waiting there.
        domain::Visit again = visitTo(*person, "home", true, 0);
        again.supersedes = *noFix;
        HEARTH_VERIFY_OK(recorder.addVisitWithPhoto(*person, noiseJpeg(640 * 480, 5)));
        HEARTH_VERIFY_OK(visits.add(again));
        QCOMPARE(domain::returnedVisits(recorder.db(), 10)->size(), 0);
        QVERIFY(recorder.syncVerified(m_server.baseUrl()));
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM audit WHERE action = 'console.review'"), 2);
        // A device cannot write a review of its own (no role may; tst_access covers every role).
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM records WHERE entity = 'review'"), 2);
    }

    // A returned visit's review moves with it: the family moves to another township of the
    // county, and the review, found under its visit through the lookup key (schema 18), goes to
    // the new village with the person and the visit; that township's cadre receives it at the
    // next sync, and the queue does not offer the visit again.
    void aReviewMovesWithItsVisit()
    {
        TestDevice recorder, newTownship;
        QVERIFY(recorder.ok() && newTownship.ok());
        HEARTH_VERIFY_OK(recorder.enrol(m_server.baseUrl(), u"cadre-a"_qs, kConsolePassword));
        HEARTH_VERIFY_OK(newTownship.enrol(m_server.baseUrl(), u"cadre-b"_qs, kConsolePassword));
        domain::Person p;
        p.name = u"罗文秀"_qs;
        p.areaCode = kVillage;
        auto person = domain::PersonRepository(recorder.db()).add(p);
        HEARTH_VERIFY_OK(person);
        auto visit = domain::VisitRepository(recorder.db()).add(visitTo(*person, "phone", false, 0));
        HEARTH_VERIFY_OK(visit);
        QVERIFY(recorder.syncVerified(m_server.baseUrl()));
        const Browser b = m_console.newSupervisor(u"510321"_qs);
        QVERIFY(b.ok());
        QCOMPARE(act(b, "visit", {{u"visit"_qs, *visit}, {u"decision"_qs, u"returned"_qs}, {u"comment"_qs, u"请补定位"_qs}}).status, 200);

        domain::PersonEdit move;
        move.fields.insert(u"area_code"_qs, kVillageB);
        HEARTH_VERIFY_OK(domain::PersonRepository(recorder.db()).edit(*person, move));
        QVERIFY(recorder.syncVerified(m_server.baseUrl()));
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM records WHERE scope = $1 AND ((entity = 'visit' AND id = $2)"
                                   " OR (entity = 'review' AND body->>'visit_id' = $2))",
                                   {kVillageB, *visit}),
                 2);
        QVERIFY(newTownship.syncVerified(m_server.baseUrl()));
        auto held = domain::VisitRepository(newTownship.db()).list(*person);
        HEARTH_VERIFY_OK(held);
        QCOMPARE(held->size(), 1);
        QVERIFY(held->first().review.has_value());
        QCOMPARE(held->first().review->comment, u"请补定位"_qs);
        for (const QJsonValue &v : items(queue(b, u"510321"_qs), "visits"))
            QVERIFY(v[u"id"].toString() != *visit);
    }

    // Outside the scope or the right, or without the page's token: refused, nothing written.
    void reviewsAreRefusedOutsideTheScopeAndRight()
    {
        TestDevice phone;
        QVERIFY(phone.ok());
        HEARTH_VERIFY_OK(phone.enrol(m_server.baseUrl(), u"cadre-b"_qs, kConsolePassword));
        domain::Person p;
        p.name = u"刘小满"_qs;
        p.areaCode = kVillageB;
        auto person = domain::PersonRepository(phone.db()).add(p);
        HEARTH_VERIFY_OK(person);
        auto visit = domain::VisitRepository(phone.db()).add(visitTo(*person, "phone", false, 0));
        HEARTH_VERIFY_OK(visit);
        QVERIFY(phone.syncVerified(m_server.baseUrl()));
        const qint64 before = m_server.queryInt("SELECT count(*) FROM records WHERE entity = 'review'");

        // Another township's supervisor, the same county: the visit is not theirs.
        const Browser other = m_console.newSupervisor(u"510321100"_qs);
        QVERIFY(other.ok());
        HttpReply r = act(other, "visit", {{u"visit"_qs, *visit}, {u"decision"_qs, u"approved"_qs}});
        QCOMPARE(r.status, 403);
        QVERIFY(r.json[u"reason_zh"].toString().contains(u"范围"));
        for (const QJsonValue &v : items(queue(other, u"510321100"_qs), "visits"))
            QVERIFY(v[u"id"].toString() != *visit);
        QCOMPARE(queue(other, kTownshipB).status, 403); // by direct URL
        // Another county's: not even the queue.
        const Browser elsewhere = m_console.newSupervisor(u"110101"_qs);
        QVERIFY(elsewhere.ok());
        QCOMPARE(queue(elsewhere, u"510321"_qs).status, 403);
        QCOMPARE(act(elsewhere, "visit", {{u"visit"_qs, *visit}, {u"decision"_qs, u"approved"_qs}}).status, 403);
        // A station's staff may use the console for their station, not review.
        const Browser staff = m_console.signIn(u"staff-a"_qs);
        QVERIFY(staff.ok());
        QCOMPARE(queue(staff, u"510321"_qs).status, 403);
        QCOMPARE(act(staff, "visit", {{u"visit"_qs, *visit}, {u"decision"_qs, u"approved"_qs}}).status, 403);
        // The right supervisor, without the page's token (a forged form from another page).
        const Browser mine = m_console.newSupervisor(kTownshipB);
        QVERIFY(mine.ok());
        Browser forged = mine;
        forged.csrf = "not-the-token";
        QCOMPARE(act(forged, "visit", {{u"visit"_qs, *visit}, {u"decision"_qs, u"approved"_qs}}).status, 403);
        QCOMPARE(m_console
                     .call("POST", u"/console/api/review/visit"_qs, mine,
                           {{u"visit"_qs, *visit}, {u"decision"_qs, u"approved"_qs}}, {{"Origin", "http://evil.example"}})
                     .status,
                 403);
        QCOMPARE(act(mine, "visit", {{u"visit"_qs, *visit}, {u"decision"_qs, u"maybe"_qs}}).status, 400);
        QCOMPARE(act(mine, "visit", {{u"visit"_qs, u"no-such-visit"_qs}, {u"decision"_qs, u"approved"_qs}}).status, 404);
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM records WHERE entity = 'review'"), before);
        QCOMPARE(act(mine, "visit", {{u"visit"_qs, *visit}, {u"decision"_qs, u"approved"_qs}}).status, 200);
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM records WHERE entity = 'review'"), before + 1);
    }

    // A same-field conflict and a refused change, resolved from the queue; a duplicate pair
    // merged there reaches both devices at their next sync.
    void conflictsRefusalsAndDuplicatesAreDealtWith()
    {
        TestDevice first, second;
        QVERIFY(first.ok() && second.ok());
        HEARTH_VERIFY_OK(first.enrol(m_server.baseUrl(), u"cadre-a"_qs, kConsolePassword));
        HEARTH_VERIFY_OK(second.enrol(m_server.baseUrl(), u"cadre-a2"_qs, kConsolePassword));
        // The same person registered on both, offline: one ID number.
        domain::Person p;
        p.name = u"黄明远"_qs;
        p.areaCode = kVillage;
        p.idNumber = u"510321198803150016"_qs;
        p.gender = u"M"_qs;
        p.birthDate = u"1988-03-15"_qs;
        auto one = domain::PersonRepository(first.db()).add(p);
        p.phone = u"13800001234"_qs; // the second phone knows it, the first does not
        auto two = domain::PersonRepository(second.db()).add(p);
        HEARTH_VERIFY_OK(one);
        HEARTH_VERIFY_OK(two);
        HEARTH_VERIFY_OK(domain::VisitRepository(second.db()).add(visitTo(*two, "phone", true, 0)));
        QVERIFY(first.syncVerified(m_server.baseUrl()));
        QVERIFY(second.syncVerified(m_server.baseUrl()));
        // Both edit the occupation of the first record offline, from the same base.
        QVERIFY(first.syncVerified(m_server.baseUrl()));
        HEARTH_VERIFY_OK(domain::PersonRepository(first.db()).edit(*one, {{{u"occupation"_qs, u"电工"_qs}}, {}, {}}));
        HEARTH_VERIFY_OK(domain::PersonRepository(second.db()).edit(*one, {{{u"occupation"_qs, u"焊工"_qs}}, {}, {}}));
        QVERIFY(first.syncVerified(m_server.baseUrl()));
        QVERIFY(second.syncVerified(m_server.baseUrl()));
        // A change the server refuses: a person in a village outside the device's scope.
        const QByteArray token = m_server.enrol(u"cadre-a2"_qs, QString::fromUtf8(kConsolePassword));
        const HttpReply pushed = m_server.post(
            u"/v1/push"_qs,
            {{u"entries"_qs, QJsonArray{QJsonObject{{u"seq"_qs, 1}, {u"entity"_qs, u"person"_qs}, {u"entity_id"_qs, u"far-1"_qs},
                                                     {u"op"_qs, u"create"_qs},
                                                     {u"payload"_qs, QJsonObject{{u"name"_qs, u"远方"_qs}, {u"area_code"_qs, kVillageB}}}}}}},
            token);
        QCOMPARE(pushed.json[u"results"][0][u"status"].toString(), u"rejected"_qs);
        // One whose text PostgreSQL's JSON refuses (U+0000): kept as text, the queue still reads.
        const HttpReply nul = m_server.post(
            u"/v1/push"_qs,
            {{u"entries"_qs, QJsonArray{QJsonObject{{u"seq"_qs, 2}, {u"entity"_qs, u"person"_qs}, {u"entity_id"_qs, u"nul-1"_qs},
                                                     {u"op"_qs, u"create"_qs},
                                                     {u"payload"_qs, QJsonObject{{u"name"_qs, u"张"_qs + QChar(0) + u"三"_qs},
                                                                                 {u"area_code"_qs, kVillage}}}}}}},
            token);
        QCOMPARE(nul.json[u"results"][0][u"status"].toString(), u"rejected"_qs);

        const Browser b = m_console.newSupervisor(u"510321100"_qs);
        QVERIFY(b.ok());
        HttpReply q = queue(b, u"510321100"_qs);
        QCOMPARE(q.status, 200);
        // The conflict: both values, who made each.
        QJsonObject conflict;
        for (const QJsonValue &c : items(q, "conflicts"))
            if (c[u"record"].toString() == *one && c[u"field"].toString() == u"occupation")
                conflict = c.toObject();
        QVERIFY(!conflict.isEmpty());
        QCOMPARE(QSet<QString>({conflict[u"kept"].toString(), conflict[u"lost"].toString()}),
                 QSet<QString>({u"电工"_qs, u"焊工"_qs}));
        QCOMPARE(conflict[u"name"].toString(), u"黄明远"_qs);
        // The pair: both sides, ID numbers masked.
        QJsonObject pair;
        for (const QJsonValue &d : items(q, "duplicates"))
            if (QSet<QString>{d[u"first"][u"id"].toString(), d[u"second"][u"id"].toString()} == QSet<QString>{*one, *two})
                pair = d.toObject();
        QVERIFY(!pair.isEmpty());
        QCOMPARE(pair[u"first"][u"id_number"].toString(), u"510321********0016"_qs);
        QVERIFY(!QJsonDocument(q.json).toJson().contains("198803150017"));
        // The refusal: whose device, what, why.
        QJsonObject refusal;
        QStringList refusedNames;
        for (const QJsonValue &x : items(q, "refused"))
            if (x[u"user"].toString() == u"cadre-a2") {
                refusedNames << x[u"name"].toString();
                if (x[u"name"].toString() == u"远方")
                    refusal = x.toObject();
            }
        QVERIFY(!refusal.isEmpty());
        QVERIFY(refusal[u"reason"].toString().contains(u"scope"));
        QVERIFY(refusedNames.contains(u"张三"_qs)); // the NUL left out

        // Resolved, each once; a second time finds it done.
        QCOMPARE(act(b, "conflict", {{u"id"_qs, conflict[u"id"]}, {u"note"_qs, u"已电话核实"_qs}}).status, 200);
        QCOMPARE(act(b, "conflict", {{u"id"_qs, conflict[u"id"]}}).status, 404);
        for (const QJsonValue &x : items(q, "refused"))
            QCOMPARE(act(b, "refused", {{u"device"_qs, x[u"device"]}, {u"seq"_qs, x[u"seq"]}}).status, 200);
        QCOMPARE(act(b, "refused", {{u"device"_qs, refusal[u"device"]}, {u"seq"_qs, refusal[u"seq"]}}).status, 404);
        // Merged without a reason: refused. With one: the other record goes, its visit moves.
        QCOMPARE(act(b, "merge", {{u"keep"_qs, *one}, {u"other"_qs, *two}}).status, 400);
        QCOMPARE(act(b, "merge", {{u"keep"_qs, *one}, {u"other"_qs, *two}, {u"reason"_qs, u"同一身份证号"_qs}}).status, 200);
        QCOMPARE(act(b, "merge", {{u"keep"_qs, *one}, {u"other"_qs, *two}, {u"reason"_qs, u"再来一次"_qs}}).status, 404);
        // What the survivor lacked and the other held, it has: nothing of either is lost.
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM records WHERE entity = 'person' AND id = $1"
                                   " AND body->>'phone' = '13800001234'", {*one}),
                 1);
        q = queue(b, u"510321100"_qs);
        QVERIFY(items(q, "conflicts").isEmpty());
        QVERIFY(items(q, "duplicates").isEmpty());
        QVERIFY(items(q, "refused").isEmpty());
        for (TestDevice *device : {&first, &second}) {
            QVERIFY(device->syncVerified(m_server.baseUrl()));
            QCOMPARE(device->text("SELECT count(*) FROM people WHERE name = '黄明远'"), u"1"_qs);
            QCOMPARE(device->text(("SELECT count(*) FROM visits WHERE person_id = '" + one->toStdString() + "'").c_str()),
                     u"1"_qs);
        }
        for (const char *action : {"console.resolve_conflict", "merge"})
            QCOMPARE(m_server.queryInt("SELECT count(*) FROM audit WHERE action = $1 AND actor LIKE 'sup-%'", {QLatin1String(action)}), 1);
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM audit WHERE action = 'console.resolve_refused' AND actor LIKE 'sup-%'"),
                 refusedNames.size());
    }

    // A conflict follows its record to where the record is now: a worker moved to another county
    // takes it along. At the console, the old county's supervisor no longer sees it there
    // (neither values nor name) and cannot resolve it by its id; the new county's does. On the
    // devices, the new village's cadre, whose feed was long past the conflict's id, receives it
    // at the next sync (once, under its id); a device that held both villages, and had marked it
    // seen, does not see it come back.
    void aConflictFollowsItsRecordToAnotherCounty()
    {
        TestDevice first, second;
        QVERIFY(first.ok() && second.ok());
        const QString id = conflictedPerson(first, second, u"罗远行"_qs, u"宜宾砖厂"_qs, u"自贡盐厂"_qs);
        QVERIFY(!id.isEmpty());
        const auto conflictIn = [&](const Browser &b, const QString &area) {
            const HttpReply q = queue(b, area);
            for (const QJsonValue &c : items(q, "conflicts"))
                if (c[u"record"].toString() == id)
                    return c.toObject();
            return QJsonObject();
        };
        const Browser here = m_console.newSupervisor(u"510321"_qs), there = m_console.newSupervisor(kOtherCounty);
        QVERIFY(here.ok() && there.ok());
        const QJsonObject before = conflictIn(here, u"510321"_qs);
        QVERIFY(!before.isEmpty());
        QVERIFY(conflictIn(there, kOtherCounty).isEmpty());

        // The new village's cadre, synced now: the feed's cursor passes the conflict (not theirs).
        QVERIFY(m_server.addUser(u"cadre-arrival"_qs, u"cadre"_qs, kOtherVillage, kConsolePassword));
        TestDevice arrival;
        QVERIFY(arrival.ok());
        HEARTH_VERIFY_OK(arrival.enrol(m_server.baseUrl(), u"cadre-arrival"_qs, kConsolePassword));
        QVERIFY(arrival.syncVerified(m_server.baseUrl()));
        QVERIFY(conflictsOf(arrival, id).isEmpty());

        // The family moves to 富顺县. The village's cadre may not move them out of the county
        // (refused, and the device told where to turn); a cadre whose scope holds the village
        // there too (an administrator granted it) may.
        domain::PersonEdit move;
        move.fields.insert(u"area_code"_qs, kOtherVillage);
        HEARTH_VERIFY_OK(domain::PersonRepository(second.db()).edit(id, move));
        auto refused = second.sync(m_server.baseUrl(), {});
        HEARTH_VERIFY_OK(refused);
        QCOMPARE(refused->rejected.size(), 1);
        QVERIFY2(refused->rejected[0].reasonZh.contains(u"管理员"), qPrintable(refused->rejected[0].reasonZh));
        QVERIFY(m_server.addUser(u"cadre-both"_qs, u"cadre"_qs, kVillage + u',' + kOtherVillage, kConsolePassword));
        TestDevice both;
        QVERIFY(both.ok());
        HEARTH_VERIFY_OK(both.enrol(m_server.baseUrl(), u"cadre-both"_qs, kConsolePassword));
        QVERIFY(both.syncVerified(m_server.baseUrl()));
        QCOMPARE(conflictsOf(both, id).size(), 1);
        HEARTH_VERIFY_OK(sync::markConflictReviewed(both.db(), conflictsOf(both, id)[0].id, 1'764'000'000'000)); // "seen"
        HEARTH_VERIFY_OK(domain::PersonRepository(both.db()).edit(id, move));
        QVERIFY(both.syncVerified(m_server.baseUrl()));
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM records WHERE entity = 'person' AND id = $1 AND scope = $2",
                                   {id, kOtherVillage}),
                 1);
        // The devices: the new village's receives it now, under the id it had; the one that held
        // both villages had it before, marked it seen, and is not shown it again.
        QVERIFY(arrival.syncVerified(m_server.baseUrl()));
        const QList<sync::Conflict> arrived = conflictsOf(arrival, id);
        QCOMPARE(arrived.size(), 1);
        QCOMPARE(arrived[0].id, before[u"id"].toInteger());
        QCOMPARE(QSet<QString>({arrived[0].kept, arrived[0].lost}), QSet<QString>({u"宜宾砖厂"_qs, u"自贡盐厂"_qs}));
        QVERIFY(both.syncVerified(m_server.baseUrl()));
        QVERIFY(conflictsOf(both, id).isEmpty()); // the same conflict again: still seen, not a new one

        // The old county: not listed, nothing of it in the queue, and its id refused.
        const HttpReply old = queue(here, u"510321"_qs);
        QCOMPARE(old.status, 200);
        QVERIFY(conflictIn(here, u"510321"_qs).isEmpty());
        const QByteArray oldText = QJsonDocument(old.json).toJson();
        for (const char *secret : {"罗远行", "宜宾砖厂", "自贡盐厂"})
            QVERIFY2(!oldText.contains(secret), secret);
        QCOMPARE(act(here, "conflict", {{u"id"_qs, before[u"id"]}, {u"note"_qs, u"想替别县处理"_qs}}).status, 403);
        // The new county: listed with both values, and resolved there, once.
        const QJsonObject moved = conflictIn(there, kOtherCounty);
        QVERIFY(!moved.isEmpty());
        QCOMPARE(moved[u"id"], before[u"id"]);
        QCOMPARE(QSet<QString>({moved[u"kept"].toString(), moved[u"lost"].toString()}),
                 QSet<QString>({u"宜宾砖厂"_qs, u"自贡盐厂"_qs}));
        QCOMPARE(act(there, "conflict", {{u"id"_qs, moved[u"id"]}, {u"note"_qs, u"已电话核实"_qs}}).status, 200);
        QVERIFY(conflictIn(there, kOtherCounty).isEmpty());
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM conflicts WHERE record_id = $1 AND resolved_at IS NOT NULL", {id}), 1);
    }

    // The common move: to another township of the county. The new township's cadre, whose
    // conflict feed was past the conflict, receives it at the next sync; the old village's
    // cadre, who no longer holds the person, no longer lists it.
    void aConflictMovesToAnotherTownship()
    {
        TestDevice first, second, newTownship;
        QVERIFY(first.ok() && second.ok() && newTownship.ok());
        HEARTH_VERIFY_OK(newTownship.enrol(m_server.baseUrl(), u"cadre-b"_qs, kConsolePassword));
        const QString id = conflictedPerson(first, second, u"蒋过河"_qs, u"泸州酒厂"_qs, u"内江糖厂"_qs);
        QVERIFY(!id.isEmpty());
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM conflicts WHERE record_id = $1", {id}), 1);
        QVERIFY(newTownship.syncVerified(m_server.baseUrl())); // past the conflict, which is not its
        QCOMPARE(conflictsOf(newTownship, id).size(), 0);
        QCOMPARE(conflictsOf(first, id).size(), 1);

        domain::PersonEdit move;
        move.fields.insert(u"area_code"_qs, kVillageB);
        HEARTH_VERIFY_OK(domain::PersonRepository(first.db()).edit(id, move));
        QVERIFY(first.syncVerified(m_server.baseUrl()));
        QVERIFY(newTownship.syncVerified(m_server.baseUrl()));
        QCOMPARE(conflictsOf(newTownship, id).size(), 1);
        QCOMPARE(conflictsOf(first, id).size(), 0);
    }

    // A conflict reaches the stations that follow its record: one met before a station began to
    // follow the person (the station's device, synced before, long past its id) under the id it
    // has, and one met after; a station that does not follow them gets neither.
    void aConflictReachesTheStationsThatFollowItsRecord()
    {
        TestDevice first, second, head;
        QVERIFY(first.ok() && second.ok() && head.ok());
        const QString id = conflictedPerson(first, second, u"付远航"_qs, u"宜宾纸厂"_qs, u"自贡灯厂"_qs);
        QVERIFY(!id.isEmpty());
        // The branch stations' head (a county scope) makes two stations; a member of staff of each
        // (their station their only scope).
        HEARTH_VERIFY_OK(head.enrol(m_server.baseUrl(), u"staff-a"_qs, kConsolePassword));
        auto near = domain::RecordRepository(head.db()).addStation({{}, u"branch"_qs, u"广州工作站"_qs, u"510321"_qs, u"广州"_qs, {}});
        auto far = domain::RecordRepository(head.db()).addStation({{}, u"branch"_qs, u"东莞工作站"_qs, u"510321"_qs, u"东莞"_qs, {}});
        HEARTH_VERIFY_OK(near);
        HEARTH_VERIFY_OK(far);
        QVERIFY(head.syncVerified(m_server.baseUrl()));
        QVERIFY(m_server.addUser(u"staff-near"_qs, u"station"_qs, *near, kConsolePassword));
        QVERIFY(m_server.addUser(u"staff-far"_qs, u"station"_qs, *far, kConsolePassword));
        TestDevice nearby, farAway;
        QVERIFY(nearby.ok() && farAway.ok());
        HEARTH_VERIFY_OK(nearby.enrol(m_server.baseUrl(), u"staff-near"_qs, kConsolePassword));
        HEARTH_VERIFY_OK(farAway.enrol(m_server.baseUrl(), u"staff-far"_qs, kConsolePassword));
        QVERIFY(nearby.syncVerified(m_server.baseUrl()) && farAway.syncVerified(m_server.baseUrl()));
        QVERIFY(conflictsOf(nearby, id).isEmpty()); // not followed yet

        // The station takes the worker on.
        domain::PersonEdit follow;
        follow.fields.insert(u"station_id"_qs, *near);
        HEARTH_VERIFY_OK(domain::PersonRepository(head.db()).edit(id, follow));
        QVERIFY(head.syncVerified(m_server.baseUrl()));
        QVERIFY(nearby.syncVerified(m_server.baseUrl()) && farAway.syncVerified(m_server.baseUrl()));
        QCOMPARE(nearby.text(("SELECT count(*) FROM people WHERE id = '" + id + "'").toUtf8().constData()), u"1"_qs);
        const QList<sync::Conflict> before = conflictsOf(nearby, id);
        QCOMPARE(before.size(), 1);
        QCOMPARE(before[0].id, m_server.queryInt("SELECT min(id) FROM conflicts WHERE record_id = $1", {id}));
        QVERIFY(conflictsOf(farAway, id).isEmpty());

        // Another conflict, now that it is followed.
        HEARTH_VERIFY_OK(domain::PersonRepository(first.db()).edit(id, {{{u"employer"_qs, u"乐山茶厂"_qs}}, {}, {}}));
        HEARTH_VERIFY_OK(domain::PersonRepository(second.db()).edit(id, {{{u"employer"_qs, u"眉山布厂"_qs}}, {}, {}}));
        QVERIFY(first.syncVerified(m_server.baseUrl()) && second.syncVerified(m_server.baseUrl()));
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM conflicts WHERE record_id = $1", {id}), 2);
        QVERIFY(nearby.syncVerified(m_server.baseUrl()) && farAway.syncVerified(m_server.baseUrl()));
        QCOMPARE(conflictsOf(nearby, id).size(), 2);
        QVERIFY(conflictsOf(farAway, id).isEmpty());

        // The worker moves on to the other station: it receives every conflict; the first
        // station drops the person and receives nothing met after.
        follow.fields.insert(u"station_id"_qs, *far);
        HEARTH_VERIFY_OK(domain::PersonRepository(head.db()).edit(id, follow));
        QVERIFY(head.syncVerified(m_server.baseUrl()));
        // (The village's phones hold the person with a station they do not hold, and edit them.)
        QCOMPARE(first.text(("SELECT station_id FROM people WHERE id = '" + id + "'").toUtf8().constData()), *near);
        HEARTH_VERIFY_OK(domain::PersonRepository(first.db()).edit(id, {{{u"employer"_qs, u"雅安茶厂"_qs}}, {}, {}}));
        HEARTH_VERIFY_OK(domain::PersonRepository(second.db()).edit(id, {{{u"employer"_qs, u"广元煤矿"_qs}}, {}, {}}));
        QVERIFY(first.syncVerified(m_server.baseUrl()) && second.syncVerified(m_server.baseUrl()));
        // (Each phone edited from what it last had: each push meets the other's value.)
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM conflicts WHERE record_id = $1", {id}), 4);
        QVERIFY(nearby.syncVerified(m_server.baseUrl()) && farAway.syncVerified(m_server.baseUrl()));
        QCOMPARE(farAway.text(("SELECT count(*) FROM people WHERE id = '" + id + "'").toUtf8().constData()), u"1"_qs);
        QCOMPARE(conflictsOf(farAway, id).size(), 4);
        QCOMPARE(nearby.text(("SELECT count(*) FROM people WHERE id = '" + id + "'").toUtf8().constData()), u"0"_qs);
        QCOMPARE(nearby.text(("SELECT count(*) FROM sync_conflicts WHERE record_id = '" + id + "'").toUtf8().constData()), u"0"_qs);
        // And the server names the first station on none of them any more (its feed reads that).
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM conflicts WHERE record_id = $1 AND $2 = ANY(extra_scopes)", {id, *near}), 0);
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM conflicts WHERE record_id = $1 AND $2 = ANY(extra_scopes)", {id, *far}), 4);
    }

    // Two supervisors at the same moment: reviewing one visit (one decision lands, the other
    // finds it done), and merging a pair while the other marks it two people (one lands; a
    // person is merged away exactly when the merge did). Three of each, requests released together.
    void twoSupervisorsAtTheSameMoment()
    {
        TestDevice first, second;
        QVERIFY(first.ok() && second.ok());
        HEARTH_VERIFY_OK(first.enrol(m_server.baseUrl(), u"cadre-a"_qs, kConsolePassword));
        HEARTH_VERIFY_OK(second.enrol(m_server.baseUrl(), u"cadre-a2"_qs, kConsolePassword));
        QStringList visits;
        QList<QPair<QString, QString>> pairs;
        for (int i = 0; i < 3; ++i) {
            domain::Person p;
            p.name = u"同时%1"_qs.arg(i);
            p.areaCode = kVillage;
            p.idNumber = QStringList{u"510321199001010016"_qs, u"510321199102020029"_qs, u"510321199203030031"_qs}[i];
            auto one = domain::PersonRepository(first.db()).add(p);
            auto two = domain::PersonRepository(second.db()).add(p);
            HEARTH_VERIFY_OK(one);
            HEARTH_VERIFY_OK(two);
            pairs.append({*one, *two});
            auto visit = domain::VisitRepository(first.db()).add(visitTo(*one, "phone", false, 0));
            HEARTH_VERIFY_OK(visit);
            visits << *visit;
        }
        QVERIFY(first.syncVerified(m_server.baseUrl()));
        QVERIFY(second.syncVerified(m_server.baseUrl()));
        const Browser a = m_console.newSupervisor(u"510321"_qs), b = m_console.newSupervisor(u"510321"_qs);
        QVERIFY(a.ok() && b.ok());
        const auto together = [](const std::function<HttpReply()> &left, const std::function<HttpReply()> &right) {
            std::latch go(2);
            HttpReply l, r;
            std::thread tl([&] { go.arrive_and_wait(); l = left(); });
            std::thread tr([&] { go.arrive_and_wait(); r = right(); });
            tl.join();
            tr.join();
            return std::pair{l, r};
        };
        for (const QString &visit : visits) {
            const auto [l, r] = together(
                [&] { return act(a, "visit", {{u"visit"_qs, visit}, {u"decision"_qs, u"approved"_qs}}); },
                [&] { return act(b, "visit", {{u"visit"_qs, visit}, {u"decision"_qs, u"returned"_qs}, {u"comment"_qs, u"请补拍"_qs}}); });
            QCOMPARE(QSet<int>({l.status, r.status}), QSet<int>({200, 404}));
            QCOMPARE(m_server.queryInt("SELECT count(*) FROM records WHERE entity = 'review' AND body->>'visit_id' = $1", {visit}), 1);
        }
        for (const auto &[one, two] : std::as_const(pairs)) {
            const qint64 pair = m_server.queryInt("SELECT id FROM duplicates WHERE first_id = least($1, $2) AND second_id = greatest($1, $2)",
                                                  {one, two});
            QVERIFY(pair > 0);
            const auto [merge, apart] = together(
                [&] { return act(a, "merge", {{u"keep"_qs, one}, {u"other"_qs, two}, {u"reason"_qs, u"同一人"_qs}}); },
                [&] { return act(b, "apart", {{u"id"_qs, pair}, {u"reason"_qs, u"两个人"_qs}}); });
            QCOMPARE(QSet<int>({merge.status, apart.status}), QSet<int>({200, 404}));
            QCOMPARE(m_server.queryInt("SELECT count(*) FROM records WHERE entity = 'person' AND id = $1 AND deleted", {two}),
                     merge.status == 200 ? 1 : 0);
            QCOMPARE(m_server.queryInt("SELECT count(*) FROM duplicates WHERE id = $1 AND resolved_at IS NOT NULL", {pair}), 1);
        }
        QVERIFY(first.syncVerified(m_server.baseUrl()));
        QVERIFY(second.syncVerified(m_server.baseUrl()));
    }

    // A campaign for returned workers in one village: two of three households are its targets,
    // one is visited in it (a visit outside the campaign does not count); by village, and the
    // household left. Another county's supervisor: refused.
    void coverageByVillageWithTheHouseholdsLeft()
    {
        QVERIFY(m_server.addUser(u"cadre-cov"_qs, u"cadre"_qs, kTownshipB, kConsolePassword));
        TestDevice phone;
        QVERIFY(phone.ok());
        HEARTH_VERIFY_OK(phone.enrol(m_server.baseUrl(), u"cadre-cov"_qs, kConsolePassword));
        const QString village = kVillageB;
        domain::RecordRepository records(phone.db());
        auto campaign = records.addCampaign({{}, u"春节走访"_qs, QDate::currentDate().addDays(-5).toString(Qt::ISODate),
                                             QDate::currentDate().addDays(20).toString(Qt::ISODate), {}, u"returned"_qs, {village}});
        HEARTH_VERIFY_OK(campaign);
        QStringList heads{u"王大山"_qs, u"王二河"_qs, u"王三林"_qs}, households, people;
        for (int i = 0; i < 3; ++i) {
            auto h = domain::HouseholdRepository(phone.db()).add({{}, village, u"一组 %1 号"_qs.arg(i + 1), heads[i], {}, {}});
            HEARTH_VERIFY_OK(h);
            households << *h;
            domain::Person p;
            p.name = heads[i];
            p.areaCode = village;
            p.householdId = *h;
            p.status = i < 2 ? u"returned"_qs : u"away"_qs; // the third: not a target
            auto person = domain::PersonRepository(phone.db()).add(p);
            HEARTH_VERIFY_OK(person);
            people << *person;
        }
        domain::Visit inCampaign = visitTo(people[0], "phone", true, 0);
        inCampaign.campaignId = *campaign;
        HEARTH_VERIFY_OK(domain::VisitRepository(phone.db()).add(inCampaign));
        HEARTH_VERIFY_OK(domain::VisitRepository(phone.db()).add(visitTo(people[1], "phone", true, 0))); // not in it
        QVERIFY(phone.syncVerified(m_server.baseUrl()));

        const Browser b = m_console.newSupervisor(u"510321"_qs);
        QVERIFY(b.ok());
        HttpReply c = m_console.call("GET", u"/console/api/coverage?area=%1"_qs.arg(kTownshipB), b);
        QCOMPARE(c.status, 200);
        QCOMPARE(c.json[u"campaign"][u"id"].toString(), *campaign);
        QCOMPARE(c.json[u"targets"].toInteger(), 2);
        QCOMPARE(c.json[u"visited"].toInteger(), 1);
        QJsonObject row;
        for (const QJsonValue &r : c.json[u"rows"].toArray())
            if (r[u"code"].toString() == village)
                row = r.toObject();
        QCOMPARE(row[u"targets"].toInteger(), 2);
        QCOMPARE(row[u"visited"].toInteger(), 1);
        QCOMPARE(c.json[u"unvisited"].toArray().size(), 1);
        QCOMPARE(c.json[u"unvisited"][0][u"head"].toString(), u"王二河"_qs);
        // The county: by township; the province above: choose a county.
        c = m_console.call("GET", u"/console/api/coverage?area=510321&campaign=%1"_qs.arg(*campaign), b);
        QCOMPARE(c.status, 200);
        QCOMPARE(c.json[u"targets"].toInteger(), 2);
        QVERIFY(std::any_of(c.json[u"rows"].toArray().begin(), c.json[u"rows"].toArray().end(),
                            [](const QJsonValue &r) { return r[u"code"].toString() == kTownshipB && r[u"visited"].toInteger() == 1; }));
        QCOMPARE(m_console.call("GET", u"/console/api/coverage?area=510321&campaign=bad'id"_qs, b).status, 400);
        // A campaign whose targets reach past its maker's scope (the province, a bad code): refused at push.
        const QByteArray token = m_server.enrol(u"cadre-cov"_qs, QString::fromUtf8(kConsolePassword));
        int seq = 0;
        for (const QJsonArray &targets : {QJsonArray{village, u"51"_qs}, QJsonArray{village, u"5"_qs}}) {
            const HttpReply wide = m_server.post(
                u"/v1/push"_qs,
                {{u"entries"_qs, QJsonArray{QJsonObject{{u"seq"_qs, ++seq}, {u"entity"_qs, u"campaign"_qs},
                                                         {u"entity_id"_qs, u"wide-"_qs + targets.last().toString()}, {u"op"_qs, u"create"_qs},
                                                         {u"payload"_qs, QJsonObject{{u"name"_qs, u"全省"_qs}, {u"starts_on"_qs, u"2026-01-01"_qs},
                                                                                     {u"ends_on"_qs, u"2099-12-31"_qs}, {u"target_areas"_qs, targets}}}}}}},
                token);
            QCOMPARE(wide.json[u"results"][0][u"status"].toString(), u"rejected"_qs);
            QVERIFY(wide.json[u"results"][0][u"reason_en"].toString().contains(u"target area"));
        }
        const Browser elsewhere = m_console.newSupervisor(u"110101"_qs);
        QVERIFY(elsewhere.ok());
        QCOMPARE(m_console.call("GET", u"/console/api/coverage?area=%1"_qs.arg(kTownshipB), elsewhere).status, 403);
    }

    // Administrators see the devices and users inside their scope and act on them; a supervisor
    // may not; an administrator may not widen a scope past their own.
    void devicesAndUsersForAdministrators()
    {
        QVERIFY(m_server.addUser(u"admin-a"_qs, u"admin"_qs, u"510321"_qs, kConsolePassword));
        QVERIFY(m_server.addUser(u"cadre-far"_qs, u"cadre"_qs, u"110101"_qs, kConsolePassword));
        TestDevice phone, far;
        QVERIFY(phone.ok() && far.ok());
        HEARTH_VERIFY_OK(phone.enrol(m_server.baseUrl(), u"cadre-a"_qs, kConsolePassword));
        HEARTH_VERIFY_OK(far.enrol(m_server.baseUrl(), u"cadre-far"_qs, kConsolePassword));
        QVERIFY(phone.syncVerified(m_server.baseUrl()));
        const QString deviceId = phone.meta("sync.device_id");
        QVERIFY(!deviceId.isEmpty());
        const QString farId = far.meta("sync.device_id");

        const Browser supervisor = m_console.newSupervisor(u"510321"_qs);
        QCOMPARE(m_console.call("GET", u"/console/api/fleet"_qs, supervisor).status, 403);
        QCOMPARE(m_console.call("POST", u"/console/api/fleet/revoke"_qs, supervisor, {{u"device"_qs, deviceId}}).status, 403);
        const Browser admin = m_console.signIn(u"admin-a"_qs);
        QVERIFY(admin.ok());
        HttpReply f = m_console.call("GET", u"/console/api/fleet"_qs, admin);
        QCOMPARE(f.status, 200);
        QStringList users, devices;
        for (const QJsonValue &u : f.json[u"users"].toArray())
            users << u[u"name"].toString();
        for (const QJsonValue &d : f.json[u"devices"].toArray())
            devices << d[u"id"].toString();
        QVERIFY(users.contains(u"cadre-a"_qs));
        QVERIFY(!users.contains(u"cadre-far"_qs)); // another county's
        QVERIFY(devices.contains(deviceId));
        QVERIFY(!devices.contains(farId));
        // Not theirs: refused; a scope wider than their own: refused.
        QCOMPARE(m_console.call("POST", u"/console/api/fleet/revoke"_qs, admin, {{u"device"_qs, farId}}).status, 403);
        QCOMPARE(m_console.call("POST", u"/console/api/fleet/scopes"_qs, admin,
                                {{u"user"_qs, u"cadre-a"_qs}, {u"scopes"_qs, QJsonArray{u"51"_qs}}}).status,
                 403);
        QCOMPARE(m_console.call("POST", u"/console/api/fleet/lease"_qs, admin, {{u"user"_qs, u"cadre-a"_qs}, {u"days"_qs, 0}}).status, 400);
        // Theirs: the scope narrowed, the lease set, a wipe asked, then revoked.
        QCOMPARE(m_console.call("POST", u"/console/api/fleet/scopes"_qs, admin,
                                {{u"user"_qs, u"cadre-a"_qs}, {u"scopes"_qs, QJsonArray{kVillage}}}).status,
                 200);
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM users WHERE name = 'cadre-a' AND scopes = ARRAY[$1]", {kVillage}), 1);
        QCOMPARE(m_console.call("POST", u"/console/api/fleet/lease"_qs, admin, {{u"user"_qs, u"cadre-a"_qs}, {u"days"_qs, 14}}).status, 200);
        QCOMPARE(m_console.call("POST", u"/console/api/fleet/wipe"_qs, admin, {{u"device"_qs, deviceId}}).status, 200);
        QCOMPARE(m_console.call("POST", u"/console/api/fleet/revoke"_qs, admin, {{u"device"_qs, deviceId}, {u"reason"_qs, u"丢失"_qs}}).status,
                 200);
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM devices WHERE id = $1 AND revoked_at IS NOT NULL"
                                   " AND wipe_requested_at IS NOT NULL", {deviceId}), 1);
        // Never on themselves (their own scope, their second factor), nor on another administrator.
        QVERIFY(m_server.addUser(u"admin-b"_qs, u"admin"_qs, u"510321"_qs, kConsolePassword));
        for (const QString &who : {u"admin-a"_qs, u"admin-b"_qs}) {
            QCOMPARE(m_console.call("POST", u"/console/api/fleet/scopes"_qs, admin,
                                    {{u"user"_qs, who}, {u"scopes"_qs, QJsonArray{u"510321"_qs}}}).status,
                     403);
            QCOMPARE(m_console.call("POST", u"/console/api/fleet/totp_reset"_qs, admin, {{u"user"_qs, who}}).status, 403);
        }
        // A station is granted only by one who holds it: it follows people beyond its county.
        TestDevice staffPhone;
        QVERIFY(staffPhone.ok());
        HEARTH_VERIFY_OK(staffPhone.enrol(m_server.baseUrl(), u"staff-a"_qs, kConsolePassword));
        auto station = domain::RecordRepository(staffPhone.db()).addStation({{}, u"branch"_qs, u"驻外工作站"_qs, u"510321"_qs, {}, {}});
        HEARTH_VERIFY_OK(station);
        QVERIFY(staffPhone.syncVerified(m_server.baseUrl()));
        QCOMPARE(m_console.call("POST", u"/console/api/fleet/scopes"_qs, admin,
                                {{u"user"_qs, u"cadre-a"_qs}, {u"scopes"_qs, QJsonArray{kVillage, *station}}}).status,
                 403);
        // The second factor reset: the supervisor's session ends, the next sign-in enrols again.
        const QString sup = m_console.lastSupervisor();
        QCOMPARE(m_console.call("POST", u"/console/api/fleet/totp_reset"_qs, admin, {{u"user"_qs, sup}}).status, 200);
        QCOMPARE(m_console.call("GET", u"/console/api/me"_qs, supervisor).status, 401);
        const HttpReply offer = m_console.signInRequest(sup, kConsolePassword, {});
        QVERIFY(offer.json[u"enrol"].toBool());
        QVERIFY(offer.json[u"secret"].toString() != m_console.secrets.value(sup));
        for (const char *action : {"user.scope", "user.lease", "device.wipe", "device.revoke", "console.totp_reset"})
            QCOMPARE(m_server.queryInt("SELECT count(*) FROM audit WHERE action = $1 AND actor = 'admin-a'", {QLatin1String(action)}), 1);
    }

    // A first sign-in's secret is good for a limited time; `admin user totp-reset` forgets a
    // lost phone's.
    void anEnrolmentOfferExpiresAndAnAdministratorResets()
    {
        QVERIFY(m_server.addUser(u"slow"_qs, u"supervisor"_qs, u"510321"_qs, kConsolePassword));
        const QString first = m_console.signInRequest(u"slow"_qs, kConsolePassword, {}).json[u"secret"].toString();
        QVERIFY(!first.isEmpty());
        QVERIFY(m_server.execSql("UPDATE users SET totp_pending_at = now() - interval '16 minutes' WHERE name = 'slow'"));
        // The old offer's code no longer enrols: a new secret is offered instead.
        const HttpReply late = m_console.signInRequest(u"slow"_qs, kConsolePassword,
                                                       server::console::totpCode(first, QDateTime::currentSecsSinceEpoch()));
        QVERIFY(late.json[u"enrol"].toBool());
        QVERIFY(late.json[u"secret"].toString() != first);
        QVERIFY(late.header("set-cookie").isEmpty());
        m_console.secrets.insert(u"slow"_qs, late.json[u"secret"].toString());
        QVERIFY(m_console.signIn(u"slow"_qs).ok());
        QByteArray out;
        QCOMPARE(m_server.admin({u"admin"_qs, u"user"_qs, u"totp-reset"_qs, u"slow"_qs}, {}, &out), 0);
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM users WHERE name = 'slow' AND totp_secret IS NULL"), 1);
        QVERIFY(m_server.admin({u"admin"_qs, u"user"_qs, u"totp-reset"_qs, u"nobody-here"_qs}) != 0);
    }

    // TOTP secrets at rest: sealed in PostgreSQL with the key beside the photos; a sealed secret
    // copied to another user's row does not open there; one stored before sealing is sealed at
    // the next start and still works.
    void secondFactorSecretsAreSealedAtRest()
    {
        const Browser first = m_console.newSupervisor(u"510321"_qs);
        QVERIFY(first.ok());
        const QString owner = m_console.lastSupervisor();
        const QString secret = m_console.secrets.value(owner);
        QVERIFY(!secret.isEmpty());
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM users WHERE name = $1 AND totp_secret LIKE 'sealed:%'"
                                   " AND strpos(totp_secret, $2) = 0",
                                   {owner, secret}),
                 1);
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM users WHERE totp_secret IS NOT NULL AND totp_secret NOT LIKE 'sealed:%'"), 0);
        // Another user given the owner's sealed secret (someone who can write the table): it
        // does not open for them, so the owner's app does not sign them in.
        QVERIFY(m_server.addUser(u"copycat"_qs, u"supervisor"_qs, u"510321"_qs, kConsolePassword));
        QVERIFY(m_server.execSql("UPDATE users SET totp_secret = (SELECT totp_secret FROM users WHERE name = $1),"
                                 " totp_last_step = NULL WHERE name = 'copycat'",
                                 {owner}));
        const HttpReply copied = m_console.signInRequest(u"copycat"_qs, kConsolePassword,
                                                         server::console::totpCode(secret, m_console.nextCodeTime(owner)));
        QCOMPARE(copied.status, 403);
        QVERIFY(copied.header("set-cookie").isEmpty());
        // A secret stored before sealing (an older server): sealed at the next start, still good.
        const QString old = u"JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"_qs;
        QVERIFY(m_server.execSql("UPDATE users SET totp_secret = $1, totp_last_step = NULL WHERE name = 'copycat'", {old}));
        QVERIFY(m_server.killServer());
        QVERIFY(m_server.startServer());
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM users WHERE name = 'copycat' AND totp_secret LIKE 'sealed:%'"), 1);
        m_console.secrets.insert(u"copycat"_qs, old);
        QVERIFY(m_console.signIn(u"copycat"_qs).ok());
    }
};

QTEST_GUILESS_MAIN(TestConsoleReview)
#include "tst_console_review.moc"
