// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The same person registered twice (docs/sync-protocol.md, "Duplicates"): both records are
// kept and the pair listed; a supervisor merges them. One survivor keeps the chosen value of
// each field; the other's visits, follow-ups, services and tags move to it; the other stays as
// a tombstone that redirects (an entry made offline that names it lands on the survivor); an
// audit entry records who and why; every device of the scope ends with the survivor only.

#include "pg.h"

#include <QStringList>

namespace hearth::server {

struct MergeRequest
{
    QString keep, other;    // person ids
    QStringList takeFields; // fields whose value comes from `other`
    QString actor, reason;  // for the audit log
};

Result<void> mergeDuplicates(Pg &pg, const MergeRequest &request);

} // namespace hearth::server
