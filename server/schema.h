// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "pg.h"

namespace hearth::server {

// Brings the database to the latest schema (or up to `upTo`: tests of an upgrade). Several
// servers may start at once: an advisory lock lets one migrate while the others wait. Returns
// the version.
Result<int> migrate(Pg &pg, int upTo = 0);

// The schema this server writes for: it serves devices only at this version or a newer one (a
// push's batch table and trigger mode are this step's; a newer schema keeps serving them).
int servedSchema();

} // namespace hearth::server
