// SPDX-License-Identifier: GPL-3.0-or-later
// hearthctl's ledger and record commands end to end, as real processes on a real store:
// areas, people import (and one killed with SIGKILL half-way, then run again), person
// add/edit/search/show, visits with an NMEA replay and a photo, export.
#include "support/syntheticledger.h"
#include "support/testsupport.h"

#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <csignal>

using namespace hearth::test;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
    QJsonObject json() const { return QJsonDocument::fromJson(out.toUtf8()).object(); }
};

// The people of an export, without what differs between two runs (ids, times, household ids).
QStringList peopleOf(const QJsonObject &exported)
{
    QStringList rows;
    for (const QJsonValue &v : exported.value(u"people"_qs).toArray()) {
        const QJsonObject p = v.toObject();
        rows << QStringList{p.value(u"name"_qs).toString(), p.value(u"id_number"_qs).toString(),
                            p.value(u"phone"_qs).toString(), p.value(u"area_code"_qs).toString(),
                            p.value(u"relation"_qs).toString(), p.value(u"status"_qs).toString()}
                    .join(u'|');
    }
    rows.sort();
    return rows;
}

} // namespace

class TestHearthctlLedger : public QObject
{
    Q_OBJECT

    QTemporaryDir m_root;
    QString m_store;

    static QProcessEnvironment env()
    {
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert(u"HEARTH_PIN"_qs, u"258013"_qs);
        e.insert(u"USER"_qs, u"test-admin"_qs);
        return e;
    }

    Run run(const QString &store, const QStringList &args)
    {
        QProcess p;
        p.setProcessEnvironment(env());
        p.start(QStringLiteral(HEARTHCTL_PATH), QStringList{u"--store"_qs, store} + args);
        p.closeWriteChannel();
        if (!p.waitForFinished(120'000))
            return {};
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
                QString::fromUtf8(p.readAllStandardError())};
    }

    QString newStore(const QString &name)
    {
        const QString dir = m_root.filePath(name);
        if (run(dir, {u"init"_qs}).exitCode != 0 || run(dir, {u"areas"_qs, u"import"_qs, testAreasDir()}).exitCode != 0)
            return {};
        return dir;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_root.isValid());
        m_store = newStore(u"main"_qs);
        QVERIFY(!m_store.isEmpty());
    }

    void areasImportReportsLevels()
    {
        const Run r = run(m_root.filePath(u"areas"_qs), {u"init"_qs});
        QCOMPARE(r.exitCode, 0);
        const Run a = run(m_root.filePath(u"areas"_qs), {u"areas"_qs, u"import"_qs, testAreasDir(), u"--prefix"_qs,
                                                         u"510321"_qs, u"--json"_qs});
        QCOMPARE(a.exitCode, 0);
        QCOMPARE(a.json().value(u"villages"_qs).toInt(), 248);
        QCOMPARE(a.json().value(u"counties"_qs).toInt(), 1);
        const Run bad = run(m_root.filePath(u"areas"_qs), {u"areas"_qs, u"import"_qs, m_root.path()});
        QCOMPARE(bad.exitCode, 1);
        QVERIFY(bad.err.contains(u"provinces.csv"_qs));
    }

