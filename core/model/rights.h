// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What each role may do (DESIGN.md §11), written once: the server enforces it on every entry
// and request, the app shows only what it allows, and tst_rights checks every role × kind ×
// operation against the real server. The scope says where; this says what.

#include <QAnyStringView>
#include <QStringList>

#include <optional>

namespace hearth::model {

// What may be done to a record of a kind.
enum class Op {
    Create,
    Edit,   // an update of a kind merged per field (person, household)
    Delete, // a tombstone for merged kinds; a void for append-only ones (the content stays)
};

// What a role may do beyond records.
enum class Power {
    Reveal,          // see a full ID number or phone (audited)
    Export,          // take records out (files, the console's exports)
    ResolveConflicts,
    MergeDuplicates,
    Review,          // the console's review queue and dashboard
    ManageDevices,   // revoke, wipe, unlock
    ManageUsers,     // users, roles, scopes
    ImportLedger,    // the console's ledger import: people and households into an area of the scope
};

// The rights a ledger import writes with (people and households, created, nothing else). No
// user holds it: roles() and isRole() leave it out, and the server's user table refuses it.
inline constexpr const char *kLedgerImportRole = "ledger_import";

// The roles, in the order screens list them.
QStringList roles();
bool isRole(QAnyStringView role);
// Whether `role` may do `op` to records of `kind` (within its scope). Unknown roles and kinds: no.
bool may(QAnyStringView role, QAnyStringView kind, Op op);
bool has(QAnyStringView role, Power power);
// Whether a device of `role` may create a station whose home county is `homeCounty` given its
// scopes: only where one of its area scopes holds that county (docs/access.md, "Stations made
// in the field"). The new station's id then enters that user's scope, and no one else's.
bool mayFoundStation(QAnyStringView role, const QStringList &scopes, const QString &homeCounty);

const char *opName(Op op);
const char *powerName(Power power);
std::optional<Op> opNamed(QAnyStringView name);       // "create", "edit", "delete"
std::optional<Power> powerNamed(QAnyStringView name); // "reveal", "export", ...

} // namespace hearth::model
