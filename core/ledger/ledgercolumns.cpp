// SPDX-License-Identifier: GPL-3.0-or-later
#include "ledgercolumns.h"

#include <QRegularExpression>

#include <array>

namespace hearth::ledger {
namespace {

struct Header
{
    Column column;
    const char16_t *names; // '|'-separated, compared case-insensitively without spaces
};

constexpr std::array kHeaders{
    Header{Column::Name, u"姓名|name"},
    Header{Column::Gender, u"性别|gender|sex"},
    Header{Column::BirthDate, u"出生日期|出生年月|birthdate|birth_date|dateofbirth"},
    Header{Column::IdNumber, u"身份证号|身份证号码|公民身份号码|idnumber|id_number|residentid"},
    Header{Column::Phone, u"联系电话|手机号|手机号码|电话|phone|mobile"},
    Header{Column::Village, u"所在村|村|village|area|area_code"},
    Header{Column::Registered, u"户籍地|户籍所在地|registered|hometown|household_registration"},
    Header{Column::Address, u"家庭住址|住址|地址|address"},
    Header{Column::Head, u"户主|户主姓名|head|household_head"},
    Header{Column::Relation, u"与户主关系|relation|relationtohead|relation_to_head"},
    Header{Column::Status, u"外出状态|务工状态|status|migrant_status"},
    Header{Column::WorkProvince, u"务工省份|务工地省份|work_province|workprovince"},
    Header{Column::WorkCity, u"务工城市|务工地城市|work_city|workcity"},
    Header{Column::Employer, u"工作单位|务工单位|employer"},
    Header{Column::Occupation, u"职业|工种|occupation|job"},
    Header{Column::PartyMember, u"是否党员|党员|party_member|partymember"},
    Header{Column::Tags, u"标签|tags"},
};

QString key(const QString &s)
{
    QString k = s.trimmed().toCaseFolded();
    k.remove(u' ');
    k.remove(u'*'); // templates mark required columns with *
    return k;
}

} // namespace

std::optional<Column> columnForHeader(const QString &header)
{
    const QString k = key(header);
    for (const Header &h : kHeaders)
        if (QString::fromUtf16(h.names).split(u'|').contains(k))
            return h.column;
    return std::nullopt;
}

std::optional<QString> genderFromCell(const QString &cell)
{
    const QString k = key(cell);
    if (k.isEmpty())
        return QString();
    if (k == u"男" || k == u"男性" || k == u"m" || k == u"male")
        return u"M"_qs;
    if (k == u"女" || k == u"女性" || k == u"f" || k == u"female")
        return u"F"_qs;
    return std::nullopt;
}

std::optional<QString> statusFromCell(const QString &cell)
{
    const QString k = key(cell);
    if (k.isEmpty())
        return QString();
    static const QStringList away{u"外出"_qs, u"外出务工"_qs, u"在外"_qs, u"务工"_qs, u"away"_qs};
    static const QStringList back{u"返乡"_qs, u"已返乡"_qs, u"返乡人员"_qs, u"returned"_qs};
    static const QStringList local{u"在家"_qs, u"本地"_qs, u"本地就业"_qs, u"就近就业"_qs, u"local"_qs};
    if (away.contains(k))
        return u"away"_qs;
    if (back.contains(k))
        return u"returned"_qs;
    if (local.contains(k))
        return u"local"_qs;
    return std::nullopt;
}

std::optional<bool> yesNoFromCell(const QString &cell)
{
    const QString k = key(cell);
    if (k.isEmpty() || k == u"否" || k == u"n" || k == u"no" || k == u"0" || k == u"false")
        return false;
    if (k == u"是" || k == u"党员" || k == u"y" || k == u"yes" || k == u"1" || k == u"true")
        return true;
    return std::nullopt;
}

QStringList tagsFromCell(const QString &cell)
{
    static const QRegularExpression separators(u"[、,;，；|]"_qs);
    QStringList out;
    for (const QString &t : cell.split(separators, Qt::SkipEmptyParts))
        if (!t.trimmed().isEmpty())
            out.append(t.trimmed());
    return out;
}

bool isHeadRelation(const QString &relation)
{
    const QString k = key(relation);
    return k == u"户主" || k == u"本人" || k == u"head" || k == u"self";
}

} // namespace hearth::ledger
