// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 12 against the real server: scopes only an administrator grants (and the escalations
// main allowed, in their variants), the rights table enforced for every role × kind ×
// operation, attempt limits, and what a password change or a removal does to devices.
#include "core/model/rights.h"
#include "core/model/recordmodel.h"
#include "server/accounts.h"
#include "serverfixture.h"

#include <QJsonArray>
#include <QTest>

#include <latch>
#include <thread>

using namespace hearth;
using namespace hearth::test;

namespace {

constexpr char kPassword[] = "access-secret-1";
const QString kVillage = u"510321100027"_qs;
const QString kOtherVillage = u"510321126201"_qs;

QJsonObject entry(qint64 seq, const QString &entity, const QString &id, const QString &op, const QJsonObject &payload)
{
    return {{u"seq"_qs, seq}, {u"entity"_qs, entity}, {u"entity_id"_qs, id}, {u"op"_qs, op}, {u"payload"_qs, payload},
            {u"created_at"_qs, 1}};
}

QString uuid(int n) { return u"01a2f3c4-0000-7000-8000-%1"_qs.arg(n, 12, 10, QChar(u'0')); }

// A device and the next sequence number of its outbox.
struct Pusher
{
    QByteArray token;
    qint64 seq = 0;
};

} // namespace

class TestAccess : public QObject
{
    Q_OBJECT

    ServerFixture m_server;
    int m_users = 0;
    QString m_point; // a travel point of the county, made by station staff in the field

    QString newUser(const QString &role, const QString &scope)
    {
        const QString name = u"acc%1"_qs.arg(++m_users);
        return m_server.addUser(name, role, scope, kPassword) ? name : QString();
    }

    // Extends the wait under `key` (or every key it begins) to a minute.
    void holdFor(const QString &key, bool prefix = false)
    {
        QVERIFY(m_server.execSql(prefix ? "UPDATE auth_failures SET locked_until = now() + interval '1 minute' WHERE starts_with(key, $1)"
                                        : "UPDATE auth_failures SET locked_until = now() + interval '1 minute' WHERE key = $1",
                                 {key}));
    }

    Pusher device(const QString &role, const QString &scope)
    {
        const QString user = newUser(role, scope);
        if (user.isEmpty())
            return {};
        // Supervisors and administrators enrol with their second factor's code too.
        const QString code = role == u"supervisor" || role == u"admin" ? m_server.secondFactorCode(user, kPassword) : QString();
        return Pusher{m_server.enrol(user, QString::fromLatin1(kPassword), code)};
    }

    // Pushes one entry; its result (status, reason_en).
    QJsonObject push(Pusher &p, const QString &entity, const QString &id, const QString &op, const QJsonObject &payload)
    {
        const HttpReply r = m_server.post(u"/v1/push"_qs, {{u"entries"_qs, QJsonArray{entry(++p.seq, entity, id, op, payload)}}},
                                          p.token);
        return r.json[u"results"].toArray().first().toObject();
    }

