// SPDX-License-Identifier: GPL-3.0-or-later
// The rights table (docs/access.md gives it as a table for people; this is the one the code reads).
#include "rights.h"

#include "core/sync/scope.h"

#include <array>

namespace hearth::model {
namespace {

constexpr unsigned C = 1u << unsigned(Op::Create), E = 1u << unsigned(Op::Edit), D = 1u << unsigned(Op::Delete);
constexpr unsigned P(Power p) { return 1u << unsigned(p); }

struct KindRights
{
    const char *kind;
    unsigned ops;
};

struct RoleRights
{
    const char *role;
    std::array<KindRights, 10> kinds; // a kind not listed: nothing
    unsigned powers;
    bool userRole = true; // false: held by no user (the console's ledger import)
};

// cadre: the people, households, visits and follow-ups of their areas, and their campaigns; the
// job fairs and certificate services of their townships. volunteer: the service log of their
// travel point and the certificates handled there. station: the files of the workers it
// follows, their visits, follow-ups and wage cases, its own services; a station where its
// area scope holds the home county. supervisor: reads its scope, launches campaigns, reviews,
// resolves, merges, imports the county office's ledger from the console. admin: users, scopes
// and devices; no field records.
constexpr std::array kTable{
    RoleRights{"cadre",
               {{{"person", C | E | D},
                 {"household", C | E | D},
                 {"campaign", C},
                 {"visit", C | D},
                 {"followup", C | D},
                 {"followup_note", C | D},
                 {"job_fair", C | D},
                 {"certificate", C | D}}},
               P(Power::Reveal) | P(Power::Export)},
    RoleRights{"volunteer", {{{"service", C | D}, {"certificate", C | D}}}, 0},
    RoleRights{"station",
               {{{"person", C | E},
                 {"household", C | E},
                 {"station", C},
                 {"visit", C | D},
                 {"followup", C | D},
                 {"followup_note", C | D},
                 {"service", C | D},
                 {"job_fair", C | D},
                 {"certificate", C | D}}},
               P(Power::Reveal) | P(Power::Export)},
    RoleRights{"supervisor",
               {{{"campaign", C}}},
               P(Power::Reveal) | P(Power::Export) | P(Power::ResolveConflicts) | P(Power::MergeDuplicates)
                   | P(Power::Review) | P(Power::ImportLedger)},
    RoleRights{"admin",
               {},
               P(Power::ResolveConflicts) | P(Power::MergeDuplicates) | P(Power::Review) | P(Power::ManageDevices)
                   | P(Power::ManageUsers)},
    // What a supervisor's ledger import writes, through the push path (kLedgerImportRole).
    RoleRights{kLedgerImportRole, {{{"person", C}, {"household", C}}}, 0, false},
};

const RoleRights *find(QAnyStringView role)
{
    for (const RoleRights &r : kTable)
        if (QAnyStringView::equal(role, QLatin1String(r.role)))
            return &r;
    return nullptr;
}

} // namespace

QStringList roles()
{
    QStringList out;
    for (const RoleRights &r : kTable)
        if (r.userRole)
            out << QLatin1String(r.role);
    return out;
}

bool isRole(QAnyStringView role)
{
    const RoleRights *r = find(role);
    return r && r->userRole;
}

bool may(QAnyStringView role, QAnyStringView kind, Op op)
{
    const RoleRights *r = find(role);
    if (!r)
        return false;
    for (const KindRights &k : r->kinds)
        if (k.kind && QAnyStringView::equal(kind, QLatin1String(k.kind)))
            return k.ops & (1u << unsigned(op));
    return false;
}

bool has(QAnyStringView role, Power power)
{
    const RoleRights *r = find(role);
    return r && (r->powers & P(power));
}

bool mayFoundStation(QAnyStringView role, const QStringList &scopes, const QString &homeCounty)
{
    if (!may(role, "station", Op::Create) || homeCounty.size() != 6)
        return false;
    for (const QString &s : scopes)
        if (sync::isAreaScope(s) && s.size() <= 6 && homeCounty.startsWith(s))
            return true;
    return false;
}

const char *opName(Op op)
{
    switch (op) {
    case Op::Create: return "create";
    case Op::Edit: return "edit";
    case Op::Delete: return "delete";
    }
    return "?";
}

std::optional<Op> opNamed(QAnyStringView name)
{
    for (Op op : {Op::Create, Op::Edit, Op::Delete})
        if (QAnyStringView::equal(name, QLatin1String(opName(op))))
            return op;
    return std::nullopt;
}

std::optional<Power> powerNamed(QAnyStringView name)
{
    for (Power p : {Power::Reveal, Power::Export, Power::ResolveConflicts, Power::MergeDuplicates, Power::Review,
                    Power::ManageDevices, Power::ManageUsers, Power::ImportLedger})
        if (QAnyStringView::equal(name, QLatin1String(powerName(p))))
            return p;
    return std::nullopt;
}

const char *powerName(Power power)
{
    switch (power) {
    case Power::Reveal: return "reveal";
    case Power::Export: return "export";
    case Power::ResolveConflicts: return "resolve_conflicts";
    case Power::MergeDuplicates: return "merge_duplicates";
    case Power::Review: return "review";
    case Power::ManageDevices: return "manage_devices";
    case Power::ManageUsers: return "manage_users";
    case Power::ImportLedger: return "import_ledger";
    }
    return "?";
}

} // namespace hearth::model
