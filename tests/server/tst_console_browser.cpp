// SPDX-License-Identifier: GPL-3.0-or-later
// The console in a real browser: Debian's chromium, headless, driven over the DevTools
// protocol, against the real hearth-server on a private PostgreSQL whose data came from real
// devices. Enrolment by the QR page and sign-in with a TOTP code computed here; a wrong password
// refused on the page; the dashboard's figures equal what the devices recorded; a drill-down to
// a visit with its photo; a flagged visit returned with a comment and a duplicate merged in the
// review queue, both reaching the devices at their next sync; campaign coverage by village;
// devices and users for an administrator; another county's pages refused by direct URL; CSRF
// refused from the page's own script; the month's XLSX downloaded by the page and read back with
// openpyxl; the session ending. Every page rendered at office (1366×768) and phone (390×844) size; with
// HEARTH_CONSOLE_SCREENSHOTS=DIR the PNGs are kept there (docs/screenshots).
#include "core/domain/household.h"
#include "core/domain/personrepository.h"
#include "core/domain/records.h"
#include "core/domain/reportrecords.h"
#include "core/domain/visit.h"
#include "server/console/totp.h"
#include "serverfixture.h"
#include "support/chromium.h"
#include "support/noisejpeg.h"
#include "support/testsupport.h"
#include "testdevice.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace hearth;
using namespace hearth::test;

namespace {

const QByteArray kPassword = "pass-browser-123";

QString js(const QString &s) { return QString::fromUtf8(QJsonDocument(QJsonArray{s}).toJson(QJsonDocument::Compact)).mid(1).chopped(1); }

} // namespace

class TestConsoleBrowser : public QObject
{
    Q_OBJECT

    ServerFixture m_server;
    Chromium m_browser;
    QTemporaryDir m_shots;
    QString m_shotDir, m_secret, m_photo;
    int m_pictures = 0;
    // The devices the data came from: the cadre's, and a neighbour's that registered one of the
    // same people again (a duplicate for the review queue).
    std::unique_ptr<TestDevice> m_device, m_neighbour;
    QStringList m_people;

    QString url(const QString &path) const { return m_server.baseUrl() + path; }

    // The page at office and phone size, as PNG files; each a real image.
    bool picture(const char *name)
    {
        for (const auto &[size, width, height, mobile] : {std::tuple{"office", 1366, 768, false}, {"phone", 390, 844, true}}) {
            const QByteArray png = m_browser.screenshot(width, height, mobile);
            if (!png.startsWith("\x89PNG") || png.size() < 5000)
                return false;
            QFile f(QDir(m_shotDir).filePath(u"console-%1-%2.png"_qs.arg(QLatin1String(size), QLatin1String(name))));
            if (!f.open(QIODevice::WriteOnly) || f.write(png) != png.size())
                return false;
            ++m_pictures;
        }
        m_browser.send(u"Emulation.setDeviceMetricsOverride"_qs,
                       {{u"width"_qs, 1366}, {u"height"_qs, 768}, {u"deviceScaleFactor"_qs, 1}, {u"mobile"_qs, false}});
        return true;
    }

