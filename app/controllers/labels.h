// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The words people read for the keys the store keeps (service and need categories, visit
// kinds, statuses). One table, translated through Qt Linguist, so every page says the same.

#include <QString>
#include <QVariantList>
#include <QVariantMap>

namespace hearth::domain {
struct Visit;
}

namespace hearth::app {

QString serviceCategoryLabel(const QString &key);
QString needCategoryLabel(const QString &key);
QString visitKindLabel(const QString &key);
QString followUpStatusLabel(const QString &key);
QString migrantStatusLabel(const QString &key);
QString certificateKindLabel(const QString &key);
QString certificateOutcomeLabel(const QString &key);
QString fieldLabel(const QString &key); // a person's or household's field
QString locationReasonLabel(const QString &code, bool english);

// A visit as history lists show it: {id, date, kind, visitors, needs, cash, photos, notes,
// located, location}.
QVariantMap visitLine(const domain::Visit &visit, bool english);

// {key, label} for a list of keys, for pickers.
QVariantList labelled(const QStringList &keys, QString (*label)(const QString &));

} // namespace hearth::app
