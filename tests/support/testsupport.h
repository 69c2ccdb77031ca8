// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/crypto/secretbytes.h"
#include "core/error.h"

#include <QByteArray>
#include <QString>
#include <QTest>

namespace hearth::storage {
class Database;
}

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

// The area excerpt in tests/data/areas (荣县 510321 with its villages, and a few more).
// Imports that excerpt into db; false (with a printed reason) on failure.
bool importTestAreas(storage::Database &db);
inline QString testAreasDir() { return QStringLiteral(HEARTH_TEST_DATA "/areas"); }
// A village of 荣县 (旭阳镇 东街社区) that people in tests live in.
inline QString testVillage() { return QStringLiteral("510321100027"); }

} // namespace hearth::test
