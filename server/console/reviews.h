// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The review queue (DESIGN.md §12, docs/console.md "Review queue"): what needs a supervisor in
// an area of their scope.
// - Visits a rule flags (no location, a mock location, a home or work-site visit without a
//   photo, cash of ¥1,000 or more: hearth_visit_flags in schema 14), not yet reviewed. Approve,
//   or return to the field with a comment: either is a `review` record the server writes under
//   the visit, so every device holding the visit (the one that recorded it among them) receives
//   it at its next sync and shows it on the visit.
// - Same-field conflicts kept for review: resolved (the kept value stands; the lost one stays
//   in the row, with who resolved it and when).
// - Duplicate pairs: merged (server/duplicates.h) or, when they are two people, left apart.
// - Changes the server refused, from devices whose whole scope lies in the area: resolved once
//   a supervisor has dealt with them.
// Every action is checked against the user's scope and right, and audited.

#include "dashboard.h"
#include "sessions.h"

namespace hearth::server::console {

// Cash on one visit from which it is flagged (schema 14's hearth_visit_flags says the same).
inline constexpr qint64 kReviewCashFen = 100'000;

// {visits, conflicts, duplicates, refused}: the open items of `area` (visits in `range`), newest
// first, at most `limit` of each, each list with `more` when there are further ones.
Result<QJsonObject> reviewQueue(Pg &pg, const QString &area, const MonthRange &range, int limit);

// A supervisor's decision on a visit: "approved" or "returned" (with a comment). Returns the
// review record's id.
Result<QString> reviewVisit(Pg &pg, const ConsoleUser &user, const QString &visitId, const QString &decision,
                            const QString &comment);
Result<void> resolveConflict(Pg &pg, const ConsoleUser &user, qint64 conflictId, const QString &note);
Result<void> resolveRefusal(Pg &pg, const ConsoleUser &user, const QString &deviceId, qint64 seq, const QString &note);
// Two records the server listed as one person: merged (keep, other, the fields taken from the
// other), or marked as two people.
Result<void> mergePair(Pg &pg, const ConsoleUser &user, const QString &keep, const QString &other,
                       const QStringList &take, const QString &reason);
Result<void> keepApart(Pg &pg, const ConsoleUser &user, qint64 duplicateId, const QString &reason);

} // namespace hearth::server::console
