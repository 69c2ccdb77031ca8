// SPDX-License-Identifier: GPL-3.0-or-later
// Photos: all eight EXIF orientations applied, every bit of metadata gone, scaled and
// re-encoded; the encrypted media store; a visit saved with photos and a location.
#include "core/domain/personrepository.h"
#include "core/domain/visit.h"
#include "core/media/mediastore.h"
#include "core/media/photo.h"
#include "core/storage/store.h"
#include "platforms/common/pinkeystore.h"
#include "support/testsupport.h"

#include <QBuffer>
#include <QImage>
#include <QImageWriter>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>
#include <QTemporaryDir>
#include <QtEndian>

using namespace hearth;
using namespace hearth::test;

namespace {

const QColor kTL = Qt::red, kTR = Qt::green, kBL = Qt::blue, kBR = Qt::yellow;

// A stored image of four coloured quadrants, W×H.
QImage quadrants(int w, int h)
{
    QImage img(w, h, QImage::Format_RGB32);
    QPainter p(&img);
    p.fillRect(0, 0, w / 2, h / 2, kTL);
    p.fillRect(w / 2, 0, w - w / 2, h / 2, kTR);
    p.fillRect(0, h / 2, w / 2, h - h / 2, kBL);
    p.fillRect(w / 2, h / 2, w - w / 2, h - h / 2, kBR);
    return img;
}

void put16(QByteArray &b, quint16 v) { b.append(char(v & 0xff)).append(char(v >> 8)); }
void put32(QByteArray &b, quint32 v) { put16(b, quint16(v & 0xffff)), put16(b, quint16(v >> 16)); }

// A little-endian EXIF block: IFD0 with Orientation and a GPS IFD holding GPSLatitudeRef "N"
// and a latitude, as a phone writes them.
QByteArray exifSegment(int orientation)
{
    QByteArray tiff("II*\0", 4);
    put32(tiff, 8);
    put16(tiff, 2);                                    // IFD0: two entries
    put16(tiff, 0x0112), put16(tiff, 3), put32(tiff, 1), put16(tiff, quint16(orientation)), put16(tiff, 0);
    put16(tiff, 0x8825), put16(tiff, 4), put32(tiff, 1), put32(tiff, 38);
    put32(tiff, 0);                                    // no next IFD
    put16(tiff, 2);                                    // GPS IFD at 38: two entries
    put16(tiff, 0x0001), put16(tiff, 2), put32(tiff, 2), tiff.append("N\0\0\0", 4);
    put16(tiff, 0x0002), put16(tiff, 5), put32(tiff, 3), put32(tiff, 68);
    put32(tiff, 0);
    for (quint32 v : {30u, 1u, 40u, 1u, 1234u, 100u}) // 30° 40' 12.34"
        put32(tiff, v);
    const QByteArray payload = QByteArray("Exif\0\0", 6) + tiff;
    QByteArray seg("\xFF\xE1");
    seg.append(char((payload.size() + 2) >> 8)).append(char((payload.size() + 2) & 0xff));
    return seg + payload;
}

// A JPEG of `image` with the EXIF block and a comment naming a person, as a camera app might.
QByteArray jpegWithMetadata(const QImage &image, int orientation)
{
    QByteArray jpeg;
    QBuffer buffer(&jpeg);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, "jpeg");
    writer.setQuality(95);
    writer.setText(u"Description"_qs, u"张三 510321198001011233"_qs);
    if (!writer.write(image))
        return {};
    return jpeg.left(2) + exifSegment(orientation) + jpeg.mid(2);
}

// Where the stored quadrant colours show up in the upright image, for each orientation:
// the colours at the displayed top-left, top-right, bottom-left and bottom-right.
QList<QColor> expectedCorners(int orientation)
{
    switch (orientation) {
    case 1: return {kTL, kTR, kBL, kBR};
    case 2: return {kTR, kTL, kBR, kBL}; // mirrored
    case 3: return {kBR, kBL, kTR, kTL}; // rotated 180°
    case 4: return {kBL, kBR, kTL, kTR}; // flipped
    case 5: return {kTL, kBL, kTR, kBR}; // transposed
    case 6: return {kBL, kTL, kBR, kTR}; // rotated 90° clockwise
    case 7: return {kBR, kTR, kBL, kTL}; // transversed
    case 8: return {kTR, kBR, kTL, kBL}; // rotated 90° counter-clockwise
    }
    return {};
}

