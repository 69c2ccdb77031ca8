// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace hearth::storage {

// Where the app and hearthctl keep the store when no --store is given: the platform's
// app-data location (~/.local/share/hearth/store on Linux).
QString defaultStoreDirectory();

} // namespace hearth::storage
