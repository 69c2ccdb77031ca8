// SPDX-License-Identifier: GPL-3.0-or-later
// Ledger CSV import on a real SQLCipher store: encodings, headers, bad and duplicate rows,
// rerunning a finished import. (A killed import is in tst_hearthctl_ledger, with a real kill.)
#include "core/ledger/ledgerimport.h"
#include "core/ledger/xlsxreader.h"
#include "core/storage/store.h"
#include "platforms/common/pinkeystore.h"
#include "support/testsupport.h"

#include <QStringEncoder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>

#include <xlsxwriter.h>

using namespace hearth;
using namespace hearth::test;

namespace {

// A ledger as a county office keeps it: Chinese headers, households by 户主, a few bad rows.
const QString kLedger = uR"(姓名,性别,身份证号,联系电话,所在村,户主,与户主关系,外出状态,务工省份,务工城市,工作单位,职业,是否党员,标签
张国强,男,510321198001011233,13812345678,510321100027,张国强,户主,外出,广东省,深圳市,某电子厂,普工,是,困难、有创业意愿
李秀英,女,,13912345678,荣县旭阳镇东街社区居民委员会,张国强,配偶,在家,,,,,否,留守妇女
张小明,男,,,510321100027,张国强,子,返乡,,,,,否,
王五,男,510321198001011234,,510321100027,王五,户主,外出,,,,,否,
赵六,男,,12345,510321100027,赵六,户主,外出,,,,,否,
"钱,七",女,,,510321999999,钱七,户主,,,,,,,
孙八,X,,,510321100027,孙八,户主,,,,,,,
周九,男,510321198001011233,,510321100027,周九,户主,,,,,,,
,男,,,510321100027,吴十,户主,,,,,,,
"郑 ""十一""",女,11010519491231002X,,荣县/旭阳镇/东街社区居民委员会,郑十一,户主,外出,,,,,否,
陈十二,女,,,旭阳镇东街社区居民委员会,陈十二,户主,外出,北京市,北京市,"某某公司
第二车间",保洁,否,
吴十三,女,11010519491231002X,,510321100027,吴十三,户主,,,,,,,
冯十四,男,,,东街社区居民委员会,冯十四,户主,,,,,,,
)"_qs;

} // namespace

class TestLedgerImport : public QObject
{
    Q_OBJECT

    QTemporaryDir m_root;
    platform::PinKeyStore m_keys{crypto::KdfParams::minimal()};
    int m_n = 0;

    std::unique_ptr<storage::Store> freshStore()
    {
        auto created = storage::Store::create(m_root.filePath(QString::number(++m_n)), secret("258013"), m_keys);
        if (!created || !importTestAreas(created->store->database()))
            return {};
        return std::move(created->store);
    }

    QString write(const QString &name, const QByteArray &bytes)
    {
        const QString path = m_root.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
            return {};
        return path;
    }

    static QByteArray encoded(const char *encoding, const QString &text)
    {
        QStringEncoder enc(encoding);
        return enc.encode(text);
    }

