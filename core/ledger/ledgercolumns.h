// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

#include <optional>

namespace hearth::ledger {

// The columns a ledger may have. Chinese and English headers (docs/import.md) map to these.
enum class Column {
    Name,
    Gender,
    BirthDate,
    IdNumber,
    Phone,
    Village,
    Registered,
    Address,
    Head,
    Relation,
    Status,
    WorkProvince,
    WorkCity,
    Employer,
    Occupation,
    PartyMember,
    Tags,
};

std::optional<Column> columnForHeader(const QString &header);

// Cell values as people write them, turned into stored values; nullopt when not recognised.
std::optional<QString> genderFromCell(const QString &cell);       // 男/女/M/F/male/female
std::optional<QString> statusFromCell(const QString &cell);       // 外出/返乡/在家/away/...
std::optional<bool> yesNoFromCell(const QString &cell);           // 是/否/Y/N/1/0/true/false
QStringList tagsFromCell(const QString &cell);                    // split on 、,;，；|
bool isHeadRelation(const QString &relation);                     // 户主/本人/head/self

} // namespace hearth::ledger
