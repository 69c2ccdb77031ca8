// SPDX-License-Identifier: GPL-3.0-or-later
// The console's ledger import against the real server on a private PostgreSQL: a county
// office's ledger (.xlsx written by libxlsxwriter, CSV in GB18030) uploaded by a supervisor,
// its rows pushed through the sync path and received by a real device at its next sync; rows
// refused with their row and reason (a bad field, an ID number already kept, a village outside
// the chosen area); the same file sent again answered, never imported twice; an import cut
// short by kill -9 of the server resumed to exactly one clean run's result; and the refusals:
// a role without the right, an area outside the scope, no CSRF token, a broken file, a body
// past the limit.
#include "consoleclient.h"
#include "core/domain/household.h"
#include "core/domain/personrepository.h"
#include "serverfixture.h"
#include "support/testsupport.h"
#include "testdevice.h"

#include <QJsonArray>
#include <QStringEncoder>
#include <QTemporaryDir>
#include <QTest>

#include <xlsxwriter.h>

using namespace hearth;
using namespace hearth::test;

namespace {

// Rows as a county office keeps them: one of each kind of refusal among good rows.
const QList<QStringList> kRows{
    {u"姓名"_qs, u"性别"_qs, u"身份证号"_qs, u"联系电话"_qs, u"所在村"_qs, u"户主"_qs, u"与户主关系"_qs, u"外出状态"_qs, u"备注"_qs},
    {u"黄志远"_qs, u"男"_qs, u""_qs, u"13812340001"_qs, u"510321100027"_qs, u"黄志远"_qs, u"户主"_qs, u"外出"_qs, u"x"_qs},
    {u"刘桂芳"_qs, u"女"_qs, u""_qs, u""_qs, u"旭阳镇东街社区"_qs, u"黄志远"_qs, u"配偶"_qs, u"在家"_qs, u""_qs},
    {u"马建国"_qs, u"男"_qs, u"510321198001011233"_qs, u""_qs, u"510321100027"_qs, u"马建国"_qs, u"户主"_qs, u"外出"_qs, u""_qs}, // kept already
    {u"何丽"_qs, u"女"_qs, u""_qs, u"12345"_qs, u"510321100027"_qs, u"何丽"_qs, u"户主"_qs, u""_qs, u""_qs},         // phone
    {u"罗军"_qs, u"男"_qs, u""_qs, u""_qs, u"富顺县"_qs, u"罗军"_qs, u"户主"_qs, u""_qs, u""_qs},                  // another county
    {u"谢红"_qs, u"女"_qs, u""_qs, u""_qs, u"荣县双石镇玉章社区"_qs, u"谢红"_qs, u"户主"_qs, u"返乡"_qs, u""_qs}, // another township
    {u"唐平"_qs, u"X"_qs, u""_qs, u""_qs, u"510321100027"_qs, u"唐平"_qs, u"户主"_qs, u""_qs, u""_qs},             // gender
};

QByteArray xlsxOf(const QList<QStringList> &rows, const QString &dir)
{
    const QString path = dir + u"/ledger.xlsx"_qs;
    lxw_workbook *book = workbook_new(QFile::encodeName(path).constData());
    lxw_worksheet *sheet = workbook_add_worksheet(book, "台账");
    for (int r = 0; r < rows.size(); ++r)
        for (int c = 0; c < rows[r].size(); ++c)
            if (!rows[r][c].isEmpty())
                worksheet_write_string(sheet, lxw_row_t(r), lxw_col_t(c), rows[r][c].toUtf8().constData(), nullptr);
    if (workbook_close(book) != LXW_NO_ERROR)
        return {};
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QByteArray csvOf(const QList<QStringList> &rows, const char *encoding)
{
    QString text;
    for (const QStringList &r : rows)
        text += r.join(u',') + u"\r\n"_qs;
    QStringEncoder encode(encoding);
    return encode.encode(text);
}

QStringList rejectsOf(const QJsonObject &import)
{
    QStringList out;
    for (const QJsonValue &r : import[u"rejects"].toArray())
        out << u"%1 %2"_qs.arg(r[u"row"].toInt()).arg(r[u"field"].toString());
    return out;
}

} // namespace

class TestConsoleImport : public QObject
{
    Q_OBJECT

