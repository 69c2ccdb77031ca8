// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/domain/household.h"
#include "core/domain/person.h"
#include "core/error.h"
#include "ledgercolumns.h"
#include "ledgerimport.h"

#include <QHash>
#include <QSet>

#include <map>
#include <optional>
#include <vector>

namespace hearth::ledger {

// The header row, mapped to columns.
struct Layout
{
    std::map<Column, qsizetype> index;
    QStringList ignored;

    QString cell(const QStringList &row, Column c) const;
    bool has(Column c) const { return index.count(c) != 0; }
};
Result<Layout> layoutFrom(const QStringList &header);

// One ledger row with everything decided: refused (and why), or a validated person with its
// id, household (new or existing), outbox payloads and search terms, ready to be written.
struct PreparedRow
{
    int line = 0;
    std::optional<ImportReject> reject;
    domain::Person person;
    std::optional<domain::Household> newHousehold;
    QByteArray personPayload;
    QByteArray householdPayload;
};

// What preparing a row asks of the records already kept: the device's store (ledgerimport.cpp), or
// the server's tables (the console import, server/console/ledgerupload.cpp).
class LedgerLookup
{
public:
    virtual ~LedgerLookup() = default;
    // The area a cell names (areapath.h): InvalidRecord when unknown or ambiguous.
    virtual Result<QString> area(const QString &text) = 0;
    // The household of the village whose head has this name, if there is one.
    virtual Result<std::optional<QString>> household(const QString &areaCode, const QString &head) = 0;
    // Whether a person with this ID number is kept already.
    virtual Result<bool> idNumberTaken(const QString &idNumber) = 0;
};

// Turns rows into PreparedRows on the reading thread. It asks `lookup` about what was kept
// before, and remembers what this run has prepared itself, which the writer commits after.
class RowPreparer
{
public:
    RowPreparer(LedgerLookup &lookup, const Layout &layout);
    ~RowPreparer();

    // A DB failure (not a bad row) comes back as an Error.
    Result<PreparedRow> prepare(int line, const QStringList &row, qint64 nowMs);

private:
    Result<QString> householdFor(PreparedRow &out, const QString &areaCode, const QString &head,
                                 const QString &registered, const QString &address, qint64 now);

    LedgerLookup &m_lookup;
    const Layout &m_layout;
    QHash<QString, QString> m_householdIds; // village + head → id, this run and looked up
    QSet<qint64> m_idNumbers;               // accepted in this run: the 17 digits before the check digit
};

} // namespace hearth::ledger
