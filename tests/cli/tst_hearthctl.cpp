// SPDX-License-Identifier: GPL-3.0-or-later
// hearthctl as a user meets it: the real binary, real stores in temporary directories.
#include "support/testsupport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QDir>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <csignal>
#include <sys/resource.h>
#include <unistd.h>

using namespace hearth::test;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

struct Options
{
    QByteArray stdinData;
    bool closeStdin = true;
    QMap<QString, QString> env;
    bool unprivileged = false; // as root, run as nobody so permissions apply
    qint64 fileSizeLimit = 0;  // RLIMIT_FSIZE: every write past it fails like a full disk
};

const char *const kPin = "258013";

} // namespace

class TestHearthctl : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_root;
    int m_n = 0;
    QString freshDir() { return m_root.filePath(QStringLiteral("s%1").arg(++m_n)); }

    Run hearthctl(const QStringList &args, const Options &o = {})
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(u"HEARTH_PIN"_qs);
        env.remove(u"HEARTH_NEW_PIN"_qs);
        for (auto it = o.env.cbegin(); it != o.env.cend(); ++it)
            env.insert(it.key(), it.value());
        p.setProcessEnvironment(env);
        QString program = QStringLiteral(HEARTHCTL_PATH);
        QStringList all = args;
        if (o.unprivileged && ::geteuid() == 0) {
            // The build tree may sit in a directory nobody cannot enter: run a copy from ours.
            const QString copy = m_root.filePath(u"hearthctl"_qs);
            if (!QFileInfo::exists(copy)) {
                QFile::copy(program, copy);
                QFile::setPermissions(copy, QFileDevice::Permissions(0x7755));
            }
            all = QStringList{u"--reuid=65534"_qs, u"--regid=65534"_qs, u"--clear-groups"_qs, copy} + args;
            program = QStandardPaths::findExecutable(u"setpriv"_qs);
        }
        const qint64 limit = o.fileSizeLimit;
        p.setChildProcessModifier([limit] {
            if (limit > 0) {
                std::signal(SIGXFSZ, SIG_IGN); // inherited across exec: writes fail with EFBIG
                rlimit rl{rlim_t(limit), rlim_t(limit)};
                setrlimit(RLIMIT_FSIZE, &rl);
            }
        });
        p.start(program, all);
        if (!p.waitForStarted(10000))
            return {};
        if (!o.stdinData.isEmpty())
            p.write(o.stdinData);
        if (o.closeStdin)
            p.closeWriteChannel();
        p.waitForFinished(60000);
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2, QString::fromUtf8(p.readAllStandardOutput()),
                QString::fromUtf8(p.readAllStandardError())};
    }

    Options withPin(const char *pin = kPin) { return Options{{}, true, {{u"HEARTH_PIN"_qs, QString::fromLatin1(pin)}}}; }

    QString initStore(QString *recoveryCode = nullptr)
    {
        const QString dir = freshDir();
        const Run r = hearthctl({u"--store"_qs, dir, u"init"_qs, u"--json"_qs}, withPin());
        if (r.exitCode != 0)
            qWarning() << r.err;
        if (recoveryCode)
            *recoveryCode = QJsonDocument::fromJson(r.out.toUtf8()).object().value(u"recovery_code").toString();
        return dir;
    }

    // The one-line error: both languages, nothing else.
    static void verifyErrorLine(const Run &r, const QString &english)
    {
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(english), qPrintable(r.err));
        QVERIFY2(r.err.contains(QRegularExpression(u"[\\x{4e00}-\\x{9fff}]"_qs)), qPrintable(r.err));
        QCOMPARE(r.err.trimmed().count(u'\n'), 0);
        QVERIFY(!r.err.contains(u"Segmentation") && !r.err.contains(u"terminate"));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_root.isValid());
        QFile::setPermissions(m_root.path(), QFileDevice::Permissions(0x7777)); // nobody may use it too
    }

    void helpOnEveryCommand()
    {
        const Run top = hearthctl({u"--help"_qs});
        QCOMPARE(top.exitCode, 0);
        for (const char *cmd : {"init", "status", "check", "change-pin", "unlock", "lock-state"}) {
            QVERIFY2(top.out.contains(QLatin1String(cmd)), cmd);
            const Run r = hearthctl({QLatin1String(cmd), u"--help"_qs});
            QCOMPARE(r.exitCode, 0);
            QVERIFY2(r.out.contains(u"Usage"), qPrintable(r.out));
        }
        QCOMPARE(hearthctl({u"frobnicate"_qs}).exitCode, 2);
        QCOMPARE(hearthctl({u"status"_qs, u"--bogus"_qs}).exitCode, 2);
        QCOMPARE(hearthctl({}).exitCode, 2);
    }

    void initStatusAndRefusal()
    {
        QString code;
        const QString dir = initStore(&code);
        QVERIFY2(code.size() == 39, qPrintable(code));
        const Run status = hearthctl({u"--store"_qs, dir, u"status"_qs, u"--json"_qs}, withPin());
        QCOMPARE(status.exitCode, 0);
        const QJsonObject o = QJsonDocument::fromJson(status.out.toUtf8()).object();
        QVERIFY(o.value(u"schema_version").toInt() >= 2);
        QCOMPARE(o.value(u"outbox_pending").toInt(-1), 0);
        QCOMPARE(o.value(u"records").toObject().value(u"people").toInt(-1), 0);
        QVERIFY(!o.value(u"store_id").toString().isEmpty());

        verifyErrorLine(hearthctl({u"--store"_qs, dir, u"init"_qs}, withPin()), u"already holds a store"_qs);
        QCOMPARE(hearthctl({u"--store"_qs, dir, u"check"_qs}, withPin()).exitCode, 0);
    }

    void pinFromStdin()
    {
        const QString dir = initStore();
        Options o;
        o.stdinData = QByteArray(kPin) + "\r\n";
        QCOMPARE(hearthctl({u"--store"_qs, dir, u"status"_qs}, o).exitCode, 0);
    }

    void badPins()
    {
        const QString dir = initStore();
        const Run wrong = hearthctl({u"--store"_qs, dir, u"status"_qs}, withPin("999999"));
        verifyErrorLine(wrong, u"wrong PIN, 9 attempts left"_qs);
        QVERIFY(wrong.err.contains(u"PIN 不正确"));

        Options empty;
        empty.stdinData = "\n";
        verifyErrorLine(hearthctl({u"--store"_qs, dir, u"status"_qs}, empty), u"must not be empty"_qs);
        verifyErrorLine(hearthctl({u"--store"_qs, dir, u"status"_qs}), u"no PIN given"_qs); // stdin closed

        const Run state = hearthctl({u"--store"_qs, dir, u"lock-state"_qs, u"--json"_qs});
        QCOMPARE(QJsonDocument::fromJson(state.out.toUtf8()).object().value(u"failed_attempts").toInt(), 1);
        verifyErrorLine(hearthctl({u"--store"_qs, freshDir(), u"init"_qs}, withPin("123456")), u"too weak"_qs);
    }

    void notAStore()
    {
        verifyErrorLine(hearthctl({u"--store"_qs, m_root.path(), u"status"_qs}, withPin()), u"not a Hearth store"_qs);
        verifyErrorLine(hearthctl({u"--store"_qs, freshDir(), u"status"_qs}), u"not a Hearth store"_qs);
    }

    void changePinThroughStdinLines()
    {
        const QString dir = initStore();
        Options o;
        o.stdinData = QByteArray(kPin) + "\n864209\n";
        const Run r = hearthctl({u"--store"_qs, dir, u"change-pin"_qs}, o);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(hearthctl({u"--store"_qs, dir, u"status"_qs}, withPin("864209")).exitCode, 0);
        Options env = withPin("864209");
        env.env.insert(u"HEARTH_NEW_PIN"_qs, u"975310"_qs);
        QCOMPARE(hearthctl({u"--store"_qs, dir, u"change-pin"_qs}, env).exitCode, 0);
        QCOMPARE(hearthctl({u"--store"_qs, dir, u"status"_qs}, withPin("975310")).exitCode, 0);
        Options noNew;
        noNew.stdinData = "975310\n";
        verifyErrorLine(hearthctl({u"--store"_qs, dir, u"change-pin"_qs}, noNew), u"no PIN given"_qs);
    }

    void lockoutAndAdministratorUnlock()
    {
        QString code;
        const QString dir = initStore(&code);
        for (int i = 0; i < 9; ++i)
            QCOMPARE(hearthctl({u"--store"_qs, dir, u"status"_qs}, withPin("999999")).exitCode, 1);
        verifyErrorLine(hearthctl({u"--store"_qs, dir, u"status"_qs}, withPin("999999")), u"locked"_qs);
        verifyErrorLine(hearthctl({u"--store"_qs, dir, u"status"_qs}, withPin()), u"locked"_qs);

        Options o;
        o.stdinData = code.toLatin1() + "\n864209\n";
        const Run unlock = hearthctl({u"--store"_qs, dir, u"unlock"_qs}, o);
        QCOMPARE(unlock.exitCode, 0);
        QCOMPARE(hearthctl({u"--store"_qs, dir, u"status"_qs}, withPin("864209")).exitCode, 0);
        Options bad;
        bad.stdinData = "AAAA-BBBB\n864209\n";
        verifyErrorLine(hearthctl({u"--store"_qs, dir, u"unlock"_qs}, bad), u"wrong recovery code"_qs);
    }

    void damagedStore()
    {
        const QString dir = initStore();
        QFile f(dir + u"/hearth.db"_qs);
        QVERIFY(f.resize(f.size() / 2));
        f.close();
        const QByteArray before = sha256Of(dir + u"/hearth.db"_qs);
        const Run r = hearthctl({u"--store"_qs, dir, u"check"_qs}, withPin());
        verifyErrorLine(r, u"damaged"_qs);
        QCOMPARE(sha256Of(dir + u"/hearth.db"_qs), before);
    }

    void readOnlyDirectory()
    {
        // init into a directory nobody may write.
        const QString ro = freshDir();
        QVERIFY(QDir().mkpath(ro));
        QVERIFY(QFile::setPermissions(ro, QFileDevice::ReadOwner | QFileDevice::ExeOwner | QFileDevice::ReadOther
                                              | QFileDevice::ExeOther | QFileDevice::ReadGroup | QFileDevice::ExeGroup));
        Options o = withPin();
        o.unprivileged = true;
        verifyErrorLine(hearthctl({u"--store"_qs, ro + u"/store"_qs, u"init"_qs}, o), u"not writable"_qs);
        verifyErrorLine(hearthctl({u"--store"_qs, ro, u"init"_qs}, o), u"not writable"_qs);
        QVERIFY(QDir(ro).entryList(QDir::NoDotAndDotDot | QDir::AllEntries | QDir::Hidden).isEmpty());

        // A store whose directory became read-only: refused clearly, nothing lost.
        const QString dir = freshDir();
        QVERIFY(QDir().mkpath(dir));
        QFile::setPermissions(dir, QFileDevice::Permissions(0x7777));
        QCOMPARE(hearthctl({u"--store"_qs, dir, u"init"_qs}, o).exitCode, 0);
        QVERIFY(QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::ExeOwner | QFileDevice::ReadOther
                                               | QFileDevice::ExeOther));
        const QByteArray db = sha256Of(dir + u"/hearth.db"_qs);
        verifyErrorLine(hearthctl({u"--store"_qs, dir, u"status"_qs}, o), u"not writable"_qs);
        QCOMPARE(sha256Of(dir + u"/hearth.db"_qs), db);
        QFile::setPermissions(dir, QFileDevice::Permissions(0x7777));
        QCOMPARE(hearthctl({u"--store"_qs, dir, u"status"_qs}, o).exitCode, 0);
    }

    void diskFullDuringInit()
    {
        const QString dir = freshDir();
        for (qint64 limit : {qint64(2048), qint64(16384), qint64(40000)}) {
            Options o = withPin();
            o.fileSizeLimit = limit;
            verifyErrorLine(hearthctl({u"--store"_qs, dir, u"init"_qs}, o), u"disk is full"_qs);
            // Nothing half-made is left behind, so a retry with room starts clean.
            QVERIFY(!QFileInfo::exists(dir + u"/hearth.key"_qs));
            QVERIFY(!QFileInfo::exists(dir + u"/hearth.db"_qs));
        }
        QCOMPARE(hearthctl({u"--store"_qs, dir, u"init"_qs}, withPin()).exitCode, 0);
        QCOMPARE(hearthctl({u"--store"_qs, dir, u"status"_qs}, withPin()).exitCode, 0);
    }
};

QTEST_GUILESS_MAIN(TestHearthctl)
#include "tst_hearthctl.moc"
