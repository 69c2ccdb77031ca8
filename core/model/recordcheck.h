// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Checking a record against its description (recordmodel.h), and its canonical form. The server
// runs these on every pushed entry; the device on what it saves and what it pulls, so whatever
// the server stores applies on every device of its scope.

#include "core/domain/validation.h"
#include "recordmodel.h"

#include <QJsonObject>
#include <QList>

#include <optional>

namespace hearth::model {

using domain::FieldProblem;

// Absent, null, "", false, [], {}, or a negative "none" amount: the field holds nothing.
bool isEmptyValue(const Field &f, const QJsonValue &v);
std::optional<FieldProblem> checkValue(const Field &f, const QJsonValue &v);
// A whole record (a create, or a state): only known keys, each valid, the required ones present,
// and the rules across fields that the device's tables enforce.
std::optional<FieldProblem> checkRecord(const Kind &kind, const QJsonObject &body);
// A per-field update of a MergedPerField kind: {"fields": {key: {"old", "new"}}, "tags": {...}}.
std::optional<FieldProblem> checkUpdate(const Kind &kind, const QJsonObject &update);

// The records a record names (non-empty reference fields), in the model's order.
struct Reference
{
    const Field *field;
    QString kind;
    QString id;
};
QList<Reference> referencesOf(const Kind &kind, const QJsonObject &body);

// One value as text, the same on device and server however it was written ("1", true, 1).
QString canonicalValue(const Field &f, const QJsonValue &v);
// The record's content as one line: its id, then every field but the creation time in the
// model's order, then whether it was voided. The scope checksum hashes these.
QString canonicalRecord(const Kind &kind, const QString &id, const QJsonObject &body, bool voided);
// A field's value given as text (the old/new of an update) as the JSON the body keeps.
QJsonValue typedValue(const Field &f, const QString &text);

} // namespace hearth::model