    QStringList scopesOf(const QByteArray &token) { return m_server.get(u"/v2/pull"_qs, token).json[u"scopes"].toVariant().toStringList(); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_server.start());
        Pusher staff = device(u"station"_qs, u"510321"_qs);
        QVERIFY(!staff.token.isEmpty());
        m_point = uuid(1);
        const QJsonObject made = push(staff, u"station"_qs, m_point, u"create"_qs,
                                      {{u"kind"_qs, u"travel_point"_qs}, {u"name"_qs, u"东站驿站"_qs}, {u"home_county"_qs, u"510321"_qs}});
        QCOMPARE(made[u"status"].toString(), u"applied"_qs);
    }

    // Main let a device take every village: a pushed station's id became a scope of its user.
    // Now a pushed station widens no one's scope unless the rule allows it, whatever its id.
    void noPushedStationWidensAScope_data()
    {
        QTest::addColumn<QString>("role");
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("county");
        QTest::newRow("digit id") << u"station"_qs << u"1"_qs << u"510321"_qs;
        QTest::newRow("province id") << u"station"_qs << u"51"_qs << u"510321"_qs;
        QTest::newRow("cadre, digit id") << u"cadre"_qs << u"1"_qs << u"510321"_qs;
        QTest::newRow("comma") << u"cadre"_qs << u"%1,510321126201"_qs.arg(uuid(7)) << u"510321"_qs;
        QTest::newRow("quote") << u"cadre"_qs << u"a\"b"_qs << u"510321"_qs;
        QTest::newRow("upper-case uuid") << u"station"_qs << uuid(8).toUpper().replace(u"-7000-"_qs, u"-7ABC-"_qs) << u"510321"_qs;
        QTest::newRow("very long id") << u"station"_qs << QString(5000, u'7') << u"510321"_qs;
        QTest::newRow("cadre, good uuid") << u"cadre"_qs << uuid(9) << u"510321"_qs;
        QTest::newRow("volunteer, good uuid") << u"volunteer"_qs << uuid(10) << u"510321"_qs;
        QTest::newRow("station, another county") << u"station"_qs << uuid(11) << u"110101"_qs;
        QTest::newRow("station, no county") << u"station"_qs << uuid(12) << QString();
        QTest::newRow("station, existing station") << u"station"_qs << m_point << u"510321"_qs;
    }

    void noPushedStationWidensAScope()
    {
        QFETCH(QString, role);
        QFETCH(QString, id);
        QFETCH(QString, county);
        const QString scope = role == u"volunteer" ? m_point : role == u"station" ? u"510321"_qs : kVillage;
        const QString user = newUser(role, scope);
        QVERIFY(!user.isEmpty());
        Pusher p{m_server.enrol(user, QString::fromLatin1(kPassword))};
        QVERIFY(!p.token.isEmpty());
        QJsonObject station{{u"kind"_qs, u"travel_point"_qs}, {u"name"_qs, u"假站"_qs}};
        if (!county.isEmpty())
            station[u"home_county"_qs] = county;
        const QJsonObject result = push(p, u"station"_qs, id, u"create"_qs, station);
        QCOMPARE(result[u"status"].toString(), u"rejected"_qs);
        QCOMPARE(m_server.queryInt("SELECT cardinality(scopes) FROM users WHERE name = $1", {user}), 1);
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM records WHERE entity = 'station' AND id = $1 AND body->>'name' = '假站'",
                                   {id}),
                 0);
        // The user's pulls still work, and still show only their own scope.
        const HttpReply pulled = m_server.get(u"/v2/pull?after=0"_qs, p.token);
        QCOMPARE(pulled.status, 200);
        QCOMPARE(pulled.json[u"scopes"].toVariant().toStringList(), QStringList{scope});
        for (const QJsonValue &c : pulled.json[u"changes"].toArray())
            QVERIFY2(c[u"entity"] != u"person"_qs || c[u"body"][u"area_code"].toString().startsWith(scope.left(6)),
                     qPrintable(c[u"id"].toString()));
    }

    // The rule for stations made in the field, when it allows: the county's station staff
    // found a point there, and it enters their scope and no one else's.
    void aStationMadeInTheFieldEntersOnlyItsMakersScope()
    {
        const QString staff = newUser(u"station"_qs, u"510321"_qs), other = newUser(u"station"_qs, u"510321"_qs);
        Pusher p{m_server.enrol(staff, QString::fromLatin1(kPassword))};
        const QString id = uuid(20);
        const QJsonObject result = push(p, u"station"_qs, id, u"create"_qs,
                                        {{u"kind"_qs, u"branch"_qs}, {u"name"_qs, u"广州工作站"_qs}, {u"home_county"_qs, u"510321"_qs}});
        QCOMPARE(result[u"status"].toString(), u"applied"_qs);
        QCOMPARE(scopesOf(p.token), QStringList({u"510321"_qs, id}));
        // One cursor could step past a county new to the station: version 1 is refused, clearly.
        const HttpReply v1 = m_server.get(u"/v1/pull"_qs, p.token);
        QCOMPARE(v1.status, 426);
        QVERIFY(v1.json[u"reason_zh"].toString().contains(u"升级"));
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM users WHERE $1 = ANY(scopes)", {id}), 1);
        QCOMPARE(m_server.queryInt("SELECT cardinality(scopes) FROM users WHERE name = $1", {other}), 1);
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM audit WHERE action = 'scope.found_station' AND subject = $1", {id}), 1);
    }

    // An administrator's grant: codes of the area table, live stations, what the role may hold.
    void grantsAreValidated_data()
    {
        QTest::addColumn<QString>("role");
        QTest::addColumn<QString>("scope");
        QTest::addColumn<int>("exit");
        QTest::newRow("village") << u"cadre"_qs << kVillage << 0;
        QTest::newRow("unknown area") << u"cadre"_qs << u"510399"_qs << 2;
        QTest::newRow("odd length") << u"cadre"_qs << u"51032"_qs << 2;
        QTest::newRow("digit") << u"cadre"_qs << u"1"_qs << 2;
        QTest::newRow("no such station") << u"station"_qs << uuid(999) << 2;
        QTest::newRow("cadre with a station") << u"cadre"_qs << m_point << 2;
        QTest::newRow("volunteer with an area") << u"volunteer"_qs << kVillage << 2;
        QTest::newRow("volunteer at a point") << u"volunteer"_qs << m_point << 0;
        QTest::newRow("quote") << u"cadre"_qs << u"51\",\"11"_qs << 2;
        QTest::newRow("empty") << u"cadre"_qs << u","_qs << 2;
    }

    void grantsAreValidated()
    {
        QFETCH(QString, role);
        QFETCH(QString, scope);
        QFETCH(int, exit);
        const QString name = u"grant%1"_qs.arg(++m_users);
        QByteArray out;
        QCOMPARE(m_server.admin({u"admin"_qs, u"user"_qs, u"add"_qs, name, u"--role"_qs, role, u"--scope"_qs, scope},
                                kPassword, &out),
                 exit);
        if (exit != 0)
            QVERIFY2(!out.trimmed().isEmpty() && out.contains(" / "), out.constData()); // both languages
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM users WHERE name = $1", {name}), exit == 0 ? 1 : 0);
    }

    // Every role × kind × operation against the table in core/model/rights.cpp: what it
    // allows applies, what it does not is refused for the role (not for some other reason).
    void everyRoleKindAndOperation()
    {
        // What the entries name: a person, a follow-up and the point, made by those who may.
        Pusher seed = device(u"cadre"_qs, u"510321"_qs);
        const QString person = u"seed-p"_qs, followUp = u"seed-f"_qs;
        QCOMPARE(push(seed, u"person"_qs, person, u"create"_qs, {{u"name"_qs, u"种子"_qs}, {u"area_code"_qs, kVillage}})[u"status"],
                 u"applied"_qs);
        QCOMPARE(push(seed, u"followup"_qs, followUp, u"create"_qs,
                      {{u"person_id"_qs, person}, {u"category"_qs, u"jobs"_qs}, {u"status"_qs, u"open"_qs}})[u"status"],
                 u"applied"_qs);
        QCOMPARE(push(seed, u"visit"_qs, u"seed-v"_qs, u"create"_qs,
                      {{u"person_id"_qs, person}, {u"kind"_qs, u"phone"_qs}, {u"visited_at"_qs, 1}, {u"utc_offset_min"_qs, 480},
                       {u"location"_qs, QJsonObject{{u"status"_qs, u"none"_qs}, {u"reason"_qs, u"no_fix"_qs}}}})[u"status"],
                 u"applied"_qs);
        int n = 100;
        // A travel point's own users name it (it is how they hold the record); others name no station.
        const auto payload = [&](const QString &kind, const QString &role = u"cadre"_qs) -> QJsonObject {
            const QString station = role == u"volunteer" || role == u"station" ? m_point : QString();
            if (kind == u"job_fair")
                return {{u"area_code"_qs, u"510321"_qs}, {u"station_id"_qs, station}, {u"organiser"_qs, u"县就业局"_qs},
                        {u"place"_qs, u"县城广场"_qs}, {u"held_on"_qs, u"2026-02-01"_qs}, {u"placed"_qs, 3}};
            if (kind == u"certificate")
                return {{u"area_code"_qs, u"510321"_qs}, {u"station_id"_qs, station},
                        {u"place"_qs, station.isEmpty() ? u"township"_qs : u"travel_point"_qs},
                        {u"kind"_qs, u"id_card"_qs}, {u"outcome"_qs, u"done"_qs}, {u"at"_qs, 1},
                        {u"utc_offset_min"_qs, 480}};
            if (kind == u"review") // what the console writes; no device role may
                return {{u"visit_id"_qs, u"seed-v"_qs}, {u"decision"_qs, u"approved"_qs}, {u"reviewer"_qs, u"某主任"_qs},
                        {u"at"_qs, 1}};
            const QJsonObject none{{u"status"_qs, u"none"_qs}, {u"reason"_qs, u"no_fix"_qs}};
            if (kind == u"person")
                return {{u"name"_qs, u"某人"_qs}, {u"area_code"_qs, kVillage}};
            if (kind == u"household")
                return {{u"area_code"_qs, kVillage}};
            if (kind == u"station")
                return {{u"kind"_qs, u"travel_point"_qs}, {u"name"_qs, u"新点"_qs}, {u"home_county"_qs, u"510321"_qs}};
            if (kind == u"campaign")
                return {{u"name"_qs, u"走访"_qs}, {u"starts_on"_qs, u"2026-01-01"_qs}, {u"ends_on"_qs, u"2026-02-01"_qs},
                        {u"target_areas"_qs, QJsonArray{kVillage}}};
            if (kind == u"visit")
                return {{u"person_id"_qs, person}, {u"kind"_qs, u"home"_qs}, {u"visited_at"_qs, 1}, {u"utc_offset_min"_qs, 480},
                        {u"location"_qs, none}};
            if (kind == u"followup")
                return {{u"person_id"_qs, person}, {u"category"_qs, u"jobs"_qs}, {u"status"_qs, u"open"_qs}};
            if (kind == u"followup_note")
                return {{u"followup_id"_qs, followUp}, {u"at"_qs, 1}, {u"text"_qs, u"打了电话"_qs}};
            return {{u"station_id"_qs, m_point}, {u"at"_qs, 1}, {u"utc_offset_min"_qs, 480}, {u"category"_qs, u"ticket"_qs},
                    {u"count"_qs, 1}};
        };
        const auto editOf = [](const QString &kind) -> QJsonObject {
            const QString field = kind == u"person" ? u"occupation"_qs : u"address"_qs;
            return {{u"fields"_qs, QJsonObject{{field, QJsonObject{{u"old"_qs, QString()}, {u"new"_qs, u"改过"_qs}}}}}};
        };
        int checked = 0;
        for (const QString &role : model::roles()) {
            // Each role where it would hold every record above: the county (and the point), or the point.
            Pusher p = device(role, role == u"volunteer" ? m_point : role == u"station" ? u"510321,"_qs + m_point : u"510321"_qs);
            QVERIFY2(!p.token.isEmpty(), qPrintable(role));
            for (const model::Kind &kind : model::kinds()) {
                const QString k = QLatin1String(kind.name);
                const bool stationKind = kind.scope == model::ScopeRule::Self;
                const QString id = stationKind ? uuid(++n) : u"m-%1"_qs.arg(++n);
                const auto expect = [&](model::Op op, const QJsonObject &result) {
                    const bool allowed = model::may(role, k, op);
                    const QString what = role + u' ' + QLatin1String(model::opName(op)) + u' ' + k + u": "_qs
                        + result[u"reason_en"].toString();
                    QCOMPARE_NE(result[u"status"].toString(), QString());
                    if (allowed) {
                        QVERIFY2(result[u"status"] == u"applied"_qs, qPrintable(what));
                    } else {
                        QVERIFY2(result[u"status"] == u"rejected"_qs, qPrintable(what));
                        QVERIFY2(result[u"reason_en"].toString().contains(u"your role"), qPrintable(what));
                    }
                    ++checked;
                };
                const QJsonObject created = push(p, k, id, u"create"_qs, payload(k, role));
                expect(model::Op::Create, created);
                const bool mine = created[u"status"] == u"applied"_qs;
                // Edits and deletes of its own record, or of one made for it by the seed device.
                QString target = id;
                if (!mine) {
                    target = stationKind ? uuid(++n) : u"s-%1"_qs.arg(++n);
                    if (k == u"station") {
                        Pusher founder = device(u"station"_qs, u"510321"_qs);
                        QCOMPARE(push(founder, k, target, u"create"_qs, payload(k))[u"status"], u"applied"_qs);
                    } else if (k == u"service") {
                        Pusher volunteer = device(u"volunteer"_qs, m_point);
                        QCOMPARE(push(volunteer, k, target, u"create"_qs, payload(k))[u"status"], u"applied"_qs);
                    } else if (k == u"review") {
                        target = id; // none exists: the server writes them (tst_console)
                    } else if (k == u"campaign") {
                        Pusher county = device(u"supervisor"_qs, u"510321"_qs);
                        QCOMPARE(push(county, k, target, u"create"_qs, payload(k))[u"status"], u"applied"_qs);
                    } else {
                        QCOMPARE(push(seed, k, target, u"create"_qs, payload(k))[u"status"], u"applied"_qs);
                    }
                }
                if (kind.life == model::Life::MergedPerField)
                    expect(model::Op::Edit, push(p, k, target, u"update"_qs, editOf(k)));
                else if (!model::may(role, k, model::Op::Edit)) // edits of other kinds: refused for the role first
                    expect(model::Op::Edit, push(p, k, target, u"update"_qs, editOf(k)));
                expect(model::Op::Delete, push(p, k, target, u"delete"_qs, {}));
            }
        }
        QVERIFY(checked >= int(model::roles().size() * model::kinds().size() * 3));
        // The table itself, on the points issue 12 names.
        QVERIFY(!model::may("volunteer", "person", model::Op::Edit));
        QVERIFY(!model::may("cadre", "station", model::Op::Create));
        QVERIFY(!model::may("station", "person", model::Op::Delete));
        for (const model::Kind &kind : model::kinds())
            for (model::Op op : {model::Op::Create, model::Op::Edit, model::Op::Delete})
                QVERIFY(!model::may("admin", kind.name, op));
        QVERIFY(model::has("admin", model::Power::ManageUsers) && !model::has("supervisor", model::Power::ManageUsers));
        QVERIFY(!model::has("volunteer", model::Power::Reveal));
    }

    // A job fair or certificate service counts in an area's monthly report. A travel point's
    // volunteer holds it only through the point: it may count only in the point's home county,
    // not in a county the volunteer has nothing to do with (nor in none).
    void aStationsReportRecordsCountOnlyInItsHomeCounty()
    {
        Pusher volunteer = device(u"volunteer"_qs, m_point);
        const auto certificate = [&](const QString &area) {
            return QJsonObject{{u"area_code"_qs, area},       {u"station_id"_qs, m_point}, {u"place"_qs, u"travel_point"_qs},
                               {u"kind"_qs, u"id_card"_qs},   {u"outcome"_qs, u"done"_qs}, {u"at"_qs, 1},
                               {u"utc_offset_min"_qs, 480}};
        };
        QJsonObject r = push(volunteer, u"certificate"_qs, u"c-far"_qs, u"create"_qs, certificate(u"110101"_qs));
        QCOMPARE(r[u"status"].toString(), u"rejected"_qs);
        QVERIFY2(r[u"reason_en"].toString().contains(u"home county"), qPrintable(r[u"reason_en"].toString()));
        r = push(volunteer, u"certificate"_qs, u"c-province"_qs, u"create"_qs, certificate(u"51"_qs));
        QCOMPARE(r[u"status"].toString(), u"rejected"_qs);
        r = push(volunteer, u"certificate"_qs, u"c-home"_qs, u"create"_qs, certificate(u"510321100"_qs));
        QCOMPARE(r[u"status"].toString(), u"applied"_qs);
        // Without the station the volunteer does not hold it at all.
        QJsonObject bare = certificate(u"510321"_qs);
        bare.remove(u"station_id"_qs);
        r = push(volunteer, u"certificate"_qs, u"c-bare"_qs, u"create"_qs, bare);
        QCOMPARE(r[u"status"].toString(), u"rejected"_qs);
        QVERIFY(r[u"reason_en"].toString().contains(u"outside your scope"));
        // A cadre may not claim a station's name to reach it.
        Pusher cadre = device(u"cadre"_qs, u"510322"_qs);
        QJsonObject named = certificate(u"510322"_qs);
        r = push(cadre, u"certificate"_qs, u"c-named"_qs, u"create"_qs, named);
        QCOMPARE(r[u"status"].toString(), u"rejected"_qs);
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM records WHERE entity = 'certificate' AND id LIKE 'c-%'"), 1);
    }

    // A move was a way to push a record anywhere (to another county's devices) or to make it
    // vanish (to a code nobody holds): a record moves only to an existing area of its county or
    // of the mover's scope, and each move is audited.
    void aRecordMovesOnlyWithinItsCountyOrTheMoversScope_data()
    {
        QTest::addColumn<QString>("to");
        QTest::addColumn<QString>("status");
        QTest::newRow("another county") << u"110101001001"_qs << u"rejected"_qs;
        QTest::newRow("a province prefix") << u"11"_qs << u"rejected"_qs;
        QTest::newRow("no such village") << u"510321999999"_qs << u"rejected"_qs;
        QTest::newRow("a made-up code") << u"99"_qs << u"rejected"_qs;
        QTest::newRow("a village of the county") << kOtherVillage << u"applied"_qs;
    }

    void aRecordMovesOnlyWithinItsCountyOrTheMoversScope()
    {
        QFETCH(QString, to);
        QFETCH(QString, status);
        Pusher p = device(u"cadre"_qs, kVillage);
        const QString id = u"mover-%1"_qs.arg(++m_users);
        QCOMPARE(push(p, u"person"_qs, id, u"create"_qs, {{u"name"_qs, u"搬走"_qs}, {u"area_code"_qs, kVillage}})[u"status"], u"applied"_qs);
        const QJsonObject move{{u"fields"_qs, QJsonObject{{u"area_code"_qs, QJsonObject{{u"old"_qs, kVillage}, {u"new"_qs, to}}}}}};
        const QJsonObject result = push(p, u"person"_qs, id, u"update"_qs, move);
        QCOMPARE(result[u"status"].toString(), status);
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM records WHERE id = $1 AND scope = $2", {id, status == u"applied" ? to : kVillage}), 1);
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM audit WHERE action = 'record.move' AND subject = $1", {u"person/"_qs + id}),
                 status == u"applied" ? 1 : 0);
    }

    // A new password, or the user's removal, takes their devices; --keep-devices keeps them.
    void aPasswordChangeOrARemovalRevokesDevices()
    {
        const QString user = newUser(u"cadre"_qs, kVillage);
        const QByteArray first = m_server.enrol(user, QString::fromLatin1(kPassword));
        QCOMPARE(m_server.get(u"/v1/pull"_qs, first).status, 200);
        QByteArray out;
        QCOMPARE(m_server.admin({u"admin"_qs, u"user"_qs, u"passwd"_qs, user}, "new-secret-22", &out), 0);
        QVERIFY2(out.contains("1 devices revoked"), out.constData());
        QCOMPARE(m_server.get(u"/v1/pull"_qs, first).status, 401);
        const QByteArray second = m_server.enrol(user, u"new-secret-22"_qs);
        QCOMPARE(m_server.admin({u"admin"_qs, u"user"_qs, u"passwd"_qs, user, u"--keep-devices"_qs}, "newer-secret-3"), 0);
        QCOMPARE(m_server.get(u"/v1/pull"_qs, second).status, 200);
        QCOMPARE(m_server.admin({u"admin"_qs, u"user"_qs, u"remove"_qs, user}, {}, &out), 0);
        QCOMPARE(m_server.get(u"/v1/pull"_qs, second).status, 401);
        QVERIFY(m_server.enrol(user, u"newer-secret-3"_qs).isEmpty());
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM devices d JOIN users u ON u.id = d.user_id"
                                   " WHERE u.name = $1 AND d.revoked_at IS NULL", {user}),
                 0);
    }

    // Five wrong passwords for a name, then it waits, known or not (no name can be told
    // apart); the right password waits too; every failure is audited.
    void failedSignInsAreHeldBack()
    {
        const QString user = newUser(u"cadre"_qs, kVillage);
        for (const QString &name : {user, u"nobody-at-all"_qs}) {
            for (int i = 0; i < 5; ++i)
                QCOMPARE(m_server.post(u"/v1/enrol"_qs, {{u"user"_qs, name}, {u"password"_qs, u"wrong-%1"_qs.arg(i)}}).status, 401);
            QCOMPARE(m_server.queryInt("SELECT count(*) FROM auth_failures WHERE key = $1 AND failures = 5"
                                       " AND locked_until > now()", {u"user:"_qs + name}),
                     1);
            // The first wait is one second, and a loaded machine can spend that between two
            // requests: the test holds the name for a minute, as the sixth failure would.
            holdFor(u"user:"_qs + name);
            const HttpReply held = m_server.post(u"/v1/enrol"_qs, {{u"user"_qs, name}, {u"password"_qs, u"wrong"_qs}});
            QCOMPARE(held.status, 429);
            QVERIFY(held.json[u"reason_zh"].toString().contains(u"秒后再试"));
        }
        QCOMPARE(m_server.post(u"/v1/enrol"_qs, {{u"user"_qs, user}, {u"password"_qs, QString::fromLatin1(kPassword)}}).status, 429);
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM audit WHERE action = 'enrol.failed' AND subject = $1", {user}), 5);
        // The wait passes (made to pass here), and the right password works again.
        QVERIFY(m_server.execSql("UPDATE auth_failures SET locked_until = now() WHERE key = $1", {u"user:"_qs + user}));
        QVERIFY(!m_server.enrol(user, QString::fromLatin1(kPassword)).isEmpty());
        // From one address, beyond its allowance, every name waits.
        QVERIFY(m_server.execSql("DELETE FROM auth_failures"));
        for (int i = 0; i < server::kFreeFailuresPerAddress; ++i)
            QCOMPARE(m_server.post(u"/v1/enrol"_qs, {{u"user"_qs, u"spray%1"_qs.arg(i)}, {u"password"_qs, u"x"_qs}}).status, 401);
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM auth_failures WHERE key LIKE 'addr:%' AND locked_until > now()"), 1);
        holdFor(u"addr:"_qs, true);
        QCOMPARE(m_server.post(u"/v1/enrol"_qs, {{u"user"_qs, user}, {u"password"_qs, QString::fromLatin1(kPassword)}}).status, 429);
        QVERIFY(m_server.execSql("DELETE FROM auth_failures"));
    }

    // A supervisor's or administrator's password alone does not put their scope on a phone: the
    // device's enrolment takes their second factor's code too, each code once, wrong codes
    // counted against the limits; the field roles enrol with the password as before.
    void supervisorsEnrolDevicesWithTheirSecondFactor()
    {
        QVERIFY(m_server.execSql("DELETE FROM auth_failures"));
        const QString password = QString::fromLatin1(kPassword);
        const auto enrolling = [&](const QString &user, const QString &pass, const QString &code) {
            QJsonObject body{{u"user"_qs, user}, {u"password"_qs, pass}, {u"device_name"_qs, u"phone"_qs}};
            if (!code.isNull())
                body.insert(u"code"_qs, code);
            return m_server.post(u"/v1/enrol"_qs, body);
        };
        const auto devicesOf = [&](const QString &user) {
            return m_server.queryInt("SELECT count(*) FROM devices d JOIN users u ON u.id = d.user_id WHERE u.name = $1", {user});
        };
        for (const QString &role : {u"supervisor"_qs, u"admin"_qs}) {
            const QString user = newUser(role, u"510321"_qs);
            // No second factor yet: set it up at the console first.
            const HttpReply none = enrolling(user, password, {});
            QCOMPARE(none.status, 401);
            QCOMPARE(none.json[u"error"].toString(), u"unauthorized"_qs); // not a code the app could ask for
            QVERIFY2(none.json[u"reason_zh"].toString().contains(u"管理台"), none.raw.constData());
            QVERIFY(none.json[u"reason_en"].toString().contains(u"console"));
            QVERIFY(m_server.enrolSecondFactor(user, kPassword));
            // Without a code: asked for one (by name, so the app shows the field); not a failure.
            const HttpReply asked = enrolling(user, password, {});
            QCOMPARE(asked.status, 401);
            QCOMPARE(asked.json[u"error"].toString(), u"second_factor_required"_qs);
            QVERIFY(asked.json[u"reason_en"].toString().contains(u"code"));
            QCOMPARE(m_server.queryInt("SELECT count(*) FROM auth_failures WHERE key = $1", {u"code:"_qs + user}), 0);
            // A code used at the console is used up for an enrolment too.
            const QString atConsole = m_server.secondFactorCode(user, kPassword);
            QCOMPARE(m_server.post(u"/console/api/signin"_qs, {{u"user"_qs, user}, {u"password"_qs, password},
                                                               {u"code"_qs, atConsole}}).status,
                     200);
            QCOMPARE(enrolling(user, password, atConsole).status, 401);
            QCOMPARE(m_server.queryInt("SELECT failures FROM auth_failures WHERE key = $1", {u"code:"_qs + user}), 1);
            QVERIFY(m_server.execSql("DELETE FROM auth_failures WHERE key = $1", {u"code:"_qs + user}));
            // A wrong code: refused and counted, apart from the password's count.
            const QString first = m_server.secondFactorCode(user, kPassword);
            const QString wrong = first == u"000000"_qs ? u"000001"_qs : u"000000"_qs;
            const HttpReply refused = enrolling(user, password, wrong);
            QCOMPARE(refused.status, 401);
            QCOMPARE(refused.json[u"error"].toString(), u"second_factor_required"_qs);
            QCOMPARE(m_server.queryInt("SELECT failures FROM auth_failures WHERE key = $1", {u"code:"_qs + user}), 1);
            // The wrong password with the right code: the password is checked first, and the
            // code is not used up by it.
            QCOMPARE(enrolling(user, u"not-the-password"_qs, first).status, 401);
            QCOMPARE(devicesOf(user), 0);
            // The right code: the device, and the codes' count cleared.
            const HttpReply made = enrolling(user, password, first);
            QCOMPARE(made.status, 200);
            QVERIFY(!made.json[u"token"].toString().isEmpty());
            QCOMPARE(devicesOf(user), 1);
            QCOMPARE(m_server.queryInt("SELECT count(*) FROM auth_failures WHERE key = $1", {u"code:"_qs + user}), 0);
            // A code works once: seen over a shoulder and typed on a second phone, refused.
            QCOMPARE(enrolling(user, password, first).status, 401);
            QCOMPARE(devicesOf(user), 1);
            QCOMPARE(m_server.queryInt("SELECT count(*) FROM audit WHERE action = 'enrol.code.failed' AND subject = $1", {user}), 3);
            // Codes held back (five wrong ones): the right password with a right code waits too.
            holdFor(u"code:"_qs + user);
            const HttpReply held = enrolling(user, password, m_server.secondFactorCode(user, kPassword));
            QCOMPARE(held.status, 429);
            QVERIFY(held.json[u"reason_zh"].toString().startsWith(u"尝试次数过多：请"));
            QVERIFY(held.json[u"reason_en"].toString().startsWith(u"too many attempts: try again in"));
            QCOMPARE(devicesOf(user), 1);
        }
        // A village cadre enrols with the password; a code it sends changes nothing.
        const QString cadre = newUser(u"cadre"_qs, kVillage);
        QCOMPARE(enrolling(cadre, password, {}).status, 200);
        QCOMPARE(enrolling(cadre, password, u"123456"_qs).status, 200);
        QVERIFY(m_server.execSql("DELETE FROM auth_failures"));
    }

    // One code typed on two phones at the same moment (a supervisor's code read over their
    // shoulder): one enrolment gets the device, the other is refused; two rounds, each with
    // the requests released together.
    void oneCodeEnrolsOneDeviceWhenTwoTryAtOnce()
    {
        QVERIFY(m_server.execSql("DELETE FROM auth_failures"));
        const QString user = newUser(u"supervisor"_qs, u"510321"_qs);
        QVERIFY(m_server.enrolSecondFactor(user, kPassword));
        const auto enrolWith = [&](const QString &code) {
            return m_server.post(u"/v1/enrol"_qs, {{u"user"_qs, user}, {u"password"_qs, QString::fromLatin1(kPassword)},
                                                   {u"device_name"_qs, u"phone"_qs}, {u"code"_qs, code}});
        };
        for (int round = 1; round <= 2; ++round) {
            const QString code = m_server.secondFactorCode(user, kPassword);
            std::latch go(2);
            HttpReply left, right;
            std::thread a([&] { go.arrive_and_wait(); left = enrolWith(code); });
            std::thread b([&] { go.arrive_and_wait(); right = enrolWith(code); });
            a.join();
            b.join();
            QCOMPARE(QSet<int>({left.status, right.status}), QSet<int>({200, 401}));
            QCOMPARE(m_server.queryInt("SELECT count(*) FROM devices d JOIN users u ON u.id = d.user_id WHERE u.name = $1", {user}),
                     round);
        }
        QVERIFY(m_server.execSql("DELETE FROM auth_failures"));
    }

    // Every administrator action and grant is in the audit chain, and the chain holds until a
    // row is changed behind its back.
    void theAuditChainHoldsAndShowsTampering()
    {
        QByteArray out;
        QCOMPARE(m_server.admin({u"admin"_qs, u"audit"_qs, u"verify"_qs}, {}, &out), 0);
        QVERIFY2(out.contains("the chain holds"), out.constData());
        QVERIFY(m_server.queryInt("SELECT count(*) FROM audit WHERE action IN ('user.add', 'enrol', 'user.passwd', 'user.remove')") > 5);
        // (Ids may have gaps: a push that ran again left the ids of its first run unused.)
        QVERIFY(m_server.execSql("UPDATE audit SET subject = 'someone-else' WHERE id = (SELECT id FROM audit ORDER BY id OFFSET 2 LIMIT 1)"));
        QCOMPARE(m_server.admin({u"admin"_qs, u"audit"_qs, u"verify"_qs}, {}, &out), 3);
        QVERIFY2(out.contains("breaks at entry"), out.constData());
        // Hiding the edit by clearing the hashes from there on is a break too.
        QVERIFY(m_server.execSql("UPDATE audit SET hash = NULL, prev_hash = NULL WHERE id >= (SELECT id FROM audit ORDER BY id OFFSET 2 LIMIT 1)"));
        QCOMPARE(m_server.admin({u"admin"_qs, u"audit"_qs, u"verify"_qs}, {}, &out), 3);
    }

    void cleanupTestCase() { m_server.stop(); }
    // Whatever the test did, every scope's maintained checksum still equals a recount.
    void cleanup() { QVERIFY(m_server.digestsHold()); }
};

QTEST_GUILESS_MAIN(TestAccess)
#include "tst_access.moc"