    void personLifeCycle()
    {
        const Run added = run(m_store, {u"person"_qs, u"add"_qs, u"--name"_qs, u"欧阳春花"_qs, u"--area"_qs, testVillage(),
                                        u"--id-number"_qs, u"11010519491231002X"_qs, u"--phone"_qs, u"13987654321"_qs,
                                        u"--status"_qs, u"away"_qs, u"--tag"_qs, u"困难"_qs});
        QCOMPARE(added.exitCode, 0);
        const QString id = added.out.trimmed();
        QCOMPARE(id.size(), 36);
        const Run badId = run(m_store, {u"person"_qs, u"add"_qs, u"--name"_qs, u"某人"_qs, u"--area"_qs, testVillage(),
                                        u"--id-number"_qs, u"110105194912310021"_qs});
        QCOMPARE(badId.exitCode, 1);
        QVERIFY(badId.err.contains(u"身份证号：校验位不对"_qs));
        QVERIFY(badId.err.contains(u"ID number: wrong check digit"_qs));
        // The same ID number again, or the same phone: told who is likely the same, saved only
        // with --anyway (then both are kept; the server lists the pair for a supervisor).
        const QStringList again{u"person"_qs, u"add"_qs, u"--name"_qs, u"欧阳春华"_qs, u"--area"_qs, testVillage(),
                                u"--id-number"_qs, u"11010519491231002x"_qs};
        const Run warned = run(m_store, again + QStringList{u"--json"_qs});
        QCOMPARE(warned.exitCode, 1);
        QVERIFY2(warned.err.contains(u"add --anyway"_qs), qPrintable(warned.err));
        const QJsonArray likely = warned.json().value(u"likely_duplicates"_qs).toArray();
        QCOMPARE(likely.size(), 1);
        QCOMPARE(likely[0][u"id"_qs].toString(), id);
        QCOMPARE(likely[0][u"reason"_qs].toString(), u"id_number"_qs);
        const Run samePhone = run(m_store, {u"person"_qs, u"add"_qs, u"--name"_qs, u"别人"_qs, u"--area"_qs, testVillage(),
                                            u"--phone"_qs, u"139 8765 4321"_qs});
        QCOMPARE(samePhone.exitCode, 1);
        QVERIFY(samePhone.out.contains(id) && samePhone.out.contains(u"phone"_qs));
        const Run anyway = run(m_store, again + QStringList{u"--anyway"_qs});
        QCOMPARE(anyway.exitCode, 0);
        QVERIFY(anyway.out.trimmed() != id);

        const Run shown = run(m_store, {u"person"_qs, u"show"_qs, id, u"--json"_qs});
        QCOMPARE(shown.json().value(u"id_number"_qs).toString(), u"110105********002X"_qs);
        QCOMPARE(shown.json().value(u"phone"_qs).toString(), u"139****4321"_qs);
        QVERIFY(!shown.out.contains(u"13987654321"_qs));
        QCOMPARE(run(m_store, {u"person"_qs, u"show"_qs, id, u"--unmask"_qs}).exitCode, 2); // no reason
        const Run full = run(m_store, {u"person"_qs, u"show"_qs, id, u"--unmask"_qs, u"--reason"_qs, u"核对"_qs, u"--json"_qs});
        QCOMPARE(full.json().value(u"phone"_qs).toString(), u"13987654321"_qs);

        const Run edited = run(m_store, {u"person"_qs, u"edit"_qs, id, u"--status"_qs, u"returned"_qs, u"--untag"_qs,
                                         u"困难"_qs, u"--tag"_qs, u"返乡创业"_qs});
        QCOMPARE(edited.exitCode, 0);
        const Run found = run(m_store, {u"person"_qs, u"search"_qs, u"春花"_qs, u"--tag"_qs, u"返乡创业"_qs, u"--json"_qs});
        QCOMPARE(found.json().value(u"count"_qs).toInt(), 1);
        QCOMPARE(found.json().value(u"results"_qs).toArray().first().toObject().value(u"match"_qs).toString(),
                 u"name_part"_qs);
        const Run tail = run(m_store, {u"person"_qs, u"search"_qs, u"4321"_qs, u"--json"_qs});
        QCOMPARE(tail.json().value(u"results"_qs).toArray().first().toObject().value(u"match"_qs).toString(),
                 u"phone_tail"_qs);

        const Run exported = run(m_store, {u"export"_qs, u"--json"_qs});
        QCOMPARE(exported.exitCode, 0);
        const QJsonObject doc = exported.json();
        QVERIFY(exported.out.contains(u"13987654321"_qs)); // export is decrypted, for audits
        QStringList actions;
        for (const QJsonValue &a : doc.value(u"audit_log"_qs).toArray())
            actions << a.toObject().value(u"action"_qs).toString() + u'/' + a.toObject().value(u"actor"_qs).toString();
        QVERIFY(actions.contains(u"reveal/test-admin"_qs));
        QVERIFY(actions.contains(u"export/test-admin"_qs));
    }

