// SPDX-License-Identifier: GPL-3.0-or-later
// The supervisors' console against the real server on a private PostgreSQL, with data from real
// devices (TestDevice: an encrypted store syncing over HTTP): sign-in with password and TOTP
// (codes computed here as an authenticator app would), the attempt limits, sessions that expire,
// CSRF, the figures equal to what the devices recorded (and following a void and a move), the
// records behind a figure with their photo (audited), every page and export refused outside the
// user's scope, and the exports read back (XLSX by python3-openpyxl, CSV as UTF-8 and GB18030).
#include "core/domain/household.h"
#include "core/domain/personrepository.h"
#include "core/domain/records.h"
#include "core/domain/reportrecords.h"
#include "core/domain/visit.h"
#include "server/console/totp.h"
#include "consoleclient.h"
#include "serverfixture.h"
#include "support/noisejpeg.h"
#include "support/testsupport.h"
#include "testdevice.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QStringDecoder>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

using namespace hearth;
using namespace hearth::test;

namespace {

const QByteArray kPassword = kConsolePassword;
const QString kVillage = u"510321100027"_qs, kOtherVillage = u"510321100023"_qs;

} // namespace

class TestConsole : public QObject
{
    Q_OBJECT

    ServerFixture m_server;
    ConsoleClient m_console{m_server};
    QHash<QString, QString> &m_secrets = m_console.secrets;
    QHash<QString, qint64> &m_codeTimes = m_console.codeTimes;

    QString range() const { return m_console.range(); }

    HttpReply call(const QByteArray &method, const QString &path, const Browser &b, const QJsonObject &body = {},
                   QList<QPair<QByteArray, QByteArray>> headers = {})
    {
        return m_console.call(method, path, b, body, headers);
    }
    HttpReply signInRequest(const QString &user, const QByteArray &password, const QString &code)
    {
        return m_console.signInRequest(user, password, code);
    }
    Browser signIn(const QString &user) { return m_console.signIn(user); }
    qint64 nextCodeTime(const QString &user) { return m_console.nextCodeTime(user); }
    Browser newSupervisor(const QString &scope = u"510321"_qs) { return m_console.newSupervisor(scope); }

    QJsonObject dashboard(const Browser &b, const QString &area)
    {
        const HttpReply r = call("GET", u"/console/api/dashboard?area=%1&%2"_qs.arg(area, range()), b);
        if (r.status != 200)
            qWarning() << r.status << r.raw;
        return r.json;
    }

