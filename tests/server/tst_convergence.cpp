// SPDX-License-Identifier: GPL-3.0-or-later
// Convergence: several devices of one scope make random offline edits (new people, the same
// worker registered twice with one ID number, the same fields of the same people, tags,
// visits, moves between the scope's two villages, deletes of files entered by mistake), and
// sometimes a phone is copied (cp -a) or a device revoked and enrolled again; they sync in
// random orders through the real server and PostgreSQL. A device of one of the two villages
// only watches its people come and go. At the end every device of a scope and the server agree
// (what the server refused and keeps for review aside), the daily checksum finds no drift, no
// round failed (a copy is told, enrols again and goes on), every pair of records with one ID
// number is listed for a supervisor, and no value anyone wrote vanished silently: each is the
// final value, or the base of a later edit (someone saw it and changed it), or kept as the
// losing side of a conflict. Seeds: HEARTH_CONVERGENCE_SEEDS (default 4; scripts/convergence.sh
// runs hundreds), steps per seed: HEARTH_CONVERGENCE_STEPS.
#include "core/domain/personrepository.h"
#include "core/domain/visit.h"
#include "core/protocol/entry.h"
#include "core/sync/syncengine.h"
#include "core/storage/database.h"
#include "server/pg.h"
#include "serverfixture.h"
#include "support/testsupport.h"
#include "testdevice.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSet>
#include <QTest>

using namespace hearth;
using namespace hearth::test;

namespace {

const QStringList kFields = {u"phone"_qs, u"employer"_qs, u"work_city"_qs, u"wishes"_qs, u"status"_qs};
const QStringList kCompared = kFields + QStringList{u"area_code"_qs, u"id_number"_qs, u"name"_qs};

struct Edit
{
    QString person, field, before, after;
};

// A device's snapshot without what the server refused and keeps for review (visits to a
// person another device deleted, say) and without the people whose delete waits for them: by
// design only this device holds those until a supervisor resolves them.
QJsonObject comparable(TestDevice &d)
{
    QSet<QString> aside;
    auto stmt = d.db().prepare("SELECT o.entity_id FROM sync_rejections r JOIN outbox o ON o.seq = r.seq WHERE o.op = 'create'"
                               " UNION SELECT record_id FROM sync_setaside");
    while (stmt && stmt->step().value_or(false))
        aside.insert(stmt->columnText(0));
    QJsonObject snap = d.snapshot();
    for (const QString &table : snap.keys()) {
        QJsonArray kept;
        for (const QJsonValue &row : snap[table].toArray()) {
            const QJsonObject o = row.toObject();
            bool skip = false;
            for (const char *key : {"id", "visit_id", "person_id", "owner_id"})
                skip |= aside.contains(o.value(QLatin1String(key)).toString());
            if (!skip)
                kept.append(o);
        }
        snap.insert(table, kept);
    }
    return snap;
}

int envInt(const char *name, int fallback)
{
    bool ok = false;
    const int v = qEnvironmentVariableIntValue(name, &ok);
    return ok && v > 0 ? v : fallback;
}

} // namespace

class TestConvergence : public QObject
{
    Q_OBJECT

    ServerFixture m_server;

    static QString randomValue(const QString &field, QRandomGenerator &r, int serial)
    {
        if (field == u"phone")
            return u"13%1"_qs.arg(r.bounded(100000000, 999999999));
        if (field == u"status")
            return QStringList{u"away"_qs, u"returned"_qs, u"local"_qs}.at(r.bounded(3));
        return u"%1-%2-%3"_qs.arg(field).arg(serial).arg(r.bounded(1000));
    }

    // The server's people of the scope: id → {field: value, tags: [...]}.
    QHash<QString, QJsonObject> serverPeople()
    {
        QHash<QString, QJsonObject> out;
        auto pg = server::Pg::connect(m_server.databaseUrl());
        if (!pg)
            return out;
        auto r = pg->exec("SELECT id, body FROM records WHERE entity = 'person' AND NOT deleted");
        for (int i = 0; r && i < r->rows(); ++i)
            out.insert(r->text(i, 0), QJsonDocument::fromJson(r->bytes(i, 1)).object());
        return out;
    }

