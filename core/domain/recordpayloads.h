// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A person's and a household's fields checked and put as a create's payload
// (docs/sync-protocol.md): what the device's repositories write to the outbox, and what the
// console's ledger import pushes, from one definition. No database here.

#include "person.h"
#include "validation.h"

#include <QByteArray>
#include <QStringList>

#include <optional>

namespace hearth::domain {

struct Household;

// Tidies (name, tags, gender, ID number, phone) and checks the fields alone; the first problem.
std::optional<FieldProblem> validatePersonFields(Person &p);
QByteArray personCreatePayload(const Person &p);
QByteArray householdCreatePayload(const Household &h);
// Tags trimmed, empty and repeated ones dropped.
QStringList cleanTags(const QStringList &tags);

} // namespace hearth::domain
