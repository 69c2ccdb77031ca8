// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Campaign coverage (DESIGN.md §4 and §12, docs/console.md "Coverage"): for a campaign, the
// households it targets in an area (in its target areas; when it names a migrant status or tags,
// those with a member who has them) against those visited in the campaign (a visit that names
// it, to the household or one of its members, not voided), by the next level below (county →
// township → village), and the households not yet visited. The same rule as the app's home
// page, which counts households visited for the running campaign.
//
// Read from a county down (the county column's index, then its households and visits); above a
// county the page lists the counties to open.

#include "dashboard.h"

namespace hearth::server::console {

// The campaigns that reach `area` (a target area inside it or above it), running ones first,
// then by end date, newest first: [{id, name, starts_on, ends_on, running}].
Result<QJsonArray> campaignsOf(Pg &pg, const QString &area, const QDate &today);

// {campaign: {...}, area, rows: [{code, name, targets, visited}], targets, visited,
//  unvisited: [{id, head, address, place}], more}. `campaignId` empty: the first of campaignsOf.
Result<QJsonObject> coverage(Pg &pg, const QString &area, const QString &campaignId, const QDate &today, int limit);

} // namespace hearth::server::console