bool near(const QColor &a, const QColor &b)
{
    return qAbs(a.red() - b.red()) < 40 && qAbs(a.green() - b.green()) < 40 && qAbs(a.blue() - b.blue()) < 40;
}

} // namespace

class TestMedia : public QObject
{
    Q_OBJECT

    QTemporaryDir m_root;
    platform::PinKeyStore m_keys{crypto::KdfParams::minimal()};

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_root.isValid()); }

    void orientationAndMetadata_data()
    {
        QTest::addColumn<int>("orientation");
        for (int o = 1; o <= 8; ++o)
            QTest::addRow("orientation %d", o) << o;
    }

    void orientationAndMetadata()
    {
        QFETCH(int, orientation);
        const QByteArray input = jpegWithMetadata(quadrants(2400, 1600), orientation);
        QVERIFY(input.contains("Exif") && input.contains("\xFF\xFE")); // the input has both
        auto photo = media::processPhoto(input);
        HEARTH_VERIFY_OK(photo);
        const bool turned = orientation >= 5;
        QCOMPARE(photo->width, turned ? 1067 : 1600);
        QCOMPARE(photo->height, turned ? 1600 : 1067);
        const QImage out = QImage::fromData(photo->jpeg, "JPEG");
        QCOMPARE(out.size(), QSize(photo->width, photo->height));
        const int w = out.width(), h = out.height(), m = 20;
        const QList<QColor> got{out.pixelColor(m, m), out.pixelColor(w - m, m), out.pixelColor(m, h - m),
                                out.pixelColor(w - m, h - m)};
        const QList<QColor> want = expectedCorners(orientation);
        for (int i = 0; i < 4; ++i)
            QVERIFY2(near(got[i], want[i]), qPrintable(QStringLiteral("corner %1 is %2, expected %3")
                                                           .arg(i).arg(got[i].name(), want[i].name())));
        // Nothing but pixels: no EXIF (APP1), no comment (COM), no GPS, no text.
        for (const QByteArray &jpeg : {photo->jpeg, photo->thumbnail}) {
            QVERIFY(!jpeg.contains("Exif"));
            QVERIFY(!jpeg.contains("\xFF\xE1"));
            QVERIFY(!jpeg.contains("\xFF\xFE"));
            QVERIFY(!jpeg.contains("510321"));
            QVERIFY(QImage::fromData(jpeg, "JPEG").textKeys().isEmpty());
        }
        const QImage thumb = QImage::fromData(photo->thumbnail, "JPEG");
        QCOMPARE(std::max(thumb.width(), thumb.height()), 320);
    }

    void smallPhotosAreNotEnlargedAndJunkIsRefused()
    {
        auto small = media::processPhoto(jpegWithMetadata(quadrants(640, 480), 1));
        HEARTH_VERIFY_OK(small);
        QCOMPARE(small->width, 640);
        auto junk = media::processPhoto(QByteArray("not an image at all"));
        HEARTH_VERIFY_ERROR(junk, ErrorCode::BadFile);
        QVERIFY(junk.error().chinese().contains(u"图片"_qs));
        QByteArray truncated = jpegWithMetadata(quadrants(640, 480), 1);
        truncated.truncate(300);
        HEARTH_VERIFY_ERROR(media::processPhoto(truncated), ErrorCode::BadFile);
        HEARTH_VERIFY_ERROR(media::processPhoto(m_root.filePath(u"none.jpg"_qs)), ErrorCode::BadFile);
    }

    void mediaStoreEncryptsAndChecks()
    {
        const SecretBytes key = SecretBytes::random(32);
        media::MediaStore store(m_root.filePath(u"media"_qs), key);
        QByteArray plain(200'000, 'x');
        plain.replace(1000, 12, "张三的照片");
        auto hash = store.put(plain);
        HEARTH_VERIFY_OK(hash);
        QCOMPARE(*hash, media::MediaStore::sha256Hex(plain));
        const QByteArray onDisk = readAll(store.pathFor(*hash));
        QVERIFY(!onDisk.contains("xxxxxxxx") && !onDisk.contains("张三"));
        QCOMPARE(store.get(*hash).value(), plain);
        QCOMPARE(store.put(plain).value(), *hash); // stored once
        QCOMPARE(filesBelow(m_root.filePath(u"media"_qs)).size(), 1);

        const SecretBytes otherKey = SecretBytes::random(32);
        HEARTH_VERIFY_ERROR(media::MediaStore(m_root.filePath(u"media"_qs), otherKey).get(*hash),
                            ErrorCode::StoreDamaged);
        flipByte(store.pathFor(*hash), onDisk.size() / 2);
        HEARTH_VERIFY_ERROR(store.get(*hash), ErrorCode::StoreDamaged);
        HEARTH_VERIFY_ERROR(store.get(u"../../etc/passwd"_qs), ErrorCode::InvalidArgument);
        HEARTH_VERIFY_ERROR(store.get(QString(64, u'0')), ErrorCode::NotFound);
    }

    void visitWithPhotosAndNoFix()
    {
        auto created = storage::Store::create(m_root.filePath(u"store"_qs), secret("258013"), m_keys);
        HEARTH_VERIFY_OK(created);
        auto &store = *created->store;
        QVERIFY(importTestAreas(store.database()));
        auto person = domain::PersonRepository(store.database()).add({.name = u"张国强"_qs, .areaCode = testVillage()});
        HEARTH_VERIFY_OK(person);
        media::MediaStore mediaStore(store.mediaDirectory(), store.mediaKey());
        auto photo = media::processPhoto(jpegWithMetadata(quadrants(1200, 900), 6));
        HEARTH_VERIFY_OK(photo);
        const domain::PhotoRef ref{mediaStore.put(photo->jpeg).value(), mediaStore.put(photo->thumbnail).value(),
                                   photo->width, photo->height, photo->jpeg.size(), photo->thumbnail.size()};

        domain::VisitRepository visits(store.database());
        domain::Visit v{.personId = *person, .kind = u"home"_qs, .visitors = {u"李书记"_qs}, .cashFen = 50000,
                        .needs = {{u"wage_arrears"_qs, u"欠薪三个月"_qs}}, .goods = {{u"大米"_qs, 2}},
                        .photos = {ref}};
        v.location.reasonCode = u"no_fix"_qs;
        auto id = visits.add(v);
        HEARTH_VERIFY_OK(id);
        auto listed = visits.list(*person);
        HEARTH_VERIFY_OK(listed);
        QCOMPARE(listed->size(), 1);
        const domain::Visit &saved = listed->first();
        QVERIFY(!saved.location.fix);
        QCOMPARE(saved.location.reasonCode, u"no_fix"_qs);
        QCOMPARE(saved.cashFen, 50000);
        QCOMPARE(saved.needs.first().text, u"欠薪三个月"_qs);
        QCOMPARE(saved.goods.first().quantity, 2);
        QCOMPARE(saved.photos.first().hash, ref.hash);
        QCOMPARE(store.database().queryInt("SELECT count(*) FROM visits WHERE latitude IS NOT NULL").value(), 0);
        auto stmt = store.database().prepare("SELECT payload FROM outbox WHERE entity = 'visit'");
        QVERIFY(stmt->step().value());
        const QJsonObject payload = QJsonDocument::fromJson(stmt->columnText(0).toUtf8()).object();
        QCOMPARE(payload.value(u"location"_qs).toObject().value(u"status"_qs).toString(), u"none"_qs);
        QCOMPARE(mediaStore.get(ref.hash).value(), photo->jpeg);

        // A correction supersedes; the list shows the new one only.
        domain::Visit fix = v;
        fix.cashFen = 30000;
        fix.supersedes = *id;
        fix.location.fix = location::Fix{29.45, 104.41, 12.5, 1'790'000'000'000, u"nmea"_qs, false};
        auto corrected = visits.add(fix);
        HEARTH_VERIFY_OK(corrected);
        QCOMPARE(visits.list(*person).value().size(), 1);
        QCOMPARE(visits.list(*person).value().first().location.fix->accuracyM, 12.5);
        QCOMPARE(visits.list(*person, true).value().size(), 2);

        // Refused: bad kind, negative cash, unknown person; nothing saved.
        domain::Visit bad = v;
        bad.kind = u"party"_qs;
        HEARTH_VERIFY_ERROR(visits.add(bad), ErrorCode::InvalidRecord);
        bad = v;
        bad.cashFen = -1;
        HEARTH_VERIFY_ERROR(visits.add(bad), ErrorCode::InvalidRecord);
        bad = v;
        bad.personId = u"nobody"_qs;
        HEARTH_VERIFY_ERROR(visits.add(bad), ErrorCode::InvalidRecord);
        QCOMPARE(store.database().queryInt("SELECT count(*) FROM visits").value(), 2);
    }
};

QTEST_MAIN(TestMedia)
#include "tst_media.moc"
