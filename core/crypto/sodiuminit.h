// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <sodium.h>

namespace hearth {

// Initialises libsodium once; safe from any thread. Aborts if the CPU lacks what it needs,
// since no key could be handled safely after that.
void ensureSodium();

} // namespace hearth
