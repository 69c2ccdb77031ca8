// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "person.h"

#include <span>

namespace hearth::domain {

// One column of the people table: its key in payloads and edits, and the Person member.
// The repository, the outbox payloads, edits and the export all walk this one table.
struct PersonField
{
    const char *key;
    QString Person::*member; // nullptr for party_member, the one boolean
    bool editable;
};

std::span<const PersonField> personFields();
const PersonField *personField(const QString &key);

} // namespace hearth::domain