    void visitWithNmeaAndPhoto()
    {
        const QString person = run(m_store, {u"person"_qs, u"add"_qs, u"--name"_qs, u"走访对象"_qs, u"--area"_qs,
                                             testVillage()}).out.trimmed();
        QImage image(4000, 3000, QImage::Format_RGB32);
        image.fill(QColor(200, 120, 40));
        const QString photo = m_root.filePath(u"photo.jpg"_qs);
        QVERIFY(image.save(photo, "JPEG", 90));
        const Run added = run(m_store, {u"visit"_qs, u"add"_qs, u"--person"_qs, person, u"--kind"_qs, u"home"_qs,
                                        u"--need"_qs, u"wage_arrears:欠薪三个月，老板失联"_qs, u"--goods"_qs, u"大米:2"_qs,
                                        u"--cash-fen"_qs, u"50000"_qs, u"--photo"_qs, photo, u"--nmea"_qs,
                                        QStringLiteral(HEARTH_TEST_DATA "/nmea/haicom-305N.log"), u"--json"_qs});
        QCOMPARE(added.exitCode, 0);
        const QJsonObject location = added.json().value(u"location"_qs).toObject();
        QCOMPARE(location.value(u"status"_qs).toString(), u"fix"_qs);
        QVERIFY(location.value(u"accuracy_m"_qs).toDouble() <= 50);
        const QString hash = added.json().value(u"photos"_qs).toArray().first().toString();
        QCOMPARE(hash.size(), 64);

        // A strict limit: the same log gives no fix, saved as "none" with the reason.
        const Run strict = run(m_store, {u"visit"_qs, u"add"_qs, u"--person"_qs, person, u"--kind"_qs, u"phone"_qs,
                                         u"--nmea"_qs, QStringLiteral(HEARTH_TEST_DATA "/nmea/haicom-305N.log"),
                                         u"--accuracy-limit"_qs, u"5"_qs, u"--json"_qs});
        QCOMPARE(strict.json().value(u"location"_qs).toObject().value(u"reason"_qs).toString(), u"inaccurate"_qs);
        const Run none = run(m_store, {u"visit"_qs, u"add"_qs, u"--person"_qs, person, u"--kind"_qs, u"home"_qs,
                                       u"--nmea"_qs, QStringLiteral(HEARTH_TEST_DATA "/nmea/holux-gm-210.log"), u"--json"_qs});
        QCOMPARE(none.json().value(u"location"_qs).toObject().value(u"status"_qs).toString(), u"none"_qs);

        const Run listed = run(m_store, {u"visit"_qs, u"list"_qs, u"--person"_qs, person, u"--json"_qs});
        QCOMPARE(listed.json().value(u"count"_qs).toInt(), 3);
        const QString out = m_root.filePath(u"audit.jpg"_qs);
        QCOMPARE(run(m_store, {u"photo"_qs, u"get"_qs, hash, u"--out"_qs, out}).exitCode, 0);
        const QImage back(out);
        QCOMPARE(back.size(), QSize(1600, 1200));
        QCOMPARE(sha256Of(out), hash.toLatin1());

        // A broken photo stops the visit before anything is saved.
        const QString broken = m_root.filePath(u"broken.jpg"_qs);
        QFile f(broken);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(1000, 'x'));
        f.close();
        const Run refused = run(m_store, {u"visit"_qs, u"add"_qs, u"--person"_qs, person, u"--kind"_qs, u"home"_qs,
                                          u"--photo"_qs, broken});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY(refused.err.contains(u"图片"_qs));
        QCOMPARE(run(m_store, {u"visit"_qs, u"list"_qs, u"--person"_qs, person, u"--json"_qs}).json().value(u"count"_qs).toInt(), 3);
        // A service at a travel point.
        const QString station = run(m_store, {u"station"_qs, u"add"_qs, u"--kind"_qs, u"travel_point"_qs, u"--name"_qs,
                                              u"成都东站爱心驿站"_qs}).out.trimmed();
        QCOMPARE(run(m_store, {u"service"_qs, u"add"_qs, u"--station"_qs, station, u"--category"_qs, u"ticket"_qs,
                               u"--count"_qs, u"3"_qs}).exitCode, 0);
        QCOMPARE(run(m_store, {u"service"_qs, u"add"_qs, u"--station"_qs, u"nope"_qs, u"--category"_qs, u"ticket"_qs}).exitCode, 1);
    }

    // The two report kinds from the command line: saved, listed, voided; bad input refused in
    // both languages with nothing saved.
    void jobFairsAndCertificates()
    {
        const QString township = testVillage().left(9);
        const Run fair = run(m_store, {u"fair"_qs, u"add"_qs, u"--area"_qs, township, u"--organiser"_qs, u"镇劳动保障所"_qs,
                                       u"--place"_qs, u"镇政府院坝"_qs, u"--date"_qs, u"2026-01-18"_qs, u"--attendees"_qs,
                                       u"120"_qs, u"--contracts"_qs, u"30"_qs, u"--placed"_qs, u"12"_qs});
        QCOMPARE(fair.exitCode, 0);
        const QString fairId = fair.out.trimmed();
        const Run noDate = run(m_store, {u"fair"_qs, u"add"_qs, u"--area"_qs, township, u"--organiser"_qs, u"某"_qs,
                                         u"--place"_qs, u"某地"_qs, u"--date"_qs, u"2026-02-30"_qs});
        QCOMPARE(noDate.exitCode, 1);
        QVERIFY2(noDate.err.contains(u"举办日期"_qs) && noDate.err.contains(u"date held"_qs), qPrintable(noDate.err));
        const Run negative = run(m_store, {u"fair"_qs, u"add"_qs, u"--area"_qs, township, u"--organiser"_qs, u"某"_qs,
                                           u"--place"_qs, u"某地"_qs, u"--date"_qs, u"2026-01-18"_qs, u"--placed"_qs, u"-3"_qs});
        QCOMPARE(negative.exitCode, 2);
        const Run cert = run(m_store, {u"certificate"_qs, u"add"_qs, u"--area"_qs, township, u"--kind"_qs,
                                       u"residence_permit"_qs, u"--json"_qs});
        QCOMPARE(cert.exitCode, 0);
        const Run badKind = run(m_store, {u"certificate"_qs, u"add"_qs, u"--area"_qs, township, u"--kind"_qs, u"passport"_qs});
        QCOMPARE(badKind.exitCode, 1);
        QVERIFY2(badKind.err.contains(u"不是可选的值"_qs) && badKind.err.contains(u"not one of the allowed values"_qs),
                 qPrintable(badKind.err));
        const Run noArea = run(m_store, {u"certificate"_qs, u"add"_qs, u"--kind"_qs, u"id_card"_qs});
        QCOMPARE(noArea.exitCode, 1);
        const Run certs = run(m_store, {u"certificate"_qs, u"list"_qs, u"--json"_qs});
        QCOMPARE(certs.json().value(u"count"_qs).toInt(), 1);
        QCOMPARE(certs.json().value(u"certificates"_qs).toArray()[0][u"outcome"_qs].toString(), u"done"_qs);
        QCOMPARE(run(m_store, {u"fair"_qs, u"void"_qs, u"--id"_qs, fairId}).exitCode, 0);
        QCOMPARE(run(m_store, {u"fair"_qs, u"void"_qs, u"--id"_qs, fairId}).exitCode, 1); // once
        const QJsonArray fairs = run(m_store, {u"fair"_qs, u"list"_qs, u"--json"_qs}).json().value(u"job_fairs"_qs).toArray();
        QCOMPARE(fairs.size(), 1);
        QCOMPARE(fairs[0][u"placed"_qs].toInt(), 12);
        QVERIFY(fairs[0][u"voided"_qs].toBool());
    }

    void importReportsAndExitCodes()
    {
        const QString store = newStore(u"report"_qs);
        const QString csv = m_root.filePath(u"small.csv"_qs);
        QVERIFY(writeSyntheticLedger(csv, 30, 10, "GB18030"));
        const Run r = run(store, {u"people"_qs, u"import"_qs, csv, u"--json"_qs});
        QCOMPARE(r.exitCode, 3); // some rows were rejected
        QCOMPARE(r.json().value(u"encoding"_qs).toString(), u"gb18030"_qs);
        QCOMPARE(r.json().value(u"imported"_qs).toInt(), 27);
        QCOMPARE(r.json().value(u"rejected"_qs).toInt(), 3);
        const QJsonObject first = r.json().value(u"rejects"_qs).toArray().first().toObject();
        QCOMPARE(first.value(u"row"_qs).toInt(), 11); // data row 10 is spreadsheet row 11
        QCOMPARE(first.value(u"field"_qs).toString(), u"id_number"_qs);
        const QString clean = m_root.filePath(u"clean.csv"_qs);
        QVERIFY(writeSyntheticLedger(clean, 9));
        QCOMPARE(run(newStore(u"clean"_qs), {u"people"_qs, u"import"_qs, clean}).exitCode, 0);
    }

    // The promise: an import killed half-way, run again, ends exactly as one clean run.
    void killedImportResumesExactly()
    {
        const QString csv = m_root.filePath(u"big.csv"_qs);
        QVERIFY(writeSyntheticLedger(csv, 12000, 997));
        const QString clean = newStore(u"clean-run"_qs);
        const Run once = run(clean, {u"people"_qs, u"import"_qs, csv, u"--batch-size"_qs, u"300"_qs, u"--json"_qs});
        QCOMPARE(once.exitCode, 3);

        const QString killed = newStore(u"killed-run"_qs);
        QProcess p;
        p.setProcessEnvironment(env());
        p.start(QStringLiteral(HEARTHCTL_PATH), {u"--store"_qs, killed, u"people"_qs, u"import"_qs, csv,
                                                 u"--batch-size"_qs, u"300"_qs});
        p.closeWriteChannel();
        QByteArray progress;
        // Kill it once a few batches have committed, in the middle of the run.
        while (p.state() != QProcess::NotRunning && progress.count('\n') < 5) {
            p.waitForReadyRead(5000);
            progress += p.readAllStandardError();
        }
        QVERIFY2(progress.count('\n') >= 5, "the import finished before it could be killed; make the file bigger");
        ::kill(pid_t(p.processId()), SIGKILL);
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitStatus(), QProcess::CrashExit);

        const Run again = run(killed, {u"people"_qs, u"import"_qs, csv, u"--batch-size"_qs, u"300"_qs, u"--json"_qs});
        QCOMPARE(again.exitCode, 3);
        QVERIFY(again.json().value(u"resumed_after_row"_qs).toInt() > 0);
        QCOMPARE(again.json().value(u"imported"_qs), once.json().value(u"imported"_qs));
        QCOMPARE(again.json().value(u"rejects"_qs), once.json().value(u"rejects"_qs));

        const QJsonObject a = run(clean, {u"export"_qs, u"--json"_qs}).json();
        const QJsonObject b = run(killed, {u"export"_qs, u"--json"_qs}).json();
        const QStringList pa = peopleOf(a), pb = peopleOf(b);
        QCOMPARE(pa.size(), 12000 - 12);
        QCOMPARE(pb.size(), pa.size());
        QVERIFY(pa == pb);
        QCOMPARE(b.value(u"households"_qs).toArray().size(), a.value(u"households"_qs).toArray().size());
        QCOMPARE(b.value(u"outbox_pending"_qs), a.value(u"outbox_pending"_qs));
        // A third run has nothing left to do.
        const Run third = run(killed, {u"people"_qs, u"import"_qs, csv, u"--json"_qs});
        QVERIFY(third.json().value(u"already_complete"_qs).toBool());
    }
};

QTEST_GUILESS_MAIN(TestHearthctlLedger)
#include "tst_hearthctl_ledger.moc"
