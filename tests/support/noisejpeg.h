// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>

namespace hearth::test {

// A real JPEG of random noise, about `approxBytes` long (noise does not compress); `seed` decides
// the pixels (the same seed, the same bytes). For photo uploads in tests and benchmarks.
QByteArray noiseJpeg(qint64 approxBytes, quint32 seed);

} // namespace hearth::test