    static QString personField(storage::Database &db, const QString &name, const char *column)
    {
        auto stmt = db.prepare(std::string("SELECT ") + column + " FROM people WHERE name = ?");
        if (!stmt)
            return u"<error>"_qs;
        stmt->bind(1, name);
        return stmt->step().value() ? stmt->columnText(0) : u"<none>"_qs;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_root.isValid()); }

    void importsEachEncoding_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("encoding");
        QTest::newRow("utf-8") << kLedger.toUtf8() << int(ledger::TextEncoding::Utf8);
        QTest::newRow("utf-8 bom") << QByteArray("\xEF\xBB\xBF" + kLedger.toUtf8()) << int(ledger::TextEncoding::Utf8Bom);
        QTest::newRow("gb18030") << encoded("GB18030", kLedger) << int(ledger::TextEncoding::Gb18030);
        QTest::newRow("gb18030 crlf") << encoded("GB18030", QString(kLedger).replace(u"\n"_qs, u"\r\n"_qs))
                                      << int(ledger::TextEncoding::Gb18030);
        QTest::newRow("utf-16le bom") << QByteArray("\xFF\xFE" + encoded("UTF-16LE", kLedger))
                                      << int(ledger::TextEncoding::Utf16Le);
    }

    void importsEachEncoding()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, encoding);
        QVERIFY(bytes != kLedger.toUtf8() || encoding == int(ledger::TextEncoding::Utf8));
        auto store = freshStore();
        QVERIFY(store);
        auto &db = store->database();
        QList<ledger::ImportProgress> progress;
        ledger::ImportOptions options;
        options.batchSize = 4;
        options.progress = [&](const ledger::ImportProgress &p) { progress.append(p); };
        auto report = ledger::importLedger(*store, write(u"ledger.csv"_qs, bytes), options);
        HEARTH_VERIFY_OK(report);
        QCOMPARE(int(report->encoding), encoding);
        QCOMPARE(report->rows, 13);
        QCOMPARE(report->imported, 5);
        QCOMPARE(report->rejected, 8);
        QVERIFY(progress.size() >= 3);
        QCOMPARE(progress.last().imported, 5);
        QCOMPARE(progress.last().bytesRead, progress.last().bytesTotal);

        // Rejected rows by spreadsheet row (the header is row 1), with the field and why.
        QStringList got;
        for (const auto &r : report->rejects)
            got << QStringLiteral("%1 %2").arg(r.row).arg(r.field);
        QCOMPARE(got, QStringList({u"5 id_number"_qs, u"6 phone"_qs, u"7 area_code"_qs, u"8 gender"_qs,
                                   u"9 id_number"_qs, u"10 name"_qs, u"14 id_number"_qs, u"15 area_code"_qs}));
        QCOMPARE(report->rejects[0].chinese, u"身份证号：校验位不对，请核对号码"_qs);
        QCOMPARE(report->rejects[4].english, u"ID number: already belongs to a person in the store"_qs);
        QVERIFY(report->rejects[7].chinese.contains(u"不唯一"_qs)); // 东街社区 is in two counties

        // Good rows: the household by 户主, names with quotes, a cell with a line break,
        // a name path, GB18030 text intact.
        QCOMPARE(db.queryInt("SELECT count(*) FROM people").value(), 5);
        QCOMPARE(db.queryInt("SELECT count(DISTINCT household_id) FROM people WHERE name IN ('张国强','李秀英','张小明')")
                     .value(),
                 1);
        QCOMPARE(db.queryInt("SELECT count(*) FROM households").value(), 3);
        QCOMPARE(personField(db, u"郑 \"十一\""_qs, "gender"), u"F"_qs);
        QCOMPARE(personField(db, u"陈十二"_qs, "employer"), u"某某公司\n第二车间"_qs);
        QCOMPARE(personField(db, u"李秀英"_qs, "area_code"), testVillage());
        QCOMPARE(personField(db, u"张国强"_qs, "status"), u"away"_qs);
        QCOMPARE(personField(db, u"张国强"_qs, "party_member"), u"1"_qs);
        QCOMPARE(personField(db, u"张国强"_qs, "work_city"), u"深圳市"_qs);
        QCOMPARE(personField(db, u"张小明"_qs, "status"), u"returned"_qs);
        QCOMPARE(db.queryInt("SELECT count(*) FROM person_tags").value(), 3);
        // Every saved person and household is in the outbox.
        QCOMPARE(db.queryInt("SELECT count(*) FROM outbox").value(), 5 + 3);
    }

    // The county office's ledger as an .xlsx workbook, written by two different programs
    // (libxlsxwriter, python3-openpyxl): the same rows, headers and rules as the CSV, the same
    // report. Phone numbers typed as numbers, a birth date as a date cell.
    void importsXlsxWrittenByTwoPrograms_data()
    {
        QTest::addColumn<QString>("writer");
        QTest::newRow("libxlsxwriter") << u"libxlsxwriter"_qs;
        QTest::newRow("openpyxl") << u"openpyxl"_qs;
    }

    void importsXlsxWrittenByTwoPrograms()
    {
        QFETCH(QString, writer);
        // The ledger's rows, read by the CSV reader, plus a birth date column.
        QList<QStringList> rows;
        {
            auto csv = ledger::CsvReader::open(write(u"rows.csv"_qs, kLedger.toUtf8()), ledger::TextEncoding::Utf8);
            HEARTH_VERIFY_OK(csv);
            QStringList row;
            while ((*csv)->next(row))
                // A birth date where no ID number gives one (it would have to agree with it).
                rows << (rows.isEmpty() ? row << u"出生日期"_qs : row << (row[2].isEmpty() ? u"1980-01-01"_qs : QString()));
        }
        const QString path = m_root.filePath(writer + u".xlsx"_qs);
        if (writer == u"libxlsxwriter") {
            lxw_workbook *book = workbook_new(QFile::encodeName(path).constData());
            lxw_worksheet *sheet = workbook_add_worksheet(book, "台账");
            lxw_format *date = workbook_add_format(book);
            format_set_num_format(date, "yyyy-mm-dd");
            for (int r = 0; r < rows.size(); ++r)
                for (int c = 0; c < rows[r].size(); ++c) {
                    const QString v = rows[r][c];
                    if (r > 0 && c == rows[r].size() - 1 && !v.isEmpty()) {
                        lxw_datetime when{1980, 1, 1, 0, 0, 0};
                        worksheet_write_datetime(sheet, lxw_row_t(r), lxw_col_t(c), &when, date);
                    } else if (r > 0 && c == 3 && !v.isEmpty()) { // 联系电话, typed as a number
                        worksheet_write_number(sheet, lxw_row_t(r), lxw_col_t(c), v.toDouble(), nullptr);
                    } else if (!v.isEmpty()) {
                        worksheet_write_string(sheet, lxw_row_t(r), lxw_col_t(c), v.toUtf8().constData(), nullptr);
                    }
                }
            workbook_add_worksheet(book, "说明"); // a second sheet: only the first is read
            QCOMPARE(int(workbook_close(book)), int(LXW_NO_ERROR));
        } else {
            QJsonArray json;
            for (const QStringList &r : rows)
                json.append(QJsonArray::fromStringList(r));
            QProcess python;
            python.start(u"/usr/bin/python3"_qs, // Debian's, with python3-openpyxl
                         {u"-c"_qs, u"import datetime, json, sys, openpyxl\n"
                                    "rows = json.load(sys.stdin)\n"
                                    "wb = openpyxl.Workbook()\n"
                                    "ws = wb.active\n"
                                    "ws.title = '台账'\n"
                                    "for i, row in enumerate(rows):\n"
                                    "    cells = [None if v == '' else v for v in row]\n"
                                    "    if i > 0:\n"
                                    "        if cells[3]: cells[3] = int(cells[3])\n"
                                    "        if cells[-1]: cells[-1] = datetime.date(1980, 1, 1)\n"
                                    "    ws.append(cells)\n"
                                    "wb.create_sheet('说明')\n"
                                    "wb.save(sys.argv[1])\n"_qs,
                          path});
            python.write(QJsonDocument(json).toJson());
            python.closeWriteChannel();
            QVERIFY(python.waitForFinished(30000));
            QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());
        }
        QVERIFY(ledger::looksLikeXlsx(path));
        auto store = freshStore();
        QVERIFY(store);
        ledger::ImportOptions options;
        options.batchSize = 4;
        auto report = ledger::importLedger(*store, path, options);
        HEARTH_VERIFY_OK(report);
        QCOMPARE(report->encoding, ledger::TextEncoding::Xlsx);
        QCOMPARE(report->rows, 13);
        QCOMPARE(report->imported, 5);
        QCOMPARE(report->rejected, 8);
        QStringList got;
        for (const auto &r : report->rejects)
            got << QStringLiteral("%1 %2").arg(r.row).arg(r.field);
        QCOMPARE(got, QStringList({u"5 id_number"_qs, u"6 phone"_qs, u"7 area_code"_qs, u"8 gender"_qs,
                                   u"9 id_number"_qs, u"10 name"_qs, u"13 id_number"_qs, u"14 area_code"_qs}));
        // (the sheet's own rows: a cell holding a line break is one row, not two lines as in the CSV)
        auto &db = store->database();
        QCOMPARE(personField(db, u"张国强"_qs, "phone"), u"13812345678"_qs); // a number cell, no ".0"
        QCOMPARE(personField(db, u"李秀英"_qs, "birth_date"), u"1980-01-01"_qs); // a date cell
        QCOMPARE(personField(db, u"陈十二"_qs, "employer"), u"某某公司\n第二车间"_qs);
        QCOMPARE(personField(db, u"郑 \"十一\""_qs, "gender"), u"F"_qs);
        // Run again: the same file is recognised and nothing changes.
        auto again = ledger::importLedger(*store, path, options);
        HEARTH_VERIFY_OK(again);
        QVERIFY(again->alreadyComplete);
        QCOMPARE(db.queryInt("SELECT count(*) FROM people").value(), 5);
    }

    // A workbook cut short, or a zip that is no workbook: a clear error, nothing saved.
    void brokenXlsxIsRefused()
    {
        auto store = freshStore();
        QVERIFY(store);
        QFile whole(m_root.filePath(u"libxlsxwriter.xlsx"_qs));
        QVERIFY(whole.open(QIODevice::ReadOnly));
        const QByteArray bytes = whole.readAll();
        // The sheet's compressed data damaged in the middle, the zip's directory intact.
        QByteArray damaged = bytes;
        const qsizetype header = damaged.indexOf("xl/worksheets/sheet1.xml") - 30; // its local file header
        QVERIFY(header > 0);
        const int nameLength = uchar(damaged[header + 26]) | uchar(damaged[header + 27]) << 8;
        const int extraLength = uchar(damaged[header + 28]) | uchar(damaged[header + 29]) << 8;
        const qsizetype data = header + 30 + nameLength + extraLength;
        const int compressed = int(uchar(damaged[header + 18]) | uchar(damaged[header + 19]) << 8);
        for (qsizetype i = data + compressed / 2; i < data + compressed / 2 + 8; ++i)
            damaged[i] = char(damaged[i] ^ 0x5A);
        for (const QByteArray &broken : {bytes.left(bytes.size() / 2), QByteArray("PK\x03\x04 not really a zip", 24), damaged}) {
            auto report = ledger::importLedger(*store, write(u"broken.xlsx"_qs, broken));
            QVERIFY(!report);
            QVERIFY2(report.error().chinese().contains(u"Excel"_qs), qPrintable(report.error().chinese()));
            QVERIFY(report.error().english().contains(u".xlsx"_qs));
        }
        QCOMPARE(store->database().queryInt("SELECT count(*) FROM people").value(), 0);
    }

    void theSameFileAgainChangesNothing()
    {
        auto store = freshStore();
        QVERIFY(store);
        auto &db = store->database();
        const QString path = write(u"again.csv"_qs, kLedger.toUtf8());
        auto first = ledger::importLedger(*store, path);
        HEARTH_VERIFY_OK(first);
        const qint64 outbox = db.queryInt("SELECT count(*) FROM outbox").value();
        auto second = ledger::importLedger(*store, path);
        HEARTH_VERIFY_OK(second);
        QVERIFY(second->alreadyComplete);
        QCOMPARE(second->imported, first->imported);
        QCOMPARE(second->rejects.size(), first->rejects.size());
        QCOMPARE(db.queryInt("SELECT count(*) FROM outbox").value(), outbox);
        // A different file with the same people: every ID number is now a duplicate.
        auto third = ledger::importLedger(*store, write(u"copy.csv"_qs, kLedger.toUtf8() + "\n"));
        HEARTH_VERIFY_OK(third);
        QVERIFY(!third->alreadyComplete);
        QCOMPARE(third->imported, 3); // the rows without ID numbers can't be told apart
    }

    void englishHeadersAndNamePaths()
    {
        auto store = freshStore();
        QVERIFY(store);
        const QString csv = u"name,gender,phone,registered,status,tags,notes\n"
                            "Wang Fang,female,+86 139 0000 1111,四川省/自贡市/荣县/旭阳镇/东街社区居民委员会,away,hardship\n"_qs;
        auto report = ledger::importLedger(*store, write(u"en.csv"_qs, csv.toUtf8()));
        HEARTH_VERIFY_OK(report);
        QCOMPARE(report->imported, 1);
        QCOMPARE(report->ignoredColumns, QStringList({u"notes"_qs}));
        QCOMPARE(personField(store->database(), u"Wang Fang"_qs, "phone"), u"13900001111"_qs);
    }

    void badFilesAreRefusedWithAReason()
    {
        auto store = freshStore();
        QVERIFY(store);
        auto &db = store->database();
        auto noName = ledger::importLedger(*store, write(u"noname.csv"_qs, "性别,所在村\n男,510321100027\n"));
        HEARTH_VERIFY_ERROR(noName, ErrorCode::BadFile);
        QVERIFY(noName.error().chinese().contains(u"姓名"_qs));
        auto noArea = ledger::importLedger(*store, write(u"noarea.csv"_qs, "姓名\n张三\n"));
        HEARTH_VERIFY_ERROR(noArea, ErrorCode::BadFile);
        HEARTH_VERIFY_ERROR(ledger::importLedger(*store, write(u"empty.csv"_qs, "")), ErrorCode::BadFile);
        HEARTH_VERIFY_ERROR(ledger::importLedger(*store, m_root.filePath(u"missing.csv"_qs)), ErrorCode::BadFile);
        auto quote = ledger::importLedger(*store, write(u"quote.csv"_qs, "姓名,所在村\n\"张三,510321100027\n"));
        HEARTH_VERIFY_ERROR(quote, ErrorCode::BadFile);
        QVERIFY(quote.error().english().contains(u"never closed"_qs));
        // Random bytes: GB18030 decodes almost anything, so the header check catches it.
        QByteArray junk;
        for (int i = 0; i < 4096; ++i)
            junk.append(char((i * 7919) % 256));
        HEARTH_VERIFY_ERROR(ledger::importLedger(*store, write(u"junk.csv"_qs, junk)), ErrorCode::BadFile);
        QCOMPARE(db.queryInt("SELECT count(*) FROM people").value(), 0);
    }
};

QTEST_GUILESS_MAIN(TestLedgerImport)
#include "tst_ledgerimport.moc"
