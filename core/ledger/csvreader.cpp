// SPDX-License-Identifier: GPL-3.0-or-later
#include "csvreader.h"


#include <QBuffer>
#include <QCryptographicHash>

namespace hearth::ledger {
namespace {

constexpr qint64 kChunk = 64 * 1024;
constexpr qsizetype kMaxField = 64 * 1024; // a ledger cell is never this long; a broken quote is

const char *decoderName(TextEncoding e)
{
    switch (e) {
    case TextEncoding::Utf8:
    case TextEncoding::Utf8Bom: return "UTF-8";
    case TextEncoding::Utf16Le: return "UTF-16LE";
    case TextEncoding::Gb18030: return "GB18030";
    case TextEncoding::Xlsx: break;
    }
    return "UTF-8";
}

} // namespace

QString encodingName(TextEncoding e)
{
    switch (e) {
    case TextEncoding::Utf8: return u"utf-8"_qs;
    case TextEncoding::Utf8Bom: return u"utf-8-bom"_qs;
    case TextEncoding::Utf16Le: return u"utf-16le"_qs;
    case TextEncoding::Gb18030: return u"gb18030"_qs;
    case TextEncoding::Xlsx: return u"xlsx"_qs;
    }
    return {};
}

Result<FileFacts> inspectTextFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error(ErrorCode::BadFile, file.errorString());
    return inspectText(file);
}

Result<FileFacts> inspectText(QIODevice &in)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    QStringDecoder probe(QStringDecoder::Utf8);
    FileFacts facts;
    bool first = true;
    bool validUtf8 = true;
    while (!in.atEnd()) {
        const QByteArray chunk = in.read(kChunk);
        if (chunk.isEmpty())
            return Error(ErrorCode::BadFile, in.errorString());
        hash.addData(chunk);
        facts.size += chunk.size();
        if (first) {
            first = false;
            if (chunk.startsWith("\xEF\xBB\xBF"))
                facts.encoding = TextEncoding::Utf8Bom;
            else if (chunk.startsWith("\xFF\xFE"))
                facts.encoding = TextEncoding::Utf16Le;
        }
        if (validUtf8 && facts.encoding == TextEncoding::Utf8) {
            const QString decoded = probe.decode(chunk); // decode() is lazy: it runs on conversion
            validUtf8 = !probe.hasError();
        }
    }
    if (validUtf8 && facts.encoding == TextEncoding::Utf8) {
        const QString rest = probe.decode(QByteArray()); // a sequence cut off at the end is an error too
        validUtf8 = !probe.hasError();
    }
    if (!validUtf8)
        facts.encoding = TextEncoding::Gb18030;
    facts.sha256 = hash.result().toHex();
    return facts;
}

CsvReader::CsvReader(std::unique_ptr<QIODevice> in, TextEncoding encoding)
    : m_in(std::move(in)), m_decoder(decoderName(encoding))
{
}

Result<std::unique_ptr<CsvReader>> CsvReader::open(const QString &path, TextEncoding encoding)
{
    return open(std::make_unique<QFile>(path), encoding);
}

Result<std::unique_ptr<CsvReader>> CsvReader::open(const QByteArray &text, TextEncoding encoding)
{
    auto buffer = std::make_unique<QBuffer>();
    buffer->setData(text);
    return open(std::move(buffer), encoding);
}

Result<std::unique_ptr<CsvReader>> CsvReader::open(std::unique_ptr<QIODevice> in, TextEncoding encoding)
{
    std::unique_ptr<CsvReader> r(new CsvReader(std::move(in), encoding));
    if (!r->m_in->open(QIODevice::ReadOnly))
        return Error(ErrorCode::BadFile, r->m_in->errorString());
    if (encoding == TextEncoding::Utf8Bom)
        r->m_in->seek(3);
    else if (encoding == TextEncoding::Utf16Le)
        r->m_in->seek(2);
    return r;
}

bool CsvReader::fill()
{
    if (m_eof)
        return false;
    const QByteArray chunk = m_in->read(kChunk);
    if (chunk.isEmpty()) {
        if (!m_in->atEnd())
            m_error = Error(ErrorCode::BadFile, m_in->errorString());
        m_eof = true;
        return false;
    }
    m_buffer.remove(0, m_pos);
    m_pos = 0;
    m_buffer += m_decoder.decode(chunk);
    if (m_decoder.hasError()) {
        m_error = Error::withReason(ErrorCode::BadFile, u"第 %1 行附近有无法识别的字符"_qs.arg(m_line),
                                    u"characters near line %1 cannot be decoded"_qs.arg(m_line));
        m_eof = true;
        return false;
    }
    return true;
}

bool CsvReader::next(QStringList &fields)
{
    fields.clear();
    if (m_error)
        return false;
    for (;;) { // skip blank lines
        if (m_pos >= m_buffer.size() && !fill())
            return false;
        const QChar c = m_buffer[m_pos];
        if (c == u'\r' || c == u'\n') {
            ++m_pos;
            if (c == u'\n')
                ++m_line;
            else if (m_pos < m_buffer.size() ? m_buffer[m_pos] != u'\n' : true)
                ++m_line; // a bare CR (a CR that ends the buffer counts once; an LF after it is skipped)
            continue;
        }
        break;
    }
    m_recordLine = m_line;
    QString field;
    bool quoted = false;
    bool afterQuote = false;
    for (;;) {
        if (m_pos >= m_buffer.size() && !fill()) {
            if (m_error)
                return false;
            if (quoted) {
                m_error = Error::withReason(ErrorCode::BadFile, u"第 %1 行的引号没有闭合"_qs.arg(m_recordLine),
                                            u"the quote opened on line %1 is never closed"_qs.arg(m_recordLine));
                return false;
            }
            fields.append(field);
            return true;
        }
        const QChar c = m_buffer[m_pos++];
        if (quoted) {
            if (c == u'"') {
                if (m_pos >= m_buffer.size())
                    fill();
                if (m_pos < m_buffer.size() && m_buffer[m_pos] == u'"') {
                    field += u'"';
                    ++m_pos;
                } else {
                    quoted = false;
                    afterQuote = true;
                }
            } else {
                if (c == u'\n')
                    ++m_line;
                if (c == u'\n' && field.endsWith(u'\r'))
                    field.chop(1); // a line break inside a cell is stored as LF
                field += c;
                if (field.size() > kMaxField) {
                    m_error = Error::withReason(ErrorCode::BadFile, u"第 %1 行的引号没有闭合"_qs.arg(m_recordLine),
                                                u"the quote opened on line %1 is never closed"_qs.arg(m_recordLine));
                    return false;
                }
            }
            continue;
        }
        if (c == u',') {
            fields.append(field);
            field.clear();
            afterQuote = false;
        } else if (c == u'\n' || c == u'\r') {
            if (c == u'\r') {
                if (m_pos >= m_buffer.size())
                    fill();
                if (m_pos < m_buffer.size() && m_buffer[m_pos] == u'\n')
                    ++m_pos;
            }
            ++m_line;
            fields.append(field);
            return true;
        } else if (c == u'"' && field.isEmpty() && !afterQuote) {
            quoted = true;
        } else {
            // Take the rest of an unquoted cell in one piece.
            qsizetype end = m_pos;
            while (end < m_buffer.size()) {
                const QChar e = m_buffer[end];
                if (e == u',' || e == u'\n' || e == u'\r' || e == u'"')
                    break;
                ++end;
            }
            field += c;
            field += QStringView(m_buffer).sliced(m_pos, end - m_pos);
            m_pos = end;
        }
    }
}

} // namespace hearth::ledger
