// SPDX-License-Identifier: GPL-3.0-or-later
#include "xlsxreader.h"

#include <QBuffer>
#include <QDate>
#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QXmlStreamReader>

#include <algorithm>
#include <cstring>

#include <minizip/unzip.h>

namespace hearth::ledger {
namespace {

// What a workbook may inflate to (a zip bomb, or no ledger a county keeps): its small parts
// (shared strings, styles) and its sheet. A workbook held in memory (an upload to the server,
// read while other requests are served) gets tighter limits than a file on a device.
struct Inflation
{
    qint64 part, sheet;
};
constexpr Inflation kFileLimits{256LL << 20, 8LL << 30};
constexpr Inflation kMemoryLimits{32LL << 20, 512LL << 20};

const QString kRelationships = QStringLiteral("http://schemas.openxmlformats.org/officeDocument/2006/relationships");

Error broken(const QString &what)
{
    return Error::withReason(ErrorCode::BadFile, u"无法读取这个 Excel 文件（.xlsx）"_qs, u"cannot read this Excel file (.xlsx)"_qs,
                             what);
}

// A whole entry of the zip (the small parts: workbook, relationships, styles, shared strings).
Result<QByteArray> readEntry(unzFile zip, const QString &name, qint64 most, bool required = true)
{
    if (unzLocateFile(zip, name.toUtf8().constData(), 0) != UNZ_OK) {
        if (!required)
            return QByteArray();
        return broken(u"missing "_qs + name);
    }
    unz_file_info64 info{};
    unzGetCurrentFileInfo64(zip, &info, nullptr, 0, nullptr, 0, nullptr, 0);
    if (qint64(info.uncompressed_size) > most) // a zip bomb, or no ledger a county keeps
        return broken(u"part too large: "_qs + name);
    if (unzOpenCurrentFile(zip) != UNZ_OK)
        return broken(u"cannot open "_qs + name);
    QByteArray out;
    char buffer[65536];
    int n = 0;
    while ((n = unzReadCurrentFile(zip, buffer, sizeof buffer)) > 0 && out.size() <= most)
        out.append(buffer, n);
    const int closed = unzCloseCurrentFile(zip); // checks the entry's CRC
    if (n < 0 || closed != UNZ_OK || out.size() > most)
        return broken(u"damaged "_qs + name);
    return out;
}

// Column index of a cell reference ("C5" → 2).
int columnOf(QStringView ref)
{
    int col = 0;
    for (QChar c : ref) {
        if (c < u'A' || c > u'Z')
            break;
        col = col * 26 + (c.unicode() - u'A' + 1);
    }
    return col - 1;
}

// Whether a number format shows a date: Excel's built-in date formats (with the Chinese ones,
// 27–36 and 50–58) and any custom format with a year or day in it, outside quotes and brackets.
bool isDateFormat(int id, const QString &code)
{
    if ((id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58))
        return !(id >= 18 && id <= 21) && id != 45 && id != 46 && id != 47; // those are times of day
    if (code.isEmpty())
        return false;
    static const QRegularExpression quotedOrBracketed(uR"("[^"]*"|\[[^\]]*\])"_qs);
    QString bare = code;
    bare.remove(quotedOrBracketed);
    return bare.contains(u'y', Qt::CaseInsensitive) || bare.contains(u'd', Qt::CaseInsensitive) || bare.contains(u'年')
        || bare.contains(u'日');
}

// A cell's number as the ledger expects text: integers without ".0", dates as yyyy-MM-dd.
QString numberText(const QString &v, bool date)
{
    bool ok = false;
    const double x = v.toDouble(&ok);
    if (!ok)
        return v;
    if (date && x >= 1 && x < 2958466) // Excel's day 1 is 1900-01-01; its epoch is 1899-12-30 (the 1900 leap bug)
        return QDate(1899, 12, 30).addDays(qint64(x)).toString(Qt::ISODate);
    if (x == std::floor(x) && std::abs(x) < 1e15)
        return QString::number(qint64(x));
    return v;
}

// The sheet's entry as a device the XML reader pulls from, inflated 64 KiB at a time. Its end is
// checked: an entry that fails to inflate or whose CRC does not match is damaged, never short.
class ZipEntryDevice : public QIODevice
{
public:
    ZipEntryDevice(unzFile zip, qint64 most) : m_zip(zip), m_most(most) { open(QIODevice::ReadOnly); }
    bool isSequential() const override { return true; }
    bool damaged() const { return m_damaged; }
    qint64 inflated() const { return m_inflated; }

protected:
    qint64 readData(char *data, qint64 most) override
    {
        if (m_done)
            return -1;
        const int n = unzReadCurrentFile(m_zip, data, unsigned(std::min<qint64>(most, 1 << 20)));
        if (n > 0 && m_inflated + n <= m_most) {
            m_inflated += n;
            return n;
        }
        if (n > 0) { // past the limit: refused as damaged, never read short
            m_done = m_damaged = true;
            return -1;
        }
        m_done = true;
        m_damaged = n < 0 || unzCloseCurrentFile(m_zip) != UNZ_OK;
        return -1;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    unzFile m_zip;
    qint64 m_most;
    qint64 m_inflated = 0;
    bool m_done = false, m_damaged = false;
};

// A workbook held in memory (an upload to the console): minizip reads it through these, so
// the ledger never touches the disk.
struct MemoryZip
{
    QByteArray bytes;
    qint64 pos = 0;
};

voidpf ZCALLBACK memOpen(voidpf opaque, const void *, int) { return opaque; }
uLong ZCALLBACK memRead(voidpf, voidpf stream, void *buf, uLong size)
{
    auto *m = static_cast<MemoryZip *>(stream);
    const qint64 n = std::clamp<qint64>(m->bytes.size() - m->pos, 0, qint64(size));
    std::memcpy(buf, m->bytes.constData() + m->pos, size_t(n));
    m->pos += n;
    return uLong(n);
}
uLong ZCALLBACK memWrite(voidpf, voidpf, const void *, uLong) { return 0; }
ZPOS64_T ZCALLBACK memTell(voidpf, voidpf stream) { return ZPOS64_T(static_cast<MemoryZip *>(stream)->pos); }
long ZCALLBACK memSeek(voidpf, voidpf stream, ZPOS64_T offset, int origin)
{
    auto *m = static_cast<MemoryZip *>(stream);
    const qint64 base = origin == ZLIB_FILEFUNC_SEEK_SET ? 0 : origin == ZLIB_FILEFUNC_SEEK_CUR ? m->pos : m->bytes.size();
    const qint64 to = base + qint64(offset);
    if (to < 0 || to > m->bytes.size())
        return -1;
    m->pos = to;
    return 0;
}
int ZCALLBACK memClose(voidpf, voidpf) { return 0; }
int ZCALLBACK memError(voidpf, voidpf) { return 0; }

} // namespace

bool looksLikeXlsx(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) && looksLikeXlsx(f.read(4));
}

bool looksLikeXlsx(const QByteArray &start) { return start.startsWith(QByteArray("PK\x03\x04", 4)); }

struct XlsxReader::Impl
{
    unzFile zip = nullptr;
    std::unique_ptr<MemoryZip> memory; // when the workbook is held in memory
    Inflation limits = kFileLimits;
    QStringList shared;
    QSet<int> dateStyles; // indexes into cellXfs
    QXmlStreamReader xml;
    std::unique_ptr<ZipEntryDevice> sheet;
    qint64 sheetSize = 0, fileSize = 0;

