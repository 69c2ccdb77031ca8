// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/error.h"

#include <QByteArray>
#include <QString>

namespace hearth::storage {

// Replaces `path` with `bytes` so that a crash leaves the old or the new content, never a
// mix: a temporary file in the same directory, fsync, rename, fsync of the directory.
// ENOSPC/EFBIG/EDQUOT -> DiskFull, EROFS/EACCES/EPERM -> ReadOnly, anything else -> Io.
Result<void> writeFileAtomically(const QString &path, const QByteArray &bytes);

// Overwrites a file with random bytes, syncs and unlinks it (for destroying key material).
Result<void> destroyFile(const QString &path);

// Maps an errno from a failed write or create to the Error a user understands.
Error errorFromErrno(int err, const QString &what);

} // namespace hearth::storage