    ServerFixture m_server;
    ConsoleClient m_console{m_server};
    QTemporaryDir m_dir;

    HttpReply upload(const Browser &b, const QString &area, const QByteArray &file, bool csrf = true)
    {
        QList<QPair<QByteArray, QByteArray>> headers{{"Cookie", "hearth_console=" + b.cookie},
                                                     {"Content-Type", "application/octet-stream"}};
        if (csrf)
            headers.append({"X-CSRF-Token", b.csrf});
        return m_server.request("POST", u"/console/api/import?area=%1&name=ledger"_qs.arg(area), file, {}, headers);
    }

    // The import, once it has stopped running (or after 60 s, as it stood).
    QJsonObject finished(const Browser &b, qint64 id)
    {
        QJsonObject last;
        for (int i = 0; i < 600; ++i) {
            last = m_console.call("GET", u"/console/api/imports?id=%1"_qs.arg(id), b).json[u"import"].toObject();
            if (last[u"state"].toString() != u"running")
                break;
            QTest::qWait(100);
        }
        if (last[u"state"].toString() != u"done")
            qWarning() << "import" << id << last;
        return last;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(m_server.start());
        QVERIFY(m_server.addUser(u"cadre-a"_qs, u"cadre"_qs, u"510321100"_qs, kConsolePassword));
    }
    void cleanupTestCase() { m_server.stop(); }
    void cleanup() { QVERIFY(m_server.digestsHold()); }

