// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Names sort the way a Chinese reader expects: by pinyin (ICU's zh collation), not by code
// point. SQL sees it as hearth_sortkey(text) → BLOB, registered on every connection, so the
// schema can index people by it (people.sort_key, schema v4).

#include <QByteArray>
#include <QStringView>

struct sqlite3;

namespace hearth::storage {

// The collation key of `text`; byte-wise comparison of two keys orders the texts.
QByteArray sortKey(QStringView text);
// ICU's collator version. When it changes, stored keys are stale and the index is rebuilt.
QByteArray sortKeyVersion();
// Registers hearth_sortkey() (deterministic, innocuous) on a connection.
int registerSortKeyFunction(sqlite3 *db);

} // namespace hearth::storage
