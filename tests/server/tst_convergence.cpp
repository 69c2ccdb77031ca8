// SPDX-License-Identifier: GPL-3.0-or-later
// Convergence: several devices of one scope make random offline edits (new people, the same
// fields of the same people, tags, visits) and sync in random orders through the real server
// and PostgreSQL. At the end every device and the server agree exactly, and no value anyone
// wrote vanished silently: each is the final value, or the base of a later edit (someone saw
// it and changed it), or kept as the losing side of a conflict. Seeds: HEARTH_CONVERGENCE_SEEDS
// (default 4; scripts/convergence.sh runs hundreds), steps per seed: HEARTH_CONVERGENCE_STEPS.
#include "core/domain/personrepository.h"
#include "core/domain/visit.h"
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

struct Edit
{
    QString person, field, before, after;
};

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
        const QString user = u"seed%1"_qs.arg(seed);
        QString village;
        {
            TestDevice probe;
            QVERIFY(probe.ok());
            const qint64 villages = probe.db().queryInt("SELECT count(*) FROM areas WHERE level = 5").value();
            village = probe.text(qPrintable(u"SELECT code FROM areas WHERE level = 5 ORDER BY code LIMIT 1 OFFSET %1"_qs.arg(
                seed % villages)));
        }
        QCOMPARE(m_server.admin({u"admin"_qs, u"user"_qs, u"add"_qs, user, u"--role"_qs, u"cadre"_qs, u"--scope"_qs, village},
                                "pass-" + user.toLatin1()),
                 0);
        std::vector<std::unique_ptr<TestDevice>> devices;
        for (int i = 0; i < deviceCount; ++i) {
            devices.push_back(std::make_unique<TestDevice>());
            QVERIFY(devices.back()->ok());
            HEARTH_VERIFY_OK(devices.back()->enrol(m_server.baseUrl(), user, "pass-" + user.toLatin1()));
        }
        QList<Edit> edits;
        QStringList hot; // the first people of this seed: most edits go to them, so edits collide
        int serial = 0, syncs = 0;
        for (int step = 0; step < steps; ++step) {
            TestDevice &d = *devices[r.bounded(deviceCount)];
            domain::PersonRepository people(d.db());
            const QStringList known = [&] {
                QStringList ids;
                auto stmt = d.db().prepare("SELECT id FROM people ORDER BY id");
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
                p.areaCode = village;
                p.phone = randomValue(u"phone"_qs, r, serial);
                auto id = people.add(p);
                HEARTH_VERIFY_OK(id);
                if (hot.size() < 3)
                    hot << *id;
            } else if (op < 62) {
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
            } else if (op < 72) {
                const QString id = pick();
                domain::PersonEdit e;
                const QString tag = QStringList{u"困难"_qs, u"留守"_qs, u"欠薪"_qs}.at(r.bounded(3));
                (r.bounded(2) ? e.addTags : e.removeTags) << tag;
                HEARTH_VERIFY_OK(people.edit(id, e));
            } else if (op < 80) {
                domain::Visit v;
                v.personId = known.at(r.bounded(known.size()));
                v.kind = u"home"_qs;
                v.visitors = {u"王书记"_qs};
                v.notes = u"第 %1 次"_qs.arg(++serial);
                v.location.reasonCode = u"no_fix"_qs;
                HEARTH_VERIFY_OK(domain::VisitRepository(d.db()).add(v));
            } else {
                HEARTH_VERIFY_OK(d.sync(m_server.baseUrl()));
                ++syncs;
            }
        }
        // Reception everywhere: each device syncs, twice round, in a random order.
        for (int round = 0; round < 2; ++round)
            for (int i = 0; i < deviceCount; ++i)
                HEARTH_VERIFY_OK(devices[(i + round * int(seed)) % deviceCount]->sync(m_server.baseUrl()));

        const QJsonObject reference = devices[0]->snapshot();
        for (int i = 1; i < deviceCount; ++i)
            for (const QString &table : reference.keys())
                QVERIFY2(devices[i]->snapshot()[table] == reference[table],
                         qPrintable(u"device %1 differs in %2"_qs.arg(i).arg(table)));
        // The server agrees field by field.
        const QHash<QString, QJsonObject> onServer = serverPeople();
        QHash<QString, QJsonObject> local;
        for (const QJsonValue &row : reference[u"people"].toArray()) // earlier seeds' of the village too
            local.insert(row[u"id"].toString(), row.toObject());
        int checked = 0;
        for (auto it = local.begin(); it != local.end(); ++it) {
            QVERIFY(onServer.contains(it.key()));
            for (const QString &f : kFields)
                QCOMPARE(onServer[it.key()].value(f).toString(), it.value().value(f).toString());
            ++checked;
        }
        // No value written vanished silently.
        int conflicts = 0;
        for (const Edit &e : edits) {
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
        // Every device of the scope holds every conflict of the scope, to show.
        auto pg = server::Pg::connect(m_server.databaseUrl());
        QVERIFY(pg);
        const qint64 onServerConflicts =
            pg->exec("SELECT count(*) FROM conflicts WHERE scope LIKE $1 || '%'", {village})->integer(0, 0);
        for (auto &d : devices)
            QCOMPARE(d->text("SELECT count(*) FROM sync_conflicts").toLongLong(), onServerConflicts);
        qInfo("seed %u: %d devices, %d steps, %d syncs, %d people, %d field edits, %d kept as conflicts", seed,
              deviceCount, steps, syncs, checked, int(edits.size()), conflicts);
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
};

QTEST_MAIN(TestConvergence)
#include "tst_convergence.moc"