    // An .xlsx ledger into the county: the good rows become people and households that a
    // cadre's device receives at its next sync; the others are listed by row and field, with
    // no value of theirs kept; the unknown column is named. Sent again: answered, not redone.
    void ledgerReachesTheDevicesAndRefusesRowsByReason()
    {
        TestDevice phone;
        QVERIFY(phone.ok());
        HEARTH_VERIFY_OK(phone.enrol(m_server.baseUrl(), u"cadre-a"_qs, kConsolePassword));
        domain::Person kept; // an ID number the county has already
        kept.name = u"马建国"_qs;
        kept.idNumber = u"510321198001011233"_qs;
        kept.areaCode = u"510321100027"_qs;
        HEARTH_VERIFY_OK(domain::PersonRepository(phone.db()).add(kept));
        QVERIFY(phone.syncVerified(m_server.baseUrl()));

        const Browser b = m_console.newSupervisor(u"510321"_qs);
        QVERIFY(b.ok());
        const QByteArray file = xlsxOf(kRows, m_dir.path());
        QVERIFY(!file.isEmpty());
        const HttpReply started = upload(b, u"510321"_qs, file);
        QVERIFY2(started.status == 200, started.raw.constData());
        const QJsonObject import = finished(b, started.json[u"import"][u"id"].toInteger());
        QCOMPARE(import[u"state"].toString(), u"done"_qs);
        QCOMPARE(import[u"encoding"].toString(), u"xlsx"_qs);
        QCOMPARE(import[u"imported"].toInt(), 3);
        QCOMPARE(import[u"rejected"].toInt(), 4);
        QCOMPARE(rejectsOf(import), QStringList({u"4 id_number"_qs, u"5 phone"_qs, u"6 area_code"_qs, u"8 gender"_qs}));
        QCOMPARE(import[u"ignored"].toArray(), QJsonArray{u"备注"_qs});
        const QString all = QString::fromUtf8(QJsonDocument(import).toJson());
        for (const char *value : {"何丽", "12345", "罗军", "唐平", "510321198001011233"}) // reasons only
            QVERIFY2(!all.contains(QString::fromUtf8(value)), value);
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM records WHERE entity = 'person' AND body->>'name' = '谢红'"), 1);

        // The cadre's device: the two people of its township, in one household; not the other township's.
        QVERIFY(phone.syncVerified(m_server.baseUrl()));
        QCOMPARE(phone.text("SELECT count(*) FROM people"), u"3"_qs);
        QCOMPARE(phone.text("SELECT count(DISTINCT household_id) FROM people WHERE name IN ('黄志远', '刘桂芳')"), u"1"_qs);
        QCOMPARE(phone.text("SELECT h.head_name FROM people p JOIN households h ON h.id = p.household_id"
                            " WHERE p.name = '刘桂芳'"),
                 u"黄志远"_qs);
        QCOMPARE(phone.text("SELECT phone FROM people WHERE name = '黄志远'"), u"13812340001"_qs);
        QCOMPARE(phone.text("SELECT count(*) FROM people WHERE name = '谢红'"), u"0"_qs);
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM audit WHERE action = 'console.import'"), 1);

        // The same file again, by the same supervisor: the finished import, nothing redone.
        const HttpReply again = upload(b, u"510321"_qs, file);
        QCOMPARE(again.status, 200);
        QVERIFY(again.json[u"again"].toBool());
        QCOMPARE(again.json[u"import"][u"imported"].toInt(), 3);
        // By another supervisor, or into a part of the area: refused, naming who did it.
        const Browser other = m_console.newSupervisor(u"510321"_qs);
        for (const auto &[who, area] : {std::pair{&other, u"510321"_qs}, {&b, u"510321100"_qs}}) {
            const HttpReply twice = upload(*who, area, file);
            QCOMPARE(twice.status, 409);
            QVERIFY(twice.json[u"reason_zh"].toString().contains(u"已由"));
        }
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM records WHERE entity = 'person' AND body->>'name' = '黄志远'"), 1);
        // The list of the user's imports.
        const HttpReply list = m_console.call("GET", u"/console/api/imports"_qs, b);
        QCOMPARE(list.status, 200);
        QCOMPARE(list.json[u"imports"].toArray().size(), 1);
    }

    // Excel on Chinese Windows saves CSV in GB18030; a township supervisor imports into their township.
    void gb18030CsvIntoATownship()
    {
        const Browser b = m_console.newSupervisor(u"510321102"_qs);
        QVERIFY(b.ok());
        const QList<QStringList> rows{kRows[0],
                                      {u"邓小芳"_qs, u"女"_qs, u""_qs, u""_qs, u"双石镇燕子村"_qs, u"邓小芳"_qs, u"户主"_qs, u"外出"_qs, u""_qs},
                                      {u"邓大海"_qs, u"男"_qs, u""_qs, u""_qs, u"510321102201"_qs, u"邓小芳"_qs, u"子"_qs, u"外出"_qs, u""_qs},
                                      {u"高山"_qs, u"男"_qs, u""_qs, u""_qs, u"510321100027"_qs, u"高山"_qs, u"户主"_qs, u""_qs, u""_qs}};
        const HttpReply started = upload(b, u"510321102"_qs, csvOf(rows, "GB18030"));
        QVERIFY2(started.status == 200, started.raw.constData());
        const QJsonObject import = finished(b, started.json[u"import"][u"id"].toInteger());
        QCOMPARE(import[u"encoding"].toString(), u"gb18030"_qs);
        QCOMPARE(import[u"imported"].toInt(), 2);
        QCOMPARE(rejectsOf(import), QStringList{u"4 area_code"_qs}); // another township's village
        QCOMPARE(m_server.queryInt("SELECT count(DISTINCT body->>'household_id') FROM records WHERE entity = 'person'"
                                   " AND body->>'name' IN ('邓小芳', '邓大海')"),
                 1);
    }

