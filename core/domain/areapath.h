// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// How a ledger cell names an area: a code, or a path of names ("荣县旭阳镇双塘村",
// "四川省/自贡市/荣县/…", "双塘村"), starting at any level and ending at one area. Written once
// for every table of areas: the device's (AreaRepository) and the server's (the console import).

#include "core/error.h"

#include <QString>
#include <QStringList>

#include <functional>

namespace hearth::domain {

struct AreaLookups
{
    std::function<Result<bool>(const QString &code)> exists;
    // The codes of areas with this exact name below `parent`, or at any level when it is empty.
    std::function<Result<QStringList>(const QString &name, const QString &parent)> codesNamed;
};

// The one area `text` names. InvalidRecord (field area_code) when it is unknown or ambiguous.
Result<QString> resolveAreaText(const QString &text, const AreaLookups &lookups);

} // namespace hearth::domain