    // Fills the sign-in form and submits it.
    void submitSignIn(const QString &user, const QString &password, const QString &code)
    {
        m_browser.eval(u"(() => { const f = document.querySelector('#signin');"
                       " f.user.value = %1; f.password.value = %2; f.code.value = %3;"
                       " f.requestSubmit(); return true; })()"_qs.arg(js(user), js(password), js(code)));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_server.start());
        m_shotDir = qEnvironmentVariable("HEARTH_CONSOLE_SCREENSHOTS", m_shots.path());
        QVERIFY(QDir().mkpath(m_shotDir));
        QVERIFY(m_server.addUser(u"wang-county"_qs, u"supervisor"_qs, u"510321"_qs, kPassword));
        QVERIFY(m_server.addUser(u"li-other"_qs, u"supervisor"_qs, u"110101"_qs, kPassword));
        QVERIFY(m_server.addUser(u"cadre"_qs, u"cadre"_qs, u"510321100"_qs, kPassword));
        // What a cadre's device recorded, synced as it would be: visits (one with a photo), a
        // job fair, certificates and a wage case settled.
        QVERIFY(m_server.addUser(u"neighbour"_qs, u"cadre"_qs, u"510321100027"_qs, kPassword));
        QVERIFY(m_server.addUser(u"zhao-admin"_qs, u"admin"_qs, u"510321"_qs, kPassword));
        m_device = std::make_unique<TestDevice>();
        m_neighbour = std::make_unique<TestDevice>();
        TestDevice &device = *m_device;
        QVERIFY(device.ok() && m_neighbour->ok());
        HEARTH_VERIFY_OK(device.enrol(m_server.baseUrl(), u"cadre"_qs, kPassword));
        HEARTH_VERIFY_OK(m_neighbour->enrol(m_server.baseUrl(), u"neighbour"_qs, kPassword));
        // A campaign for the township's returned workers; each person heads a household.
        domain::RecordRepository records(device.db());
        auto campaign = records.addCampaign({{}, u"春节返乡走访"_qs, QDate::currentDate().addDays(-10).toString(Qt::ISODate),
                                             QDate::currentDate().addDays(30).toString(Qt::ISODate), {}, u"returned"_qs,
                                             {u"510321100"_qs}});
        HEARTH_VERIFY_OK(campaign);
        domain::PersonRepository people(device.db());
        QStringList &ids = m_people;
        const char *const names[] = {"张春来", "李秋生", "王冬梅"};
        const char *const villages[] = {"510321100027", "510321100023", "510321100022"};
        for (int i = 0; i < 3; ++i) {
            auto home = domain::HouseholdRepository(device.db()).add({{}, QLatin1String(villages[i]), u"%1组"_qs.arg(i + 2),
                                                                      QString::fromUtf8(names[i]), {}, {}});
            HEARTH_VERIFY_OK(home);
            domain::Person p;
            p.name = QString::fromUtf8(names[i]);
            p.areaCode = QLatin1String(villages[i]);
            p.householdId = *home;
            p.status = u"returned"_qs;
            if (i == 0) {
                p.idNumber = u"510321198803150016"_qs;
                p.gender = u"M"_qs;
                p.birthDate = u"1988-03-15"_qs;
            }
            auto id = people.add(p);
            HEARTH_VERIFY_OK(id);
            ids << *id;
            if (i == 0) { // registered again on the neighbour's phone, offline
                p.householdId.clear();
                HEARTH_VERIFY_OK(domain::PersonRepository(m_neighbour->db()).add(p));
            }
        }
        for (int i = 0; i < 5; ++i) {
            domain::Visit v;
            v.personId = ids[i % 3];
            v.kind = u"home"_qs;
            v.cashFen = 30'000;
            v.goods = {{u"大米"_qs, 1}};
            v.location.reasonCode = u"no_fix"_qs;
            v.campaignId = i < 2 ? *campaign : QString(); // two of the three households visited in it
            HEARTH_VERIFY_OK(domain::VisitRepository(device.db()).add(v));
        }
        HEARTH_VERIFY_OK(device.addVisitWithPhoto(ids[0], noiseJpeg(640 * 480, 5)));
        domain::ReportRecords report(device.db());
        HEARTH_VERIFY_OK(report.addJobFair({{}, u"510321100"_qs, {}, u"旭阳镇劳动保障所"_qs, u"镇政府院坝"_qs,
                                            QDate::currentDate().toString(Qt::ISODate), 18, 420, 240, 60, 21}));
        for (const char *kind : {"id_card", "social_security", "residence_permit"}) {
            domain::CertificateService c;
            c.areaCode = u"510321100"_qs;
            c.kind = QLatin1String(kind);
            c.outcome = u"done"_qs;
            HEARTH_VERIFY_OK(report.addCertificate(c));
        }
        auto wage = records.addFollowUp({{}, ids[1], {}, {}, u"wage_arrears"_qs, u"open"_qs, {}, {}, 1'200'000, -1});
        HEARTH_VERIFY_OK(wage);
        HEARTH_VERIFY_OK(records.addFollowUpNote(*wage, u"王书记"_qs, u"已全部追回"_qs, u"resolved"_qs, 1'200'000));
        QVERIFY(device.syncVerified(m_server.baseUrl()));
        QVERIFY(m_neighbour->syncVerified(m_server.baseUrl()));
        m_photo = device.text("SELECT photo_hash FROM photo_refs");
        QString error;
        QVERIFY2(m_browser.start(&error), qPrintable(error));
    }
    void cleanupTestCase() { m_server.stop(); }

    void enrolsAndSignsInWithACode()
    {
        QVERIFY(m_browser.navigate(url(u"/console"_qs)));
        QVERIFY(m_browser.waitFor(u"document.querySelector('#signin')"_qs));
        QVERIFY(picture("01-sign-in"));
        // A wrong password: told so on the page, nothing else shown.
        submitSignIn(u"wang-county"_qs, u"wrong-password"_qs, {});
        QVERIFY(m_browser.waitFor(u"document.querySelector('#problem').textContent.includes('密码')"_qs));
        // The first sign-in shows the QR code to scan and the key.
        submitSignIn(u"wang-county"_qs, QString::fromUtf8(kPassword), {});
        QVERIFY(m_browser.waitFor(u"document.querySelector('#secret')"_qs));
        QVERIFY(m_browser.eval(u"document.querySelector('.qr').naturalWidth > 0"_qs).toBool());
        m_secret = m_browser.eval(u"document.querySelector('#secret').textContent"_qs).toString();
        QCOMPARE(m_secret.size(), 32);
        QVERIFY(picture("02-enrol"));
        // A wrong code, then the app's code.
        m_browser.eval(u"document.querySelector('#signin').code.value = '123456', document.querySelector('#signin').requestSubmit(), true"_qs);
        QVERIFY(m_browser.waitFor(u"document.querySelector('#problem').textContent.includes('验证码')"_qs));
        const QString code = server::console::totpCode(m_secret, QDateTime::currentSecsSinceEpoch());
        m_browser.eval(u"document.querySelector('#signin').code.value = %1, document.querySelector('#signin').requestSubmit(), true"_qs.arg(js(code)));
        QVERIFY(m_browser.waitFor(u"document.querySelector('#kpi-visit')"_qs));
        // The cookie is not for scripts.
        QCOMPARE(m_browser.eval(u"document.cookie"_qs).toString(), QString());
    }

    void theDashboardShowsWhatTheDevicesRecorded()
    {
        QVERIFY(m_browser.waitFor(u"document.querySelector('#kpi-visit')"_qs));
        const auto value = [this](const char *thing) {
            return m_browser.eval(u"document.querySelector('#kpi-%1 .value').firstChild.textContent"_qs.arg(QLatin1String(thing)))
                .toString();
        };
        QCOMPARE(value("visit"), u"6"_qs);
        QCOMPARE(value("job_fair"), u"1"_qs);
        QCOMPARE(value("certificate"), u"3"_qs);
        QCOMPARE(value("wage"), u"12,000"_qs);
        QVERIFY(m_browser.eval(u"document.querySelector('#kpi-visit').textContent.includes('¥1,500')"_qs).toBool());
        // The charts are drawn (ECharts from the server itself) and the breakdown lists the township.
        QVERIFY(m_browser.waitFor(u"document.querySelector('#trendChart canvas') && document.querySelector('#childChart canvas')"_qs));
        QVERIFY(m_browser.eval(u"document.querySelector('#children').textContent.includes('旭阳镇')"_qs).toBool());
        QVERIFY(picture("03-dashboard-county"));
        // Down to the township: its villages.
        m_browser.eval(u"document.querySelector('#children tr.go').click(), true"_qs);
        QVERIFY(m_browser.waitFor(u"location.hash.includes('510321100') && document.querySelector('#children') &&"
                                  " document.querySelector('#children').textContent.includes('社区')"_qs));
        QVERIFY(picture("04-dashboard-township"));
    }

    void aFigureOpensItsRecordsWithThePhoto()
    {
        m_browser.eval(u"document.querySelector('#kpi-visit').click(), true"_qs);
        QVERIFY(m_browser.waitFor(u"document.querySelector('#records')"_qs));
        QCOMPARE(m_browser.eval(u"document.querySelectorAll('#records tbody tr').length"_qs).toInt(), 6);
        QVERIFY(m_browser.eval(u"document.querySelector('#records').textContent.includes('张春来')"_qs).toBool());
        QVERIFY(m_browser.waitFor(u"[...document.querySelectorAll('.thumbs img')].some(i => i.complete && i.naturalWidth > 0)"_qs));
        QVERIFY(picture("05-records-visits"));
        m_browser.eval(u"document.querySelector('.thumbs img').click(), true"_qs);
        QVERIFY(m_browser.waitFor(u"document.querySelector('.viewer img') && document.querySelector('.viewer img').naturalWidth > 0"_qs));
        QVERIFY(m_server.queryInt("SELECT count(*) FROM audit WHERE action = 'console.photo' AND actor = 'wang-county'") >= 2);
        m_browser.eval(u"document.querySelector('.viewer').click(), true"_qs);
    }

    // The queue lists the visits the rules flag; one returned with a comment reaches the device
    // that recorded it; the duplicate pair merged there leaves one person on both devices.
    void theReviewQueueReachesTheDevices()
    {
        QVERIFY(m_browser.navigate(url(u"/console?review#/review?area=510321"_qs)));
        QVERIFY(m_browser.waitFor(u"document.querySelector('#flagged') && document.querySelector('#duplicates')"_qs));
        QCOMPARE(m_browser.eval(u"document.querySelectorAll('#flagged tbody tr').length"_qs).toInt(), 6);
        QVERIFY(m_browser.eval(u"document.querySelector('#flagged').textContent.includes('无定位')"_qs).toBool());
        QVERIFY(m_browser.eval(u"document.querySelector('#duplicates').textContent.includes('510321********0016')"_qs).toBool());
        QVERIFY(picture("08-review-queue"));
        // Return the first with a comment: it leaves the queue.
        const QString visit = m_browser.eval(u"document.querySelector('#flagged tbody tr').id.slice(6)"_qs).toString();
        QVERIFY(!visit.isEmpty());
        const QString why = u"请补拍照片，说明没有定位的原因"_qs;
        m_browser.eval(u"(() => { const f = document.querySelector('#flagged tbody tr .rowform'); f.querySelector('.note').value = %1;"
                       " f.querySelector('button[value=returned]').click(); return true; })()"_qs.arg(js(why)));
        QVERIFY(m_browser.waitFor(u"document.querySelector('#flagged') && document.querySelectorAll('#flagged tbody tr').length === 5"_qs));
        // Merge without a reason: told on the page. With one: the pair leaves the queue.
        m_browser.eval(u"document.querySelector('#duplicates button[value=left]').click(), true"_qs);
        QVERIFY(m_browser.waitFor(u"document.querySelector('#duplicates .error') && document.querySelector('#duplicates .error').textContent.includes('原因')"_qs));
        m_browser.eval(u"(() => { const f = document.querySelector('#duplicates .rowform'); f.querySelector('.note').value = '同一身份证号';"
                       " f.querySelector('button[value=left]').click(); return true; })()"_qs);
        QVERIFY(m_browser.waitFor(u"!document.querySelector('#duplicates') && document.querySelector('#flagged')"_qs));
        // At the devices' next sync.
        QVERIFY(m_device->syncVerified(m_server.baseUrl()));
        QVERIFY(m_neighbour->syncVerified(m_server.baseUrl()));
        auto visits = domain::VisitRepository(m_device->db()).list({});
        HEARTH_VERIFY_OK(visits);
        const auto returned = std::find_if(visits->begin(), visits->end(), [&](const domain::Visit &v) { return v.id == visit; });
        QVERIFY(returned != visits->end() && returned->review);
        QCOMPARE(returned->review->decision, u"returned"_qs);
        QCOMPARE(returned->review->comment, why);
        QCOMPARE(returned->review->reviewer, u"wang-county"_qs);
        for (TestDevice *d : {m_device.get(), m_neighbour.get()})
            QCOMPARE(d->text("SELECT count(*) FROM people WHERE name = '张春来'"), u"1"_qs);
    }

    void coverageShowsTheHouseholdsLeft()
    {
        QVERIFY(m_browser.navigate(url(u"/console?coverage#/coverage?area=510321100"_qs)));
        QVERIFY(m_browser.waitFor(u"document.querySelector('#coverage') && document.querySelector('#coverageChart canvas')"_qs));
        QVERIFY(m_browser.eval(u"document.querySelector('.summary .value').textContent.startsWith('2')"_qs).toBool());
        QCOMPARE(m_browser.eval(u"document.querySelectorAll('#unvisited tbody tr').length"_qs).toInt(), 1);
        QVERIFY(m_browser.eval(u"document.querySelector('#unvisited').textContent.includes('王冬梅')"_qs).toBool());
        QVERIFY(picture("09-coverage"));
    }

    void theMonthsReportDownloadsAndPrints()
    {
        // The page's own download, read back by another program.
        const QString base64 = m_browser.eval(u"fetch(document.querySelector('#monthXlsx') ? document.querySelector('#monthXlsx').href"
                                              " : '/console/export/month.xlsx?area=510321').then(r => r.arrayBuffer())"
                                              ".then(b => btoa(String.fromCharCode(...new Uint8Array(b))))"_qs)
                                   .toString();
        QVERIFY(!base64.isEmpty());
        QTemporaryDir dir;
        QFile file(dir.filePath(u"month.xlsx"_qs));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray::fromBase64(base64.toLatin1()));
        file.close();
        QProcess python;
        python.start(u"/usr/bin/python3"_qs, {u"-c"_qs, u"import sys, openpyxl\n"
                                                         "s = openpyxl.load_workbook(sys.argv[1])['汇总']\n"
                                                         "print({r[1]: r[2] for r in s.iter_rows(min_row=4, values_only=True)}['证照办理（人次）'])"_qs,
                                              file.fileName()});
        QVERIFY(python.waitForFinished(30000));
        QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());
        QCOMPARE(python.readAllStandardOutput().trimmed(), QByteArray("3"));
        // The printable report.
        QVERIFY(m_browser.navigate(url(u"/console/export/month.html?area=510321"_qs)));
        QVERIFY(m_browser.waitFor(u"document.querySelector('h1').textContent.includes('月报')"_qs));
        QVERIFY(picture("06-month-report-print"));
        const QJsonObject pdf = m_browser.send(u"Page.printToPDF"_qs, {{u"preferCSSPageSize"_qs, true}});
        QVERIFY(QByteArray::fromBase64(pdf[u"data"].toString().toLatin1()).startsWith("%PDF"));
    }

    void anotherCountyIsRefusedByDirectUrl()
    {
        QVERIFY(m_browser.navigate(url(u"/console#/dashboard?area=110101"_qs)));
        QVERIFY(m_browser.waitFor(u"document.querySelector('#kpi-visit') || document.querySelector('#problem')"_qs));
        QVERIFY(m_browser.waitFor(u"document.querySelector('#problem') && document.querySelector('#problem').textContent.includes('超出')"_qs));
        QCOMPARE(m_browser.eval(u"fetch('/console/api/records?thing=visit&area=110101').then(r => r.status)"_qs).toInt(), 403);
        QCOMPARE(m_browser.eval(u"fetch('/console/export/month.xlsx?area=11').then(r => r.status)"_qs).toInt(), 403);
    }

    void aChangeWithoutTheTokenIsRefused()
    {
        // A script that knows the cookie is sent but not the page's CSRF token.
        QCOMPARE(m_browser.eval(u"fetch('/console/api/signout', {method: 'POST'}).then(r => r.status)"_qs).toInt(), 403);
        QCOMPARE(m_browser.eval(u"fetch('/console/api/me').then(r => r.status)"_qs).toInt(), 200); // still signed in
    }

    void theSessionEndsWhenIdle()
    {
        QVERIFY(m_server.execSql("UPDATE console_sessions SET last_seen = now() - interval '2 hours'"));
        QVERIFY(m_browser.navigate(url(u"/console?later#/dashboard"_qs))); // a new load, not a hash change
        QVERIFY(m_browser.waitFor(u"document.querySelector('#signin')"_qs));
        // English on request.
        m_browser.eval(u"document.querySelector('#langSignin').click(), true"_qs);
        QVERIFY(m_browser.waitFor(u"document.querySelector('#signinButton').textContent === 'Sign in'"_qs));
        submitSignIn(u"wang-county"_qs, QString::fromUtf8(kPassword),
                     server::console::totpCode(m_secret, QDateTime::currentSecsSinceEpoch() + 30));
        QVERIFY(m_browser.waitFor(u"document.querySelector('#kpi-visit')"_qs));
        QVERIFY(m_browser.eval(u"document.querySelector('#kpi-visit').textContent.includes('Visits')"_qs).toBool());
        QVERIFY(picture("07-dashboard-english"));
        m_browser.eval(u"localStorage.setItem('hearth.lang', 'zh'), true"_qs);
    }

    // The county office's ledger, written by openpyxl, chosen in the page's file field and
    // imported: the report lists the refused row by number and reason, and the cadre's device
    // receives the people at its next sync. Above a county the page asks for a county first.
    void aLedgerImportsFromThePage()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"台账.xlsx"_qs);
        QProcess python;
        python.start(u"/usr/bin/python3"_qs, {u"-c"_qs, u"import sys, openpyxl\n"
                                                         "wb = openpyxl.Workbook(); ws = wb.active\n"
                                                         "ws.append(['姓名', '性别', '联系电话', '所在村', '户主', '外出状态'])\n"
                                                         "ws.append(['冉光明', '男', 13812340077, '旭阳镇徐家塘村', '冉光明', '外出'])\n"
                                                         "ws.append(['冉小雨', '女', None, '510321100203', '冉光明', '在家'])\n"
                                                         "ws.append(['冉三', '男', 123, '510321100203', '冉三', '外出'])\n"
                                                         "wb.save(sys.argv[1])\n"_qs,
                                              path});
        QVERIFY(python.waitForFinished(30000));
        QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray workbook = file.readAll();

        QVERIFY(m_browser.navigate(url(u"/console?import#/import?area=510321"_qs)));
        QVERIFY(m_browser.waitFor(u"document.querySelector('#importForm')"_qs));
        QVERIFY(m_browser.navigate(url(u"/console?import2#/import?area=5103"_qs)));
        QVERIFY(m_browser.waitFor(u"document.querySelector('#problem') || document.querySelector('.chips')"_qs));
        QVERIFY(!m_browser.eval(u"!!document.querySelector('#importForm')"_qs).toBool()); // 5103 is above the scope: refused
        QVERIFY(m_browser.navigate(url(u"/console?import3#/import?area=510321100"_qs)));
        QVERIFY(m_browser.waitFor(u"document.querySelector('#importForm')"_qs));
        m_browser.eval(u"(() => { const bytes = Uint8Array.from(atob(%1), (c) => c.charCodeAt(0));"
                       " const files = new DataTransfer(); files.items.add(new File([bytes], '荣县旭阳镇台账.xlsx'));"
                       " document.querySelector('#ledgerFile').files = files.files;"
                       " document.querySelector('#importForm').requestSubmit(); return true; })()"_qs
                           .arg(js(QString::fromLatin1(workbook.toBase64()))));
        QVERIFY(m_browser.waitFor(u"document.querySelector('#importReport[data-state=done]') && document.querySelector('#imports')"_qs, 30000));
        QVERIFY(m_browser.eval(u"document.querySelector('#importReport .value').textContent.startsWith('2')"_qs).toBool());
        QCOMPARE(m_browser.eval(u"document.querySelector('#rejects tbody tr td').textContent"_qs).toString(), u"4"_qs);
        QVERIFY(m_browser.eval(u"document.querySelector('#rejects').textContent.includes('联系电话')"_qs).toBool());
        QVERIFY(picture("11-import"));
        QVERIFY(m_device->syncVerified(m_server.baseUrl()));
        QCOMPARE(m_device->text("SELECT phone FROM people WHERE name = '冉光明'"), u"13812340077"_qs);
        QCOMPARE(m_device->text("SELECT count(DISTINCT household_id) FROM people WHERE name IN ('冉光明', '冉小雨')"), u"1"_qs);
        QVERIFY(m_browser.navigate(url(u"/console?imported#/dashboard?area=510321"_qs)));
        QVERIFY(m_browser.waitFor(u"document.querySelector('#kpi-visit')"_qs));
    }

    // An administrator's devices and users: the cadre's phones with their last contact; a
    // supervisor has no such page.
    void administratorsSeeDevicesAndUsers()
    {
        QCOMPARE(m_browser.eval(u"fetch('/console/api/fleet').then(r => r.status)"_qs).toInt(), 403);
        m_browser.eval(u"document.querySelector('#signout').click(), true"_qs);
        QVERIFY(m_browser.waitFor(u"document.querySelector('#signin')"_qs));
        submitSignIn(u"zhao-admin"_qs, QString::fromUtf8(kPassword), {});
        QVERIFY(m_browser.waitFor(u"document.querySelector('#secret')"_qs));
        const QString secret = m_browser.eval(u"document.querySelector('#secret').textContent"_qs).toString();
        const QString code = server::console::totpCode(secret, QDateTime::currentSecsSinceEpoch());
        m_browser.eval(u"document.querySelector('#signin').code.value = %1, document.querySelector('#signin').requestSubmit(), true"_qs.arg(js(code)));
        QVERIFY(m_browser.waitFor(u"document.querySelector('#kpi-visit') && document.querySelector('#tab-fleet')"_qs));
        QVERIFY(m_browser.navigate(url(u"/console#/fleet"_qs)));
        QVERIFY(m_browser.waitFor(u"document.querySelector('#devices') && document.querySelector('#users')"_qs));
        QCOMPARE(m_browser.eval(u"document.querySelectorAll('#devices tbody tr').length"_qs).toInt(), 2);
        QVERIFY(m_browser.eval(u"document.querySelector('#users').textContent.includes('neighbour')"_qs).toBool());
        QVERIFY(!m_browser.eval(u"document.querySelector('#users').textContent.includes('li-other')"_qs).toBool());
        QVERIFY(picture("10-devices-users"));
        QCOMPARE(m_pictures, 22);
    }
};

QTEST_GUILESS_MAIN(TestConsoleBrowser)
#include "tst_console_browser.moc"