    // Whoever may not, or where they may not, or without the page's token, or a file that is no
    // ledger: refused with a reason in both languages, nothing imported.
    void refusals()
    {
        const qint64 before = m_server.queryInt("SELECT count(*) FROM records WHERE entity = 'person'");
        const QByteArray file = csvOf({kRows[0], {u"甲"_qs, u"男"_qs, u""_qs, u""_qs, u"510321102201"_qs, u"甲"_qs, u""_qs, u""_qs, u""_qs}}, "UTF-8");
        QVERIFY(m_server.addUser(u"admin-b"_qs, u"admin"_qs, u"510321"_qs, kConsolePassword));
        const Browser admin = m_console.signIn(u"admin-b"_qs);
        QVERIFY(admin.ok());
        QCOMPARE(upload(admin, u"510321"_qs, file).status, 401); // administrators keep users, not records: no body held
        const Browser township = m_console.newSupervisor(u"510321100"_qs);
        QCOMPARE(upload(township, u"510321102"_qs, file).status, 403); // not their township
        QCOMPARE(upload(township, u"510321"_qs, file).status, 403);    // nor their county
        const Browser province = m_console.newSupervisor(u"51"_qs);
        const HttpReply wide = upload(province, u"51"_qs, file); // a county or below
        QCOMPARE(wide.status, 400);
        QVERIFY(!wide.json[u"reason_zh"].toString().isEmpty() && !wide.json[u"reason_en"].toString().isEmpty());
        QCOMPARE(upload(township, u"510321100"_qs, file, false).status, 401); // no CSRF token: no body held
        QCOMPARE(upload(Browser{}, u"510321100"_qs, file).status, 401);         // not signed in
        QCOMPARE(upload(township, u"5103211"_qs, file).status, 400);          // no such area
        QCOMPARE(upload(township, u"510321100999"_qs, file).status, 400);
        QCOMPARE(upload(township, u"510321100"_qs, {}).status, 400);
        for (const QByteArray &broken : {QByteArray("PK\x03\x04garbage", 11), QByteArray("名字,电话\n张三,1\n"),
                                         xlsxOf(kRows, m_dir.path()).left(600)}) {
            const HttpReply r = upload(township, u"510321100"_qs, broken);
            QCOMPARE(r.status, 400);
            QVERIFY(!r.json[u"reason_zh"].toString().isEmpty() && !r.json[u"reason_en"].toString().isEmpty());
        }
        const HttpReply huge = upload(township, u"510321100"_qs, QByteArray(65 << 20, 'a'));
        QCOMPARE(huge.status, 413);
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM records WHERE entity = 'person'"), before);
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM console_imports WHERE state = 'running'"), 0);
    }

    // A header cell holding a control character is ignored (named without it), not a 500; and a
    // run whose import another took over stops at its next batch, its last push undone.
    void oddHeadersAndATakeover()
    {
        const Browser b = m_console.newSupervisor(u"510321"_qs);
        QVERIFY(b.ok());
        QByteArray odd = csvOf({{u"姓名"_qs, u"所在村"_qs, u"x"_qs}, {u"尹一"_qs, u"510321100207"_qs, {}}}, "UTF-8");
        odd.replace(",x", QByteArray(",\0x", 3));
        const HttpReply started = upload(b, u"510321100"_qs, odd);
        QVERIFY2(started.status == 200, started.raw.constData());
        QCOMPARE(finished(b, started.json[u"import"][u"id"].toInteger())[u"ignored"].toArray(), QJsonArray{u"x"_qs});

        QList<QStringList> rows{kRows[0]};
        for (int i = 0; i < 4000; ++i)
            rows.append({u"接%1"_qs.arg(i), u"男"_qs, {}, {}, u"510321100207"_qs, u"接%1"_qs.arg(i), {}, {}, {}});
        const HttpReply big = upload(b, u"510321100"_qs, csvOf(rows, "UTF-8"));
        QVERIFY2(big.status == 200, big.raw.constData());
        const qint64 id = big.json[u"import"][u"id"].toInteger();
        QTRY_VERIFY_WITH_TIMEOUT(m_server.queryInt("SELECT rows_done FROM console_imports WHERE id = $1", {id}) > 1, 60000);
        QVERIFY(m_server.execSql("UPDATE console_imports SET runner = 'another' WHERE id = $1", {id})); // as another run would
        QTRY_VERIFY_WITH_TIMEOUT(m_server.serverLog().contains("another run took this import over"), 30000);
        const qint64 done = m_server.queryInt("SELECT rows_done FROM console_imports WHERE id = $1", {id});
        QVERIFY(done < 4001);
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM records WHERE entity = 'person' AND body->>'name' LIKE '接%'"), done - 1);
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM console_imports WHERE id = $1 AND state = 'running'", {id}), 1);
    }

