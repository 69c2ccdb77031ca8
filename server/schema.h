// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "pg.h"

namespace hearth::server {

// Brings the database to the latest schema. Several servers may start at once: an advisory
// lock lets one migrate while the others wait. Returns the version.
// Brings the schema up to the newest version (or to `upTo`: tests of an upgrade).
Result<int> migrate(Pg &pg, int upTo = 0);

} // namespace hearth::server
