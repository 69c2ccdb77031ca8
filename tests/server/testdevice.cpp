// SPDX-License-Identifier: GPL-3.0-or-later
#include "testdevice.h"

#include "core/crypto/kdf.h"
#include "core/domain/visit.h"
#include "core/media/photo.h"
#include "core/storage/database.h"
#include "core/storage/storemeta.h"
#include "platforms/common/pinkeystore.h"
#include "support/testsupport.h"

#include <QBuffer>
#include <QImage>
#include <QJsonArray>

namespace hearth::test {

TestDevice::TestDevice()
{
    static platform::PinKeyStore keys{crypto::KdfParams::minimal()};
    auto created = storage::Store::create(m_dir.filePath(u"store"_qs), secret("258013"), keys);
    if (!created) {
        qWarning() << created.error().bilingual();
        return;
    }
    m_store = std::move(created->store);
    m_media = std::make_unique<media::MediaStore>(m_store->mediaDirectory(), m_store->mediaKey());
    if (!importTestAreas(m_store->database()))
        m_store.reset();
}

TestDevice::TestDevice(TestDevice &original)
{
    static platform::PinKeyStore keys{crypto::KdfParams::minimal()};
    (void)original.db().exec("PRAGMA wal_checkpoint(TRUNCATE)");
    const QString dir = m_dir.filePath(u"store"_qs);
    if (!copyTree(original.store().directory(), dir))
        return;
    auto opened = storage::Store::open(dir, secret("258013"), keys);
    if (!opened) {
        qWarning() << opened.error().bilingual();
        return;
    }
    m_store = std::move(opened).value();
    m_media = std::make_unique<media::MediaStore>(m_store->mediaDirectory(), m_store->mediaKey());
}

Result<QString> TestDevice::enrol(const QString &url, const QString &user, const QByteArray &password, const QString &code)
{
    // Over TLS (tests run so by ServerFixture::useTls), the test CA the fixture made.
    const QList<QSslCertificate> ca = QSslCertificate::fromPath(qEnvironmentVariable("HEARTH_TEST_CA"));
    sync::TlsTrust trust;
    trust.extraCa = ca;
    sync::HttpTransport transport(url, 30000, trust);
    return sync::enrol(db(), transport, url, user, password, u"test device"_qs, ca, code);
}

Result<sync::SyncReport> TestDevice::sync(const QString &url, const sync::SyncOptions &options)
{
    sync::HttpTransport transport(url, 10000, sync::storedTrust(db()));
    return sync::synchronise(db(), transport, m_media.get(), options);
}

bool TestDevice::syncVerified(const QString &url)
{
    sync::SyncOptions o;
    o.verifyNow = true;
    auto r = sync(url, o);
    if (!r) {
        qWarning() << r.error().bilingual();
        return false;
    }
    if (!r->drift.isEmpty())
        qWarning() << "drift:" << r->drift << "after re-download:" << r->driftAfter;
    return r->drift.isEmpty();
}

Result<QString> TestDevice::addVisitWithPhoto(const QString &personId, const QByteArray &jpeg)
{
    const QImage image = QImage::fromData(jpeg, "JPEG");
    const QByteArray thumb = [&] {
        QByteArray out;
        QBuffer buffer(&out);
        buffer.open(QIODevice::WriteOnly);
        image.scaled(320, 320, Qt::KeepAspectRatio).save(&buffer, "JPEG", 70);
        return out;
    }();
    media::ProcessedPhoto processed{jpeg, thumb, image.width(), image.height()};
    auto photo = domain::putPhoto(*m_media, processed);
    if (!photo)
        return photo.error();
    domain::Visit v;
    v.personId = personId;
    v.kind = u"home"_qs;
    v.visitors = {u"王书记"_qs};
    v.photos.append(*photo);
    v.location.reasonCode = u"no_fix"_qs;
    return domain::VisitRepository(db()).add(v);
}

QJsonObject TestDevice::snapshot()
{
    static const char *const kTables[] = {"households", "people", "person_tags", "visits", "visit_needs", "photos",
                                          "photo_refs", "service_logs", "followups", "followup_notes", "stations",
                                          "job_fairs", "certificate_services"};
    QJsonObject out;
    for (const char *table : kTables) {
        auto stmt = db().prepare(std::string("SELECT * FROM ") + table + " ORDER BY 1, 2");
        if (!stmt)
            return {{u"error"_qs, stmt.error().bilingual()}};
        QJsonArray rows;
        while (stmt->step().value_or(false)) {
            QJsonObject o;
            for (int c = 0; c < stmt->columnCount(); ++c) {
                const QString name = stmt->columnName(c);
                if (name == u"sort_key" || name == u"updated_at")
                    continue; // local: a collation key, when this device last wrote the row
                o.insert(name, stmt->columnIsNull(c) ? QJsonValue() : QJsonValue(stmt->columnText(c)));
            }
            rows.append(o);
        }
        out.insert(QLatin1String(table), rows);
    }
    return out;
}

QString TestDevice::meta(const char *key) { return storage::readMeta(db(), key).value_or({}); }

QString TestDevice::text(const char *sql)
{
    auto stmt = db().prepare(sql);
    return stmt && stmt->step().value_or(false) ? stmt->columnText(0) : QString();
}

} // namespace hearth::test
