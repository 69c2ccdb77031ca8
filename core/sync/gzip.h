// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// gzip for request and response bodies (Content-Encoding: gzip), shared by the device and the
// server. Inflating stops at a size limit, so a small body cannot expand into a huge one.

#include "core/error.h"

#include <QByteArray>

namespace hearth::sync {

QByteArray gzip(const QByteArray &data);
// InvalidArgument when the data is not (complete) gzip; InvalidRecord with detail "too_large"
// when the output would pass maxBytes.
Result<QByteArray> gunzip(const QByteArray &data, qint64 maxBytes);

} // namespace hearth::sync