    static qint64 figure(const QJsonObject &d, const char *thing, const char *measure)
    {
        return d[u"things"][QLatin1String(thing)][QLatin1String(measure)].toInteger();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_server.start());
        for (const auto &[user, role, scope] : {std::tuple{"county-a", "supervisor", "510321"}, {"county-b", "supervisor", "110101"},
                                                {"town-a", "supervisor", "510321100"}, {"cadre-a", "cadre", "510321100"},
                                                {"staff-a", "station", "510321"}, {"city-a", "supervisor", "5103"}})
            QVERIFY(m_server.addUser(QLatin1String(user), QLatin1String(role), QLatin1String(scope), kPassword));
    }
    void cleanupTestCase() { m_server.stop(); }
    void cleanup() { QVERIFY(m_server.digestsHold()); } // the report's figures equal their recount

    // The first sign-in shows a secret (the same until confirmed); a wrong code, a wrong
    // password, a field role, a code used twice: refused, each in both languages.
    void signInWithPasswordAndTotp()
    {
        const HttpReply offer = signInRequest(u"county-a"_qs, kPassword, {});
        QCOMPARE(offer.status, 200);
        QVERIFY(offer.json[u"enrol"].toBool());
        const QString secret = offer.json[u"secret"].toString();
        QCOMPARE(secret.size(), 32); // 20 bytes in base32
        QVERIFY(offer.json[u"qr_svg"].toString().startsWith(u"<svg"));
        QVERIFY(offer.json[u"uri"].toString().startsWith(u"otpauth://totp/Hearth:county-a?secret="_qs + secret));
        QVERIFY(offer.header("set-cookie").isEmpty()); // not signed in by a password alone
        QCOMPARE(signInRequest(u"county-a"_qs, kPassword, {}).json[u"secret"].toString(), secret);
        const HttpReply wrong = signInRequest(u"county-a"_qs, kPassword, u"000000"_qs);
        QCOMPARE(wrong.status, 401);
        QVERIFY(wrong.json[u"reason_zh"].toString().contains(u"验证码"));
        QVERIFY(wrong.header("set-cookie").isEmpty());
        m_secrets.insert(u"county-a"_qs, secret);
        const Browser b = signIn(u"county-a"_qs);
        QVERIFY(b.ok());
        // The same code again (seen over a shoulder, replayed): refused.
        const QString used = server::console::totpCode(secret, m_codeTimes[u"county-a"_qs]);
        QCOMPARE(signInRequest(u"county-a"_qs, kPassword, used).status, 401);
        const HttpReply badPassword = signInRequest(u"county-a"_qs, "not-the-password",
                                                    server::console::totpCode(secret, nextCodeTime(u"county-a"_qs)));
        QCOMPARE(badPassword.status, 401);
        QVERIFY(badPassword.json[u"reason_en"].toString().contains(u"wrong user name or password"));
        const HttpReply cadre = signInRequest(u"cadre-a"_qs, kPassword, {});
        QCOMPARE(cadre.status, 403);
        QVERIFY(cadre.json[u"reason_zh"].toString().contains(u"角色"));
        const HttpReply me = call("GET", u"/console/api/me"_qs, b);
        QCOMPARE(me.status, 200);
        QCOMPARE(me.json[u"name"].toString(), u"county-a"_qs);
        QCOMPARE(me.json[u"scopes"][0][u"name"].toString(), u"荣县"_qs);
        QVERIFY(me.header("cache-control").contains("no-store"));
        QVERIFY(me.header("content-security-policy").contains("script-src 'self'"));
        QVERIFY(m_server.queryInt("SELECT count(*) FROM audit WHERE action = 'console.enrolled' AND actor = 'county-a'") == 1);
    }

    // The attempt limits of sign-in hold for the console: wrong codes count like wrong passwords.
    void wrongCodesLockTheUserOut()
    {
        QVERIFY(m_server.addUser(u"guessed"_qs, u"supervisor"_qs, u"510321"_qs, kPassword));
        const HttpReply offer = signInRequest(u"guessed"_qs, kPassword, {});
        m_secrets.insert(u"guessed"_qs, offer.json[u"secret"].toString());
        int locked = 0;
        for (int i = 0; i < 8 && !locked; ++i) {
            const HttpReply r = signInRequest(u"guessed"_qs, kPassword, u"%1"_qs.arg(100000 + i));
            QVERIFY(r.status == 401 || r.status == 429);
            locked = r.status == 429 ? i : 0;
        }
        QVERIFY2(locked >= 5, "five free attempts, then held back");
        // Held back even with the right code now. (The first waits are a second or two, which a
        // loaded machine can spend between two requests: the test holds the name for a minute.)
        QVERIFY(m_server.execSql("UPDATE auth_failures SET locked_until = now() + interval '1 minute' WHERE key = 'code:guessed'"));
        const HttpReply held = signInRequest(u"guessed"_qs, kPassword,
                                             server::console::totpCode(m_secrets[u"guessed"_qs], QDateTime::currentSecsSinceEpoch()));
        QCOMPARE(held.status, 429);
        QVERIFY(!held.header("retry-after").isEmpty());
    }

    // What devices recorded is what the dashboard shows: visits (cash, goods), a job fair, a
    // certificate, travel-point services, a wage case settled; a void and a move follow.
    void figuresEqualWhatTheDevicesRecorded()
    {
        TestDevice cadre, staff;
        QVERIFY(cadre.ok() && staff.ok());
        HEARTH_VERIFY_OK(cadre.enrol(m_server.baseUrl(), u"cadre-a"_qs, kPassword));
        HEARTH_VERIFY_OK(staff.enrol(m_server.baseUrl(), u"staff-a"_qs, kPassword));
        domain::PersonRepository people(cadre.db());
        domain::Person p;
        p.name = u"张春来"_qs;
        p.areaCode = kVillage;
        p.status = u"returned"_qs;
        auto worker = people.add(p);
        HEARTH_VERIFY_OK(worker);
        p.name = u"李秋生"_qs;
        p.areaCode = kOtherVillage;
        auto other = people.add(p);
        HEARTH_VERIFY_OK(other);
        domain::Visit v;
        v.personId = *worker;
        v.kind = u"home"_qs;
        v.cashFen = 50'000;
        v.goods = {{u"大米"_qs, 2}, {u"食用油"_qs, 1}};
        v.location.reasonCode = u"no_fix"_qs;
        HEARTH_VERIFY_OK(domain::VisitRepository(cadre.db()).add(v));
        auto photoVisit = cadre.addVisitWithPhoto(*worker, noiseJpeg(800 * 600, 3));
        HEARTH_VERIFY_OK(photoVisit);
        v.personId = *other;
        v.cashFen = 20'000;
        v.goods = {};
        auto toVoid = domain::VisitRepository(cadre.db()).add(v);
        HEARTH_VERIFY_OK(toVoid);
        domain::ReportRecords cadreReport(cadre.db());
        HEARTH_VERIFY_OK(cadreReport.addJobFair({{}, u"510321100"_qs, {}, u"镇劳动保障所"_qs, u"镇政府"_qs,
                                                 QDate::currentDate().toString(Qt::ISODate), 12, 300, 150, 40, 18}));
        domain::CertificateService card;
        card.areaCode = u"510321100"_qs;
        card.kind = u"id_card"_qs;
        card.outcome = u"done"_qs;
        HEARTH_VERIFY_OK(cadreReport.addCertificate(card));
        card.outcome = u"not_possible"_qs; // tried, could not be done: not counted
        HEARTH_VERIFY_OK(cadreReport.addCertificate(card));
        domain::RecordRepository records(cadre.db());
        auto wage = records.addFollowUp({{}, *worker, {}, {}, u"wage_arrears"_qs, u"open"_qs, {}, {}, 800'000, -1});
        HEARTH_VERIFY_OK(wage);
        HEARTH_VERIFY_OK(records.addFollowUpNote(*wage, u"王书记"_qs, u"老板付清了"_qs, u"resolved"_qs, 750'000));
        QVERIFY(cadre.syncVerified(m_server.baseUrl()));
        QVERIFY(staff.syncVerified(m_server.baseUrl()));
        auto point = domain::RecordRepository(staff.db()).addStation({{}, u"travel_point"_qs, u"荣县汽车站驿站"_qs, u"510321"_qs, {}, {}});
        HEARTH_VERIFY_OK(point);
        for (int count : {3, 5})
            HEARTH_VERIFY_OK(domain::RecordRepository(staff.db()).addService({{}, *point, 0, 480, u"ticket"_qs, count, {}, {}, {}}));
        QVERIFY(staff.syncVerified(m_server.baseUrl()));

        const Browser b = signIn(u"county-a"_qs);
        QVERIFY(b.ok());
        QJsonObject d = dashboard(b, u"510321"_qs);
        QCOMPARE(d[u"area"][u"name"].toString(), u"荣县"_qs);
        QCOMPARE(figure(d, "visit", "people"), 3);
        QCOMPARE(figure(d, "visit", "fen"), 70'000); // 500 yuan and 200 yuan (the photo visit: none)
        QCOMPARE(figure(d, "visit", "goods"), 3);
        QCOMPARE(figure(d, "job_fair", "n"), 1);
        QCOMPARE(figure(d, "job_fair", "people"), 18);
        QCOMPARE(figure(d, "certificate", "people"), 1);
        QCOMPARE(figure(d, "service", "people"), 8);
        QCOMPARE(figure(d, "wage", "people"), 1);
        QCOMPARE(figure(d, "wage", "fen"), 750'000);
        // The breakdown: the county's townships; the village level under the township.
        // The county's townships, and what counts in the county itself (the travel point's).
        const QJsonArray towns = d[u"children"].toArray();
        QCOMPARE(towns.size(), 2);
        QCOMPARE(towns[0][u"code"].toString(), u"510321100"_qs);
        QCOMPARE(towns[0][u"things"][u"visit"][u"people"].toInt(), 3);
        QCOMPARE(towns[1][u"code"].toString(), QString());
        QCOMPARE(towns[1][u"things"][u"service"][u"people"].toInt(), 8);
        const QJsonObject town = dashboard(b, u"510321100"_qs);
        QJsonObject byVillage;
        for (const QJsonValue &c : town[u"children"].toArray())
            byVillage.insert(c[u"code"].toString(), c[u"things"][u"visit"][u"people"]);
        QCOMPARE(byVillage.value(kVillage).toInt(), 2);
        QCOMPARE(byVillage.value(kOtherVillage).toInt(), 1);
        // A visit voided on the device, and a person who moved village: the figures follow.
        HEARTH_VERIFY_OK(domain::voidRecord(cadre.db(), u"visit"_qs, *toVoid, QDateTime::currentMSecsSinceEpoch()));
        domain::PersonEdit move;
        move.fields.insert(u"area_code"_qs, kOtherVillage);
        HEARTH_VERIFY_OK(people.edit(*worker, move));
        QVERIFY(cadre.syncVerified(m_server.baseUrl()));
        d = dashboard(b, u"510321"_qs);
        QCOMPARE(figure(d, "visit", "people"), 2);
        QCOMPARE(figure(d, "visit", "fen"), 50'000);
        byVillage = {};
        for (const QJsonValue &c : dashboard(b, u"510321100"_qs)[u"children"].toArray())
            byVillage.insert(c[u"code"].toString(), c[u"things"][u"visit"][u"people"]);
        QCOMPARE(byVillage.value(kOtherVillage).toInt(), 2); // the mover's two visits went with them
        QVERIFY(!byVillage.contains(kVillage));
        // The months before: this range's twelve-month trend ends with the figure itself.
        const QJsonArray months = d[u"months"].toArray();
        QCOMPARE(months.size(), 12);
        qint64 trendVisits = 0;
        for (const QJsonValue &m : months)
            trendVisits += m[u"things"][u"visit"][u"people"].toInteger();
        QCOMPARE(trendVisits, 2);

        // The records behind the figure, with the photo: fetched under the audit rules.
        const HttpReply list = call("GET", u"/console/api/records?thing=visit&area=510321&%1"_qs.arg(range()), b);
        QCOMPARE(list.status, 200);
        const QJsonArray visits = list.json[u"records"].toArray();
        QCOMPARE(visits.size(), 2);
        QString hash;
        for (const QJsonValue &r : visits) {
            QCOMPARE(r[u"person"].toString(), u"张春来"_qs);
            if (!r[u"photos"].toArray().isEmpty())
                hash = r[u"photos"][0][u"hash"].toString();
        }
        QVERIFY(!hash.isEmpty());
        const HttpReply image = call("GET", u"/console/api/photo/"_qs + hash, b);
        QCOMPARE(image.status, 200);
        QVERIFY(image.raw.startsWith("\xFF\xD8")); // a JPEG
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM audit WHERE action = 'console.photo' AND subject = $1", {hash}), 1);
        QCOMPARE(call("GET", u"/console/api/records?thing=wage&area=510321&%1"_qs.arg(range()), b)
                     .json[u"records"][0][u"recovered_fen"].toInteger(), 750'000);
        // The city's list (its counties' records found through the county index) holds the same
        // two, and nothing of another province's county.
        const Browser city = signIn(u"city-a"_qs);
        QVERIFY(city.ok());
        const HttpReply cityList = call("GET", u"/console/api/records?thing=visit&area=5103&%1"_qs.arg(range()), city);
        QCOMPARE(cityList.status, 200);
        QCOMPARE(cityList.json[u"records"].toArray().size(), 2);
        QCOMPARE(cityList.json[u"records"].toArray(), visits);

        // Another county's supervisor: none of it, by any URL.
        const Browser outsider = signIn(u"county-b"_qs);
        QVERIFY(outsider.ok());
        for (const QString &path : {u"/console/api/dashboard?area=510321&"_qs + range(),
                                    u"/console/api/dashboard?area=51&"_qs + range(),
                                    u"/console/api/records?thing=visit&area=510321100&"_qs + range(),
                                    u"/console/export/month.xlsx?area=510321&"_qs + range(),
                                    u"/console/export/month.html?area=510321&"_qs + range(),
                                    u"/console/export/records.csv?thing=visit&area=510321&"_qs + range(),
                                    u"/console/api/photo/"_qs + hash}) {
            const HttpReply r = call("GET", path, outsider);
            QVERIFY2(r.status == 403, qPrintable(path + u" → "_qs + QString::number(r.status)));
            QVERIFY(!r.raw.contains("张春来"));
        }
        QCOMPARE(figure(dashboard(outsider, u"110101"_qs), "visit", "people"), 0);
        // A township supervisor sees the township, not the county around it.
        const Browser town2 = signIn(u"town-a"_qs);
        QCOMPARE(call("GET", u"/console/api/dashboard?area=510321&"_qs + range(), town2).status, 403);
        QCOMPARE(figure(dashboard(town2, u"510321100"_qs), "visit", "people"), 2);
        // The station's head: their station's services.
        const Browser head = signIn(u"staff-a"_qs);
        QVERIFY(head.ok());
        QCOMPARE(figure(dashboard(head, *point), "service", "people"), 8);
        QCOMPARE(call("GET", u"/console/api/records?thing=service&area=%1&%2"_qs.arg(*point, range()), head)
                     .json[u"records"].toArray().size(), 2);
    }

    // The month's report as XLSX, read back by another program (openpyxl); lists as CSV.
    void exportsReadBack()
    {
        const Browser b = newSupervisor();
        QVERIFY(b.ok());
        const HttpReply book = call("GET", u"/console/export/month.xlsx?area=510321&"_qs + range(), b);
        QCOMPARE(book.status, 200);
        QVERIFY(book.header("content-disposition").contains(".xlsx"));
        QTemporaryDir dir;
        QFile file(dir.filePath(u"month.xlsx"_qs));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(book.raw);
        file.close();
        QProcess python;
        python.start(u"/usr/bin/python3"_qs, // Debian's, with python3-openpyxl
                      {u"-c"_qs, u"import json, sys, openpyxl\n"
                                               "wb = openpyxl.load_workbook(sys.argv[1])\n"
                                               "s = wb['汇总']\n"
                                               "rows = {r[1]: r[2] for r in s.iter_rows(min_row=4, values_only=True)}\n"
                                               "print(json.dumps({'sheets': wb.sheetnames, 'title': s['A1'].value, 'rows': rows}))"_qs,
                                      file.fileName()});
        QVERIFY(python.waitForFinished(30000));
        QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());
        const QJsonObject read = QJsonDocument::fromJson(python.readAllStandardOutput()).object();
        QCOMPARE(read[u"sheets"].toArray().size(), 6);
        QCOMPARE(read[u"sheets"][0].toString(), u"汇总"_qs);
        QVERIFY(read[u"title"].toString().contains(u"荣县"));
        QCOMPARE(read[u"rows"][u"走访慰问（人次）"].toInt(), 2);
        QCOMPARE(read[u"rows"][u"追回欠薪（元）"].toDouble(), 7500.0);
        QCOMPARE(read[u"rows"][u"驿站服务（人次）"].toInt(), 8);
        // A record list as CSV: UTF-8 with a byte-order mark, or GB18030.
        const HttpReply utf8 = call("GET", u"/console/export/records.csv?thing=visit&area=510321&"_qs + range(), b);
        QCOMPARE(utf8.status, 200);
        QVERIFY(utf8.raw.startsWith("\xEF\xBB\xBF"));
        QVERIFY(QString::fromUtf8(utf8.raw).contains(u"张春来"));
        const HttpReply gb = call("GET", u"/console/export/records.csv?thing=visit&area=510321&encoding=gb18030&"_qs + range(), b);
        QVERIFY(!gb.raw.startsWith("\xEF\xBB\xBF"));
        QStringDecoder decode("GB18030");
        const QString text = decode(gb.raw);
        QVERIFY(text.startsWith(u"走访时间"));
        QVERIFY(text.contains(u"张春来"));
        QCOMPARE(text.count(u"\r\n"_qs), 3); // the header and two visits
        const HttpReply printable = call("GET", u"/console/export/month.html?area=510321&"_qs + range(), b);
        QVERIFY(QString::fromUtf8(printable.raw).contains(u"服务保障农民工五件实事月报"));
        QVERIFY(m_server.queryInt("SELECT count(*) FROM audit WHERE action = 'console.export' AND actor = $1",
                                  {m_console.lastSupervisor()}) >= 3);
    }

    // (After the exports, which count the county.) A copied phone that enrols again and sends what it made a second time, and two devices
    // that void the same visit offline: the figures count each record once.
    void figuresCountEachRecordOnce()
    {
        const QString township = u"510321102"_qs;
        QVERIFY(m_server.addUser(u"cadre-c"_qs, u"cadre"_qs, township, kPassword));
        TestDevice phone;
        QVERIFY(phone.ok());
        HEARTH_VERIFY_OK(phone.enrol(m_server.baseUrl(), u"cadre-c"_qs, kPassword));
        domain::Person p;
        p.name = u"赵冬生"_qs;
        p.areaCode = u"510321102004"_qs;
        auto person = domain::PersonRepository(phone.db()).add(p);
        HEARTH_VERIFY_OK(person);
        QStringList visits;
        for (int i = 0; i < 2; ++i) {
            domain::Visit v;
            v.personId = *person;
            v.kind = u"home"_qs;
            v.cashFen = 10'000;
            v.location.reasonCode = u"no_fix"_qs;
            auto id = domain::VisitRepository(phone.db()).add(v);
            HEARTH_VERIFY_OK(id);
            visits << *id;
        }
        domain::CertificateService card;
        card.areaCode = township;
        card.kind = u"household_register"_qs;
        card.outcome = u"done"_qs;
        HEARTH_VERIFY_OK(domain::ReportRecords(phone.db()).addCertificate(card));
        TestDevice copy(phone); // copied before it ever synced: the same outbox
        QVERIFY(copy.ok());
        QVERIFY(phone.syncVerified(m_server.baseUrl()));
        (void)copy.sync(m_server.baseUrl()); // refused as a copy, or its creates taken as sent before
        HEARTH_VERIFY_OK(copy.enrol(m_server.baseUrl(), u"cadre-c"_qs, kPassword));
        QVERIFY(copy.syncVerified(m_server.baseUrl()));
        const Browser b = newSupervisor(township);
        QVERIFY(b.ok());
        QJsonObject d = dashboard(b, township);
        QCOMPARE(figure(d, "visit", "people"), 2);
        QCOMPARE(figure(d, "visit", "fen"), 20'000);
        QCOMPARE(figure(d, "certificate", "people"), 1);
        // Both void the same visit offline: it goes once.
        HEARTH_VERIFY_OK(domain::voidRecord(phone.db(), u"visit"_qs, visits[0], QDateTime::currentMSecsSinceEpoch()));
        HEARTH_VERIFY_OK(domain::voidRecord(copy.db(), u"visit"_qs, visits[0], QDateTime::currentMSecsSinceEpoch()));
        QVERIFY(phone.syncVerified(m_server.baseUrl()));
        QVERIFY(copy.syncVerified(m_server.baseUrl()));
        d = dashboard(b, township);
        QCOMPARE(figure(d, "visit", "people"), 1);
        QCOMPARE(figure(d, "visit", "fen"), 10'000);
        QCOMPARE(call("GET", u"/console/api/records?thing=visit&area=%1&%2"_qs.arg(township, range()), b)
                     .json[u"records"].toArray().size(), 1);
    }

    // A change needs the page's CSRF token and our own origin; a session ends when idle, after
    // twelve hours, or at sign-out, and its cookie never works again.
    void csrfAndSessionExpiry()
    {
        Browser b = newSupervisor();
        QVERIFY(b.ok());
        Browser noToken{b.cookie, {}};
        QCOMPARE(call("POST", u"/console/api/signout"_qs, noToken).status, 403);
        Browser forged{b.cookie, "forged-token-forged-token-forged-token-x"};
        QCOMPARE(call("POST", u"/console/api/signout"_qs, forged).status, 403);
        QCOMPARE(call("POST", u"/console/api/signout"_qs, b, {}, {{"Origin", "https://evil.example"}}).status, 403);
        QCOMPARE(call("POST", u"/console/api/signin"_qs, {}, {{u"user"_qs, u"county-a"_qs}}, {{"Sec-Fetch-Site", "cross-site"}}).status, 403);
        QCOMPARE(call("GET", u"/console/api/me"_qs, b).status, 200); // still signed in
        // Idle for longer than the limit.
        QVERIFY(m_server.execSql("UPDATE console_sessions SET last_seen = now() - interval '31 minutes'"));
        const HttpReply idle = call("GET", u"/console/api/me"_qs, b);
        QCOMPARE(idle.status, 401);
        QVERIFY(idle.json[u"reason_zh"].toString().contains(u"重新登录"));
        QCOMPARE(m_server.execSql("UPDATE console_sessions SET last_seen = now()"), true);
        QCOMPARE(call("GET", u"/console/api/me"_qs, b).status, 401); // gone for good, not revived
        // Twelve hours, however busy.
        b = newSupervisor();
        QVERIFY(m_server.execSql("UPDATE console_sessions SET created_at = now() - interval '13 hours'"));
        QCOMPARE(call("GET", u"/console/api/me"_qs, b).status, 401);
        // A new password ends the user's sessions (as it revokes their devices).
        b = newSupervisor();
        QCOMPARE(call("GET", u"/console/api/me"_qs, b).status, 200);
        QCOMPARE(m_server.admin({u"admin"_qs, u"user"_qs, u"passwd"_qs, m_console.lastSupervisor()}, "a-new-password-1"), 0);
        QCOMPARE(call("GET", u"/console/api/me"_qs, b).status, 401);
        // Sign-out.
        b = newSupervisor();
        const HttpReply out = call("POST", u"/console/api/signout"_qs, b);
        QCOMPARE(out.status, 200);
        QVERIFY(out.header("set-cookie").contains("Max-Age=0"));
        QCOMPARE(call("GET", u"/console/api/me"_qs, b).status, 401);
        // The cookie a sign-in sets: not for scripts, not sent cross-site, only over TLS.
        b = newSupervisor();
        const QString name = m_console.lastSupervisor();
        const HttpReply again = signInRequest(name, kPassword, server::console::totpCode(m_secrets[name], nextCodeTime(name)));
        const QByteArray cookie = again.header("set-cookie");
        for (const char *attribute : {"HttpOnly", "Secure", "SameSite=Strict", "Path=/console"})
            QVERIFY2(cookie.contains(attribute), cookie.constData());
        // Bad input: a month that does not exist, an area that is not one, a huge sign-in body.
        b = {cookie.mid(15, cookie.indexOf(';') - 15), again.json[u"csrf"].toString().toLatin1()};
        QCOMPARE(call("GET", u"/console/api/dashboard?area=510321&from=2026-13"_qs, b).status, 400);
        QCOMPARE(call("GET", u"/console/api/dashboard?area=51%27%20OR%201=1"_qs, b).status, 400);
        QCOMPARE(call("GET", u"/console/api/records?thing=people&area=510321"_qs, b).status, 400);
        QCOMPARE(m_server.request("POST", u"/console/api/signin"_qs, QByteArray(64 * 1024, 'x')).status, 413);
    }

    // The page and its assets come from the server itself (ECharts included, compressed).
    void thePageAndItsAssetsAreServed()
    {
        const HttpReply page = m_server.request("GET", u"/console"_qs);
        QCOMPARE(page.status, 200);
        QVERIFY(page.raw.contains("/console/assets/echarts.min.js"));
        QVERIFY(!page.raw.contains("http://") && !page.raw.contains("https://")); // nothing from outside
        const HttpReply charts = m_server.request("GET", u"/console/assets/echarts.min.js"_qs);
        QCOMPARE(charts.status, 200);
        QVERIFY(charts.raw.size() > 500'000);
        QVERIFY(charts.raw.contains("echarts"));
        QCOMPARE(m_server.request("GET", u"/console/assets/../schema.cpp"_qs).status, 404);
        QCOMPARE(m_server.request("GET", u"/console/assets/missing.js"_qs).status, 404);
    }
};

QTEST_GUILESS_MAIN(TestConsole)
#include "tst_console.moc"