    QSet<QString> lostValues(const QString &person, const QString &field)
    {
        QSet<QString> out;
        auto pg = server::Pg::connect(m_server.databaseUrl());
        if (!pg)
            return out;
        auto r = pg->exec("SELECT lost FROM conflicts WHERE record_id = $1 AND field = $2", {person, field});
        for (int i = 0; r && i < r->rows(); ++i)
            out.insert(r->text(i, 0));
        // Refused (an edit to a worker who had moved out of the editor's scope, say): kept for review.
        auto refused = pg->exec("SELECT payload::jsonb->'fields'->$2->>'new' FROM rejections WHERE id = $1 AND op = 'update'",
                                {person, field});
        for (int i = 0; refused && i < refused->rows(); ++i)
            out.insert(refused->text(i, 0));
        return out;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_server.start()); }

    void randomOfflineEditsConverge_data()
    {
        QTest::addColumn<quint32>("seed");
        const int seeds = envInt("HEARTH_CONVERGENCE_SEEDS", 4);
        const quint32 first = quint32(envInt("HEARTH_CONVERGENCE_FIRST_SEED", 1));
        for (quint32 s = first; s < first + quint32(seeds); ++s)
            QTest::addRow("seed %u", s) << s;
    }

    void randomOfflineEditsConverge()
    {
        QFETCH(quint32, seed);
        QRandomGenerator r(seed);
        const int steps = envInt("HEARTH_CONVERGENCE_STEPS", 60);
        const int deviceCount = 2 + int(r.bounded(3)); // 2..4
        // Each seed its own user and village (of the test areas' villages, in turn), so a long
        // run does not pile every earlier seed's people onto the next one's devices.
        const QString user = u"seed%1"_qs.arg(seed), watcher = u"watch%1"_qs.arg(seed);
        QString village, other;
        {
            TestDevice probe;
            QVERIFY(probe.ok());
            const qint64 villages = probe.db().queryInt("SELECT count(*) FROM areas WHERE level = 5").value();
            auto nth = [&](qint64 n) {
                return probe.text(qPrintable(u"SELECT code FROM areas WHERE level = 5 ORDER BY code LIMIT 1 OFFSET %1"_qs.arg(n)));
            };
            village = nth(seed % villages);
            other = nth((seed + 1) % villages);
        }
        const QByteArray password = "pass-" + user.toLatin1();
        QCOMPARE(m_server.admin({u"admin"_qs, u"user"_qs, u"add"_qs, user, u"--role"_qs, u"cadre"_qs, u"--scope"_qs,
                                 village + u',' + other},
                                password),
                 0);
        QCOMPARE(m_server.admin({u"admin"_qs, u"user"_qs, u"add"_qs, watcher, u"--role"_qs, u"cadre"_qs, u"--scope"_qs, village},
                                password),
                 0);
        std::vector<std::unique_ptr<TestDevice>> devices;
        for (int i = 0; i < deviceCount; ++i) {
            devices.push_back(std::make_unique<TestDevice>());
            QVERIFY(devices.back()->ok());
            HEARTH_VERIFY_OK(devices.back()->enrol(m_server.baseUrl(), user, password));
        }
        TestDevice watching; // the first village only
        QVERIFY(watching.ok());
        HEARTH_VERIFY_OK(watching.enrol(m_server.baseUrl(), watcher, password));
        // Two ID numbers for this seed: registering one of them again makes a duplicate pair.
        QStringList idPool;
        for (int i = 0; i < 2; ++i) {
            const QString first17 = u"5103211980%1%2%3"_qs.arg(int(1 + seed % 12), 2, 10, QLatin1Char('0'))
                                        .arg(int(1 + seed % 28), 2, 10, QLatin1Char('0'))
                                        .arg(int((seed * 2 + i) % 1000), 3, 10, QLatin1Char('0'));
            idPool << first17 + domain::idCheckCharacter(first17);
        }
        // One round that must not fail; a copy is told so, enrols again and goes on.
        auto syncOk = [&](TestDevice &d, sync::SyncOptions o = {}) -> bool {
            auto round = d.sync(m_server.baseUrl(), o);
            if (!round && round.error().detail() == QLatin1String(protocol::kCopiedStore)) {
                if (!d.enrol(m_server.baseUrl(), &d == &watching ? watcher : user, password))
                    return false;
                round = d.sync(m_server.baseUrl(), o);
            }
            if (!round)
                qWarning() << "round failed:" << round.error().bilingual();
            return round.ok();
        };
        QList<Edit> edits;
        QStringList hot; // the first people of this seed: most edits go to them, so edits collide
        int serial = 0, syncs = 0, copies = 0, reenrolled = 0, moves = 0, deletes = 0, sameId = 0;
        for (int step = 0; step < steps; ++step) {
            const int which = int(r.bounded(int(devices.size()) + 1));
            TestDevice &d = which == int(devices.size()) ? watching : *devices[which];
            domain::PersonRepository people(d.db());
            const QStringList known = [&] {
                QStringList ids;
                auto stmt = d.db().prepare("SELECT id FROM people WHERE id NOT IN (SELECT record_id FROM sync_setaside)"
                                           " ORDER BY id");
                while (stmt && stmt->step().value_or(false))
                    ids << stmt->columnText(0);
                return ids;
            }();
            const int op = int(r.bounded(100));
            auto pick = [&] {
                QStringList hotHere;
                for (const QString &id : hot)
                    if (known.contains(id))
                        hotHere << id;
                return !hotHere.isEmpty() && r.bounded(100) < 75 ? hotHere.at(r.bounded(hotHere.size()))
                                                                : known.at(r.bounded(known.size()));
            };
            if (known.isEmpty() || op < 12) {
                domain::Person p;
                p.name = u"人%1"_qs.arg(++serial);
                p.areaCode = &d == &watching || r.bounded(2) ? village : other;
                p.phone = randomValue(u"phone"_qs, r, serial);
                const bool twice = r.bounded(100) < 30;
                if (twice)
                    p.idNumber = idPool.at(r.bounded(idPool.size()));
                auto id = people.add(p, twice);
                HEARTH_VERIFY_OK(id);
                sameId += twice;
                if (hot.size() < 3)
                    hot << *id;
            } else if (op < 45) {
                const QString id = pick();
                const QString field = kFields.at(r.bounded(kFields.size()));
                auto before = people.reveal(id, u"test"_qs, u"convergence check"_qs);
                HEARTH_VERIFY_OK(before);
                const QString old = field == u"phone" ? before->phone : field == u"employer" ? before->employer
                                  : field == u"work_city" ? before->workCity : field == u"wishes" ? before->wishes
                                                          : before->status;
                const QString value = randomValue(field, r, ++serial);
                if (value == old)
                    continue;
                domain::PersonEdit e;
                e.fields.insert(field, value);
                HEARTH_VERIFY_OK(people.edit(id, e));
                edits.append({id, field, old, value});
            } else if (op < 52) {
                const QString id = pick();
                domain::PersonEdit e;
                const QString tag = QStringList{u"困难"_qs, u"留守"_qs, u"欠薪"_qs}.at(r.bounded(3));
                (r.bounded(2) ? e.addTags : e.removeTags) << tag;
                HEARTH_VERIFY_OK(people.edit(id, e));
            } else if (op < 60) {
                domain::Visit v;
                v.personId = known.at(r.bounded(known.size()));
                v.kind = u"home"_qs;
                v.visitors = {u"王书记"_qs};
                v.notes = u"第 %1 次"_qs.arg(++serial);
                v.location.reasonCode = u"no_fix"_qs;
                HEARTH_VERIFY_OK(domain::VisitRepository(d.db()).add(v));
            } else if (op < 66) { // moved to the scope's other village, with their history
                const QString id = pick();
                auto before = people.find(id);
                HEARTH_VERIFY_OK(before);
                const QString to = before->areaCode == village ? other : village;
                domain::PersonEdit e;
                e.fields.insert(u"area_code"_qs, to);
                HEARTH_VERIFY_OK(people.edit(id, e));
                edits.append({id, u"area_code"_qs, before->areaCode, to});
                ++moves;
            } else if (op < 69) { // entered by mistake: deleted, when nothing was recorded about them here
                deletes += people.remove(known.at(r.bounded(known.size()))).ok();
            } else if (op < 71 && devices.size() < 5) { // the phone copied, both go on
                devices.push_back(std::make_unique<TestDevice>(*devices[r.bounded(int(devices.size()))]));
                QVERIFY(devices.back()->ok());
                ++copies;
            } else if (op < 73 && &d != &watching) { // revoked, then enrolled again (with any copy of it)
                const QString revoked = d.meta("sync.device_id");
                QCOMPARE(m_server.admin({u"admin"_qs, u"revoke"_qs, revoked}), 0);
                for (auto &dev : devices)
                    if (dev->meta("sync.device_id") == revoked)
                        HEARTH_VERIFY_OK(dev->enrol(m_server.baseUrl(), user, password));
                ++reenrolled;
            } else {
                QVERIFY(syncOk(d));
                ++syncs;
            }
        }
        // Reception everywhere: each device syncs, three times round, in a random order; the last
        // round compares the scope checksum.
        for (int round = 0; round < 3; ++round) {
            sync::SyncOptions o;
            o.verifyNow = round == 2;
            for (size_t i = 0; i < devices.size(); ++i)
                QVERIFY(syncOk(*devices[(i + size_t(round) * seed) % devices.size()], o));
            QVERIFY(syncOk(watching, o));
        }
        for (TestDevice *d : [&] {
                 std::vector<TestDevice *> all{&watching};
                 for (auto &dev : devices)
                     all.push_back(dev.get());
                 return all;
             }()) {
            sync::SyncOptions o;
            o.verifyNow = true;
            auto last = d->sync(m_server.baseUrl(), o);
            HEARTH_VERIFY_OK(last);
            QVERIFY2(last->drift.isEmpty(), qPrintable(u"the checksum differs for "_qs + last->drift.join(u", "_qs)));
        }

        const QJsonObject reference = comparable(*devices[0]);
        for (size_t i = 1; i < devices.size(); ++i) {
            const QJsonObject mine = comparable(*devices[i]);
            for (const QString &table : reference.keys())
                QVERIFY2(mine[table] == reference[table], qPrintable(u"device %1 differs in %2"_qs.arg(i).arg(table)));
        }
        // The server agrees field by field; the watching device holds exactly its village's people.
        const QHash<QString, QJsonObject> onServer = serverPeople();
        QHash<QString, QJsonObject> local;
        for (const QJsonValue &row : reference[u"people"].toArray()) // earlier seeds' of the villages too
            local.insert(row[u"id"].toString(), row.toObject());
        int checked = 0;
        for (auto it = local.begin(); it != local.end(); ++it) {
            QVERIFY(onServer.contains(it.key()));
            for (const QString &f : kCompared)
                QCOMPARE(onServer[it.key()].value(f).toString(), it.value().value(f).toString());
            ++checked;
        }
        for (auto it = onServer.begin(); it != onServer.end(); ++it)
            if (it->value(u"area_code").toString() == village || it->value(u"area_code").toString() == other)
                QVERIFY2(local.contains(it.key()), "a person of the scope is missing on the devices");
        QSet<QString> watched;
        for (const QJsonValue &row : comparable(watching)[u"people"].toArray())
            watched.insert(row[u"id"].toString());
        QSet<QString> inVillage;
        for (auto it = onServer.begin(); it != onServer.end(); ++it)
            if (it->value(u"area_code").toString() == village)
                inVillage.insert(it.key());
        QCOMPARE(watched, inVillage);
        // Every pair of live records with one ID number is listed for a supervisor.
        auto pg = server::Pg::connect(m_server.databaseUrl());
        QVERIFY(pg);
        for (const QString &number : idPool) {
            QStringList same;
            for (auto it = onServer.begin(); it != onServer.end(); ++it)
                if (it->value(u"id_number").toString() == number)
                    same << it.key();
            for (int i = 0; i < same.size(); ++i)
                for (int j = i + 1; j < same.size(); ++j)
                    QCOMPARE(pg->exec("SELECT count(*) FROM duplicates WHERE first_id = least($1, $2)"
                                      " AND second_id = greatest($1, $2) AND resolved_at IS NULL",
                                      {same[i], same[j]})
                                 ->integer(0, 0),
                             1);
        }
        // No value written vanished silently (unless its person was deleted, edits refused and kept).
        int conflicts = 0;
        for (const Edit &e : edits) {
            if (!local.contains(e.person))
                continue;
            const QString final = local.value(e.person).value(e.field).toString();
            if (e.after == final)
                continue;
            bool seenAndChanged = false;
            for (const Edit &later : edits)
                seenAndChanged |= later.person == e.person && later.field == e.field && later.before == e.after;
            if (seenAndChanged)
                continue;
            QVERIFY2(lostValues(e.person, e.field).contains(e.after),
                     qPrintable(u"%1 of %2 = %3 is neither kept, nor seen and changed, nor a conflict"_qs.arg(
                         e.field, e.person, e.after)));
            ++conflicts;
        }
        // Every device of the scope holds every conflict of the scope's live records, to show
        // (a device drops those of a record it deletes; the server keeps them all for review; a
        // conflict stays with the scope it was recorded in, so one of a worker another seed
        // moved away is not counted).
        const qint64 onServerConflicts = pg->exec("SELECT count(*) FROM conflicts c JOIN records r ON r.entity = c.entity"
                                                  " AND r.id = c.record_id WHERE NOT r.deleted"
                                                  " AND (c.scope LIKE $1 || '%' OR c.scope LIKE $2 || '%')"
                                                  " AND (r.scope LIKE $1 || '%' OR r.scope LIKE $2 || '%')",
                                                  {village, other})
                                             ->integer(0, 0);
        for (auto &d : devices)
            QCOMPARE(d->text("SELECT count(*) FROM sync_conflicts WHERE record_id IN (SELECT id FROM people"
                             " WHERE id NOT IN (SELECT record_id FROM sync_setaside))") // not a delete that waits
                         .toLongLong(),
                     onServerConflicts);
        qInfo("seed %u: %d devices (%d copies), %d steps, %d syncs, %d people, %d field edits, %d kept as conflicts,"
              " %d moves, %d deletes, %d same-ID creates, %d re-enrolments",
              seed, int(devices.size()), copies, steps, syncs, checked, int(edits.size()), conflicts, moves, deletes,
              sameId, reenrolled);
    }

    // Hybrid logical clocks: B's phone runs an hour slow, but B changed the number after seeing
    // A's change; C, offline all along, changed it half an hour (by wall clock) before B did.
    // B's edit follows A's causally and must beat C's; by wall clocks alone C's would win.
    void aSlowClockThatSawTheLatestEditStillWins()
    {
        QCOMPARE(m_server.admin({u"admin"_qs, u"user"_qs, u"add"_qs, u"hlc"_qs, u"--role"_qs, u"cadre"_qs, u"--scope"_qs,
                                 u"510321100027"_qs},
                                "pass-hlc-123"),
                 0);
        TestDevice a, b, c;
        for (TestDevice *d : {&a, &b, &c}) {
            QVERIFY(d->ok());
            HEARTH_VERIFY_OK(d->enrol(m_server.baseUrl(), u"hlc"_qs, "pass-hlc-123"));
        }
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        domain::Person p;
        p.name = u"钟表"_qs;
        p.areaCode = testVillage();
        auto id = domain::PersonRepository(a.db()).add(p);
        HEARTH_VERIFY_OK(id);
        HEARTH_VERIFY_OK(a.sync(m_server.baseUrl()));
        HEARTH_VERIFY_OK(b.sync(m_server.baseUrl()));
        HEARTH_VERIFY_OK(c.sync(m_server.baseUrl()));
        auto editAt = [&](TestDevice &d, qint64 at, const QString &employer) {
            domain::PersonEdit e;
            e.fields.insert(u"employer"_qs, employer);
            return domain::PersonRepository(d.db(), [at] { return at; }).edit(*id, e);
        };
        HEARTH_VERIFY_OK(editAt(c, now - 30 * 60 * 1000, u"C 厂"_qs)); // offline from here on
        HEARTH_VERIFY_OK(editAt(a, now, u"A 厂"_qs));
        HEARTH_VERIFY_OK(a.sync(m_server.baseUrl()));
        HEARTH_VERIFY_OK(b.sync(m_server.baseUrl())); // B sees A's change ...
        HEARTH_VERIFY_OK(editAt(b, now - 60 * 60 * 1000, u"B 厂"_qs)); // ... and changes it, with a slow clock
        HEARTH_VERIFY_OK(b.sync(m_server.baseUrl()));
        HEARTH_VERIFY_OK(c.sync(m_server.baseUrl()));
        for (TestDevice *d : {&a, &b, &c}) {
            HEARTH_VERIFY_OK(d->sync(m_server.baseUrl()));
            QCOMPARE(d->text("SELECT employer FROM people WHERE name = '钟表'"), u"B 厂"_qs);
        }
        QVERIFY(lostValues(*id, u"employer"_qs).contains(u"C 厂"_qs)); // C's value is kept for review
        // C's own next change is stamped after everything it has seen, whatever its clock says.
        QVERIFY(c.text("SELECT value FROM store_meta WHERE key = 'sync.hlc'").toLongLong() >= (now - 60 * 60 * 1000) << 16);
    }

    void cleanupTestCase() { m_server.stop(); }
    // Whatever the test did, every scope's maintained checksum still equals a recount.
    void cleanup() { QVERIFY(m_server.digestsHold()); }
};

QTEST_MAIN(TestConvergence)
#include "tst_convergence.moc"

