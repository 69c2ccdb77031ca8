// SPDX-License-Identifier: GPL-3.0-or-later
#include "money.h"

#include "validation.h"

namespace hearth::domain {

Result<qint64> parseYuan(const QString &text, const QString &field)
{
    QString t = text.normalized(QString::NormalizationForm_KC).trimmed(); // full-width digits → ASCII
    t.remove(u',').remove(u'¥').remove(u'￥').remove(u' ');
    if (t.endsWith(u'元'))
        t.chop(1);
    if (t.isEmpty())
        return qint64(0);
    const qsizetype dot = t.indexOf(u'.');
    const QString whole = dot < 0 ? t : t.left(dot);
    const QString cents = dot < 0 ? QString() : t.mid(dot + 1);
    auto digitsOnly = [](const QString &s) {
        return std::all_of(s.begin(), s.end(), [](QChar c) { return c >= u'0' && c <= u'9'; });
    };
    if ((whole.isEmpty() && cents.isEmpty()) || !digitsOnly(whole) || !digitsOnly(cents) || cents.size() > 2 ||
        whole.size() > 9)
        return FieldProblem{field, Problem::BadNumber}.toError();
    const qint64 fen = whole.toLongLong() * 100 + (cents + u"00"_qs).left(2).toLongLong();
    if (fen > kMaxFen)
        return FieldProblem{field, Problem::BadNumber}.toError();
    return fen;
}

QString formatYuan(qint64 fen)
{
    const QString sign = fen < 0 ? u"-"_qs : QString();
    fen = fen < 0 ? -fen : fen;
    const QString whole = QString::number(fen / 100);
    return fen % 100 == 0 ? sign + whole : sign + whole + u'.' + QString::number(fen % 100).rightJustified(2, u'0');
}

} // namespace hearth::domain
