// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Units: the county as the unit of writing and of reading (docs/scaling.md, schema version 9).
// A record's unit is the first six digits of its area scope (a city's or the province's own
// records form units of their own) or, for a station's own records, the station's id. Writers
// of a unit hold its lock, so its cursors follow commit order; a device reads each unit of its
// scope after its own cursor there, from an index of its level, and its checksum reads the
// maintained digests of the same units.

#include "accounts.h"

#include <QMap>

namespace hearth::server {

// What a device sees of one unit.
struct UnitView
{
    QString unit;
    bool whole = false;           // every row of the unit (a county scope, a station's own records)
    QStringList villages;         // 12-digit scopes
    QStringList townships;        // 9-digit scopes
    QStringList prefixes;         // area prefixes of other lengths inside the unit
    QStringList campaignScopes;   // campaigns visible from below: scope equal to one of these
    QStringList followers;        // station ids: rows whose extra scopes name one
};

// The unit of a scope (an area code or a station id), as hearth_unit() in SQL.
QString unitOf(const QString &scope);

// The units `scopes` read, by unit (a station's: its own, and every unit where people it follows
// or followed have had changes).
Result<QMap<QString, UnitView>> unitViews(Pg &pg, const QStringList &scopes);

// Takes, in the caller's transaction and in sorted order, the write lock of every unit in
// `units` (hearth_take_unit: its row in `units`, for update): writers of one unit wait for each
// other, of two units do not. A
// unit a batch reaches beyond these is taken when its first change row is written.
Result<void> lockUnits(Pg &pg, QStringList units);
// For a reader of one cursor over several units (protocol-1 pulls, the conflict and duplicate
// feeds): holds the rows of the scope's units shared in the caller's transaction (their writers
// finish first, the next wait) and reads the value `sequence` (a literal name) stands at, until
// no unit appeared meanwhile. Whatever was drawn from it up to there in the scope is committed:
// reading up to it skips nothing (a new unit's row commits before its first cursor is drawn).
struct HeldScope
{
    QMap<QString, UnitView> views;
    qint64 horizon = 0;
};
Result<HeldScope> holdScope(Pg &pg, const QStringList &scopes, const char *sequence);
// Makes the rows of `units` that do not exist yet, each committed at once (outside a transaction).
Result<void> ensureUnits(Pg &pg, const QStringList &units);
// The unit a writer found without a row (SQLSTATE HU001): make it (ensureUnits), run again.
QString newUnitOf(const Error &e);

// The units a device's pushes may write: those of its areas and stations, and the counties of
// the people its stations follow. Campaigns of the areas above are read, never locked.
Result<QStringList> writableUnits(Pg &pg, const QStringList &scopes);

// A statement and its parameters, as the server runs it (tests EXPLAIN the same text).
struct Statement
{
    QByteArray sql;
    QVariantList params;
};
// A unit's changes after `after` (and up to `upTo`, when not 0) that the view covers, in cursor
// order: at most `limit`, taken while the ones before them hold less than `budget` bytes of JSON
// (the first always). Columns: cursor, entity, id, op, body, hlc, size, fetched (how many were
// there before the byte bound, up to `limit` + 1). Each path is one ordered range of an index of
// its level, cut at `limit` + 1: a page is bounded work whatever the unit or province holds.
Statement unitChangesStatement(const UnitView &v, qint64 after, qint64 upTo, int limit, qint64 budget);

// Whether an error is PostgreSQL breaking a deadlock (SQLSTATE 40P01): the transaction is rolled
// back and may simply run again.
bool isDeadlock(const Error &e);

// Runs a transaction (`write`: begins, works, commits) until it need not run again: a unit a
// writer reached had no row yet (made, then again: at most once per unit of the province), or
// PostgreSQL broke a deadlock between writers or with a reader holding units (again, three
// times at most).
template <typename Write>
auto writingUnits(Pg &pg, Write write) -> decltype(write())
{
    int newUnits = 0, deadlocks = 0;
    for (;;) {
        auto r = write();
        if (r)
            return r;
        if (const QString unit = newUnitOf(r.error()); !unit.isEmpty() && ++newUnits <= 4096) {
            if (auto made = ensureUnits(pg, {unit}); !made)
                return made.error();
            continue;
        }
        if (!isDeadlock(r.error()) || ++deadlocks > 3)
            return r;
    }
}

// A device's read positions: a cursor per unit, as the text the protocol carries
// ("510321:1200,5103:88"); a bare number (a version-1 cursor) stands for every unit.
struct UnitCursors
{
    QMap<QString, qint64> at;
    qint64 otherwise = 0; // for a unit not named
    qint64 of(const QString &unit) const { return at.value(unit, otherwise); }
    QString text() const;
    static std::optional<UnitCursors> parse(const QString &text);
};

} // namespace hearth::server
