// SPDX-License-Identifier: GPL-3.0-or-later
#include "xlsx.h"

#include <QFile>

#include <xlsxwriter.h>

#include <sys/mman.h>
#include <unistd.h>

namespace hearth::server::report {
namespace {

bool isNumber(const QVariant &v)
{
    switch (v.typeId()) {
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::Double:
    case QMetaType::UInt:
    case QMetaType::ULongLong: return true;
    default: return false;
    }
}

} // namespace

Result<QByteArray> writeXlsx(const QList<Sheet> &sheets)
{
    const int fd = memfd_create("hearth-xlsx", MFD_CLOEXEC);
    if (fd < 0)
        return Error(ErrorCode::Io, u"memfd_create failed"_qs);
    const QByteArray path = "/proc/self/fd/" + QByteArray::number(fd);
    QByteArray shm = "/dev/shm";
    lxw_workbook_options options{};
    options.constant_memory = LXW_FALSE;
    options.tmpdir = ::access("/dev/shm", W_OK) == 0 ? shm.data() : nullptr;
    lxw_workbook *book = workbook_new_opt(path.constData(), &options);
    if (!book) {
        ::close(fd);
        return Error(ErrorCode::Io, u"cannot start the workbook"_qs);
    }
    lxw_format *bold = workbook_add_format(book);
    format_set_bold(bold);
    format_set_bg_color(bold, 0xF3E5DC);
    format_set_border(bold, LXW_BORDER_THIN);
    lxw_format *title = workbook_add_format(book);
    format_set_bold(title);
    format_set_font_size(title, 14);
    lxw_format *cell = workbook_add_format(book);
    format_set_border(cell, LXW_BORDER_THIN);
    lxw_format *number = workbook_add_format(book);
    format_set_border(number, LXW_BORDER_THIN);
    format_set_num_format(number, "#,##0.##");
    lxw_format *total = workbook_add_format(book);
    format_set_bold(total);
    format_set_border(total, LXW_BORDER_THIN);
    format_set_num_format(total, "#,##0.##");
    for (const Sheet &s : sheets) {
        lxw_worksheet *sheet = workbook_add_worksheet(book, s.name.left(31).toUtf8().constData());
        lxw_row_t row = 0;
        if (!s.title.isEmpty()) {
            worksheet_write_string(sheet, row, 0, s.title.toUtf8().constData(), title);
            row += 2;
        }
        for (int c = 0; c < s.headers.size(); ++c) {
            worksheet_write_string(sheet, row, lxw_col_t(c), s.headers[c].toUtf8().constData(), bold);
            worksheet_set_column(sheet, lxw_col_t(c), lxw_col_t(c), c == 0 ? 22 : 14, nullptr);
        }
        const lxw_row_t first = ++row;
        for (const QVariantList &r : s.rows) {
            for (int c = 0; c < r.size(); ++c) {
                if (isNumber(r[c]))
                    worksheet_write_number(sheet, row, lxw_col_t(c), r[c].toDouble(), number);
                else
                    worksheet_write_string(sheet, row, lxw_col_t(c), r[c].toString().toUtf8().constData(), cell);
            }
            ++row;
        }
        if (s.totals && !s.rows.isEmpty()) {
            worksheet_write_string(sheet, row, 0, "合计 Total", total);
            for (int c = 1; c < s.headers.size(); ++c) {
                if (!isNumber(s.rows.first().value(c)))
                    continue;
                double sum = 0;
                for (const QVariantList &r : s.rows)
                    sum += r.value(c).toDouble();
                // A formula, so the sheet stays right when someone edits a cell, with its value cached.
                const QByteArray formula = "=SUM(" + QByteArray(1, char('A' + c)) + QByteArray::number(first + 1) + ':'
                    + QByteArray(1, char('A' + c)) + QByteArray::number(row) + ')';
                worksheet_write_formula_num(sheet, row, lxw_col_t(c), formula.constData(), total, sum);
            }
        }
    }
    const lxw_error rc = workbook_close(book);
    if (rc != LXW_NO_ERROR) {
        ::close(fd);
        return Error(ErrorCode::Io, u"cannot write the workbook: %1"_qs.arg(QString::fromUtf8(lxw_strerror(rc))));
    }
    QByteArray bytes;
    const off_t size = ::lseek(fd, 0, SEEK_END);
    bytes.resize(qsizetype(size));
    ::lseek(fd, 0, SEEK_SET);
    qsizetype done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::read(fd, bytes.data() + done, size_t(bytes.size() - done));
        if (n <= 0)
            break;
        done += n;
    }
    ::close(fd);
    if (done != bytes.size())
        return Error(ErrorCode::Io, u"cannot read the workbook back"_qs);
    return bytes;
}

} // namespace hearth::server::report
