// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/domain/household.h"
#include "core/domain/person.h"
#include "core/error.h"
#include "core/search/searchindex.h"
#include "ledgercolumns.h"
#include "ledgerimport.h"

#include <QHash>
#include <QSet>

#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace hearth::storage {
class Database;
}
namespace hearth::domain {
class AreaRepository;
}

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
    search::Terms personTerms;
    search::Terms addressTerms;
};

// Turns rows into PreparedRows on the reading thread. It reads the store through its own
// read-only connection (areas, and ID numbers and households committed before), and remembers
// what this run has prepared itself, which the writer commits after.
class RowPreparer
{
public:
    RowPreparer(storage::Database &reader, const Layout &layout);
    ~RowPreparer();

    // A DB failure (not a bad row) comes back as an Error.
    Result<PreparedRow> prepare(int line, const QStringList &row, qint64 nowMs);

private:
    Result<QString> householdFor(PreparedRow &out, const QString &areaCode, const QString &head,
                                 const QString &registered, const QString &address, qint64 now);
    Result<bool> idNumberTaken(const QString &idNumber);

    storage::Database &m_reader;
    const Layout &m_layout;
    std::unique_ptr<domain::AreaRepository> m_areas;
    domain::HouseholdRepository m_households;
    QHash<QString, QString> m_householdIds; // village + head → id, this run and looked up
    QSet<qint64> m_idNumbers;               // accepted in this run: the 17 digits before the check digit
};

} // namespace hearth::ledger
