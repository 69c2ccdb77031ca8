// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/crypto/secretbytes.h"
#include "core/error.h"

#include <QByteArray>
#include <QString>
#include <QTest>

namespace hearth::test {

inline SecretBytes secret(const char *text) { return SecretBytes::copyOf(QByteArrayView(text)); }

// Asserts a Result is ok, printing the bilingual error when it is not.
#define HEARTH_VERIFY_OK(expr)                                                                         \
    do {                                                                                               \
        const auto &hearth_r_ = (expr);                                                                \
        QVERIFY2(hearth_r_.ok(), hearth_r_.ok() ? "" : qPrintable(hearth_r_.error().bilingual()));     \
    } while (false)

// Asserts a Result failed with the given ErrorCode.
#define HEARTH_VERIFY_ERROR(expr, expected)                                                            \
    do {                                                                                               \
        const auto &hearth_r_ = (expr);                                                                \
        QVERIFY2(!hearth_r_.ok(), "expected an error, got success");                                   \
        QCOMPARE(int(hearth_r_.error().code()), int(expected));                                        \
    } while (false)

QByteArray readAll(const QString &path);
QByteArray sha256Of(const QString &path);
// Flips one bit of the byte at `offset`.
void flipByte(const QString &path, qint64 offset);
// Every file below `dir`, recursively.
QStringList filesBelow(const QString &dir);
// Copies a directory tree.
bool copyTree(const QString &from, const QString &to);

} // namespace hearth::test