    // kill -9 of the server in the middle of an import: what committed stays, with its progress
    // row (written in the same transaction); the same file sent again resumes after it and ends
    // with each row imported exactly once.
    void importCutShortResumesExactlyOnce()
    {
        const Browser b = m_console.newSupervisor(u"510321"_qs);
        QVERIFY(b.ok());
        QList<QStringList> rows{kRows[0]};
        const int n = 6000;
        for (int i = 0; i < n; ++i) // households of four, no ID numbers: only the progress row tells them apart
            rows.append({u"续%1"_qs.arg(i), i % 2 ? u"女"_qs : u"男"_qs, {}, {}, u"510321100203"_qs,
                         u"续%1"_qs.arg(i - i % 4), {}, u"外出"_qs, {}});
        const QByteArray file = csvOf(rows, "UTF-8");
        const HttpReply started = upload(b, u"510321100"_qs, file);
        QVERIFY2(started.status == 200, started.raw.constData());
        const qint64 id = started.json[u"import"][u"id"].toInteger();
        QTRY_VERIFY_WITH_TIMEOUT(m_server.queryInt("SELECT rows_done FROM console_imports WHERE id = $1", {id}) > 1, 60000);
        QVERIFY(m_server.killServer());
        const qint64 done = m_server.queryInt("SELECT rows_done FROM console_imports WHERE id = $1", {id});
        QVERIFY2(done < n + 1, "the import finished before the kill: make it longer");
        // Its people are exactly the rows it recorded as done.
        const char *made = "SELECT count(*) FROM records WHERE entity = 'person' AND body->>'name' LIKE '续%'";
        QCOMPARE(m_server.queryInt(made), done - 1);
        QVERIFY(m_server.startServer());
        // Two minutes later (as if), the page shows it cut short; the same file resumes it.
        QVERIFY(m_server.execSql("UPDATE console_imports SET updated_at = now() - interval '3 minutes' WHERE id = $1", {id}));
        const Browser again = m_console.signIn(m_console.lastSupervisor());
        QCOMPARE(m_console.call("GET", u"/console/api/imports?id=%1"_qs.arg(id), again).json[u"import"][u"state"].toString(),
                 u"interrupted"_qs);
        const HttpReply resumed = upload(again, u"510321100"_qs, file);
        QVERIFY2(resumed.status == 200, resumed.raw.constData());
        QCOMPARE(resumed.json[u"import"][u"id"].toInteger(), id);
        const QJsonObject import = finished(again, id);
        QCOMPARE(import[u"state"].toString(), u"done"_qs);
        QCOMPARE(import[u"imported"].toInt(), n);
        QCOMPARE(import[u"rejected"].toInt(), 0);
        QCOMPARE(m_server.queryInt(made), n);
        QCOMPARE(m_server.queryInt("SELECT count(*) FROM records WHERE entity = 'household' AND body->>'head_name' LIKE '续%'"), n / 4);
    }
};

QTEST_GUILESS_MAIN(TestConsoleImport)
#include "tst_console_import.moc"