    ~Impl()
    {
        xml.setDevice(nullptr);
        sheet.reset();
        if (zip) {
            unzCloseCurrentFile(zip);
            unzClose(zip);
        }
    }

    bool rootClosed = false; // </worksheet> seen: the reader's "premature end" after it is the end

    bool damaged() const { return sheet && sheet->damaged(); }
    QXmlStreamReader::TokenType read()
    {
        const auto token = xml.readNext();
        if (token == QXmlStreamReader::EndElement && xml.name() == u"worksheet")
            rootClosed = true;
        return token;
    }
    // The sheet ended where a sheet ends (a reader fed from a stream cannot tell that itself).
    bool endedWhole() const
    {
        return !damaged()
            && (xml.error() == QXmlStreamReader::NoError
                || (xml.error() == QXmlStreamReader::PrematureEndOfDocumentError && rootClosed));
    }

    // The text inside the current element (its <t> parts, without phonetic runs).
    QString textOf(QStringView element)
    {
        QString out;
        int depthInPhonetic = 0;
        for (;;) {
            const auto token = read();
            if (token == QXmlStreamReader::Invalid)
                return out;
            if (token == QXmlStreamReader::StartElement && xml.name() == u"rPh")
                ++depthInPhonetic;
            else if (token == QXmlStreamReader::EndElement && xml.name() == u"rPh")
                --depthInPhonetic;
            else if (token == QXmlStreamReader::StartElement && xml.name() == u"t" && depthInPhonetic == 0)
                out += xml.readElementText(QXmlStreamReader::IncludeChildElements);
            else if (token == QXmlStreamReader::EndElement && xml.name() == element)
                return out;
        }
    }
};

Result<std::unique_ptr<XlsxReader>> XlsxReader::open(const QString &path)
{
    std::unique_ptr<XlsxReader> r(new XlsxReader);
    r->d = std::make_unique<Impl>();
    r->d->fileSize = QFile(path).size();
    r->d->zip = unzOpen64(QFile::encodeName(path).constData());
    return r.release()->start();
}

Result<std::unique_ptr<XlsxReader>> XlsxReader::open(const QByteArray &workbook)
{
    std::unique_ptr<XlsxReader> r(new XlsxReader);
    r->d = std::make_unique<Impl>();
    r->d->fileSize = workbook.size();
    r->d->memory = std::make_unique<MemoryZip>(MemoryZip{workbook, 0});
    r->d->limits = kMemoryLimits;
    zlib_filefunc64_def io{memOpen, memRead, memWrite, memTell, memSeek, memClose, memError, r->d->memory.get()};
    r->d->zip = unzOpen2_64("memory", &io);
    return r.release()->start();
}

Result<std::unique_ptr<XlsxReader>> XlsxReader::start()
{
    std::unique_ptr<XlsxReader> r(this);
    Impl &d = *r->d;
    if (!d.zip)
        return broken(u"not a zip file"_qs);
    // The first sheet: the workbook's first <sheet>, through the workbook's relationships.
    auto workbook = readEntry(d.zip, u"xl/workbook.xml"_qs, d.limits.part);
    auto rels = readEntry(d.zip, u"xl/_rels/workbook.xml.rels"_qs, d.limits.part);
    if (!workbook || !rels)
        return !workbook ? workbook.error() : rels.error();
    QString firstId;
    for (QXmlStreamReader x(*workbook); !x.atEnd() && firstId.isEmpty();)
        if (x.readNext() == QXmlStreamReader::StartElement && x.name() == u"sheet")
            firstId = x.attributes().value(kRelationships, QLatin1String("id")).toString();
    QString sheetPath;
    for (QXmlStreamReader x(*rels); !x.atEnd() && sheetPath.isEmpty();)
        if (x.readNext() == QXmlStreamReader::StartElement && x.name() == u"Relationship"
            && x.attributes().value(QLatin1String("Id")) == firstId) {
            const QString target = x.attributes().value(QLatin1String("Target")).toString();
            sheetPath = target.startsWith(u'/') ? target.mid(1) : u"xl/"_qs + target;
        }
    if (firstId.isEmpty() || sheetPath.isEmpty())
        return broken(u"no sheet"_qs);
    // Shared strings (absent when every string is inline) and the date styles.
    auto strings = readEntry(d.zip, u"xl/sharedStrings.xml"_qs, d.limits.part, false);
    if (!strings)
        return strings.error();
    if (!strings->isEmpty()) {
        QBuffer buffer(&*strings);
        buffer.open(QIODevice::ReadOnly);
        d.xml.setDevice(&buffer);
        while (!d.xml.atEnd())
            if (d.read() == QXmlStreamReader::StartElement && d.xml.name() == u"si")
                d.shared << d.textOf(u"si");
        if (d.xml.hasError())
            return broken(u"shared strings: "_qs + d.xml.errorString());
        d.xml.setDevice(nullptr);
    }
    auto styles = readEntry(d.zip, u"xl/styles.xml"_qs, d.limits.part, false);
    if (!styles)
        return styles.error();
    QHash<int, QString> customFormats;
    int xfIndex = 0;
    bool inCellXfs = false;
    for (QXmlStreamReader x(*styles); !x.atEnd();) {
        const auto token = x.readNext();
        if (token == QXmlStreamReader::StartElement && x.name() == u"numFmt")
            customFormats.insert(x.attributes().value(QLatin1String("numFmtId")).toInt(), x.attributes().value(QLatin1String("formatCode")).toString());
        else if (token == QXmlStreamReader::StartElement && x.name() == u"cellXfs")
            inCellXfs = true;
        else if (token == QXmlStreamReader::EndElement && x.name() == u"cellXfs")
            inCellXfs = false;
        else if (token == QXmlStreamReader::StartElement && x.name() == u"xf" && inCellXfs) {
            const int id = x.attributes().value(QLatin1String("numFmtId")).toInt();
            if (isDateFormat(id, customFormats.value(id)))
                d.dateStyles.insert(xfIndex);
            ++xfIndex;
        }
    }
    // The sheet itself, streamed.
    if (unzLocateFile(d.zip, sheetPath.toUtf8().constData(), 0) != UNZ_OK)
        return broken(u"missing "_qs + sheetPath);
    unz_file_info64 info{};
    unzGetCurrentFileInfo64(d.zip, &info, nullptr, 0, nullptr, 0, nullptr, 0);
    d.sheetSize = qint64(info.uncompressed_size);
    if (unzOpenCurrentFile(d.zip) != UNZ_OK)
        return broken(u"cannot open "_qs + sheetPath);
    d.sheet = std::make_unique<ZipEntryDevice>(d.zip, d.limits.sheet);
    d.xml.setDevice(d.sheet.get());
    return r;
}

XlsxReader::~XlsxReader() = default;

qint64 XlsxReader::bytesRead() const
{
    return d->sheetSize > 0 && d->sheet ? d->fileSize * d->sheet->inflated() / d->sheetSize : 0;
}

bool XlsxReader::next(QStringList &fields)
{
    Impl &x = *d;
    for (;;) {
        // To the next <row>.
        QXmlStreamReader::TokenType token;
        while ((token = x.read()) != QXmlStreamReader::Invalid)
            if (token == QXmlStreamReader::StartElement && x.xml.name() == u"row")
                break;
        if (token == QXmlStreamReader::Invalid) {
            // The sheet's XML ends only after its last row (EndDocument, not Invalid): anything
            // else is a damaged sheet, refused rather than imported short.
            if (!x.endedWhole())
                m_error = broken(x.damaged() ? u"damaged sheet"_qs : x.xml.errorString());
            return false;
        }
        const int number = x.xml.attributes().value(QLatin1String("r")).toInt();
        m_row = number > 0 ? number : m_row + 1;
        fields.clear();
        // Its cells, to </row>.
        while ((token = x.read()) != QXmlStreamReader::Invalid) {
            if (token == QXmlStreamReader::EndElement && x.xml.name() == u"row")
                break;
            if (token != QXmlStreamReader::StartElement || x.xml.name() != u"c")
                continue;
            const QXmlStreamAttributes a = x.xml.attributes();
            const int column = a.hasAttribute(QLatin1String("r")) ? columnOf(a.value(QLatin1String("r"))) : int(fields.size());
            const QString type = a.value(QLatin1String("t")).toString();
            const bool date = x.dateStyles.contains(a.value(QLatin1String("s")).toInt());
            QString value, inlineText;
            while ((token = x.read()) != QXmlStreamReader::Invalid) {
                if (token == QXmlStreamReader::EndElement && x.xml.name() == u"c")
                    break;
                if (token == QXmlStreamReader::StartElement && x.xml.name() == u"v")
                    value = x.xml.readElementText();
                else if (token == QXmlStreamReader::StartElement && x.xml.name() == u"is")
                    inlineText = x.textOf(u"is");
            }
            QString text;
            if (type == u"s") {
                bool ok = false;
                const int i = value.toInt(&ok);
                text = ok && i >= 0 && i < x.shared.size() ? x.shared[i] : QString();
            } else if (type == u"inlineStr") {
                text = inlineText;
            } else if (type == u"str" || type == u"e") {
                text = value;
            } else if (type == u"b") {
                text = value == u"1" ? u"1"_qs : u"0"_qs;
            } else {
                text = numberText(value, date);
            }
            if (column < 0 || column > 16383) {
                m_error = broken(u"bad cell reference"_qs);
                return false;
            }
            while (fields.size() <= column)
                fields << QString();
            fields[column] = text;
        }
        if (token == QXmlStreamReader::Invalid) { // cut off inside a row
            m_error = broken(x.damaged() ? u"damaged sheet"_qs : u"the sheet ends inside a row"_qs);
            return false;
        }
        const bool blank = std::all_of(fields.cbegin(), fields.cend(), [](const QString &f) { return f.trimmed().isEmpty(); });
        if (!blank)
            return true;
        if (token == QXmlStreamReader::Invalid)
            return false;
    }
}

} // namespace hearth::ledger
