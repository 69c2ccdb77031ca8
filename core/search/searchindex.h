// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/error.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <vector>

namespace hearth::storage {
class Database;
}

namespace hearth::search {

// What of a person the search finds them by.
struct PersonTerms
{
    QString name;
    QString phone;    // normalized digits
    QString idNumber; // normalized, upper-case X
};

// A record's terms as (kind, UTF-8 term): computed anywhere, written by a TermBatch.
using Terms = std::vector<std::pair<int, QByteArray>>;
Terms termsForPerson(const PersonTerms &person);
Terms termsForAddress(const QString &address);

// Keeps search_terms in step with a person or household (inside the caller's transaction).
// old is what was indexed before, or nullptr for a new record.
Result<void> indexPerson(storage::Database &db, const QString &personId, const PersonTerms *old,
                         const PersonTerms &now);
Result<void> indexHousehold(storage::Database &db, const QString &householdId, const QString &oldAddress,
                            const QString &newAddress);

// Terms for many new people, written in one sorted pass (bulk imports: a B-tree takes sorted
// keys far faster than random ones). Flush inside the same transaction as the people.
class TermBatch
{
public:
    // rowid: the people (or households, for address terms) row's rowid.
    void add(qint64 rowid, Terms terms);
    Result<void> flush(storage::Database &db);
    bool isEmpty() const { return m_rows.empty(); }

private:
    struct Row
    {
        int kind;
        QByteArray term; // UTF-8, the order SQLite keeps
        qint64 subject;
    };
    std::vector<Row> m_rows;
};

enum class Match { ExactName, NamePrefix, NamePart, PhoneTail, IdTail, Address, Browse };
// "exact_name", "name_prefix", ...: the stable key in JSON (docs/cli.md) and QML.
const char *matchKey(Match m);

struct Query
{
    QString text;
    QString areaCode;   // only people whose area code starts with this
    QStringList tags;   // only people with all of these tags
    int limit = 50;
};

struct Hit
{
    QString personId;
    Match match;
};

// Ranked: exact name, then names starting with the text, then names containing it, then phone
// tails, ID number tails and household addresses (digits and addresses need 3+ characters, a
// name part needs 1). Empty text lists people matching the filters by name.
Result<QList<Hit>> searchPeople(storage::Database &db, const Query &query);

// Browsing everyone (no text) in pinyin order, one page at a time (area and tag filters
// apply; the text is ignored). A page is `filter.limit` people either from position `offset`
// (a jump: walks that many index entries, milliseconds even 100,000 rows down) or, faster,
// right after a known row (`after`, the end of the previous page: a keyset seek).
struct BrowseKey
{
    QByteArray sortKey;
    qint64 rowid = -1; // -1: none
};
struct BrowsePage
{
    QStringList personIds;
    BrowseKey last; // the page's last row, to continue from
};
Result<BrowsePage> browsePeople(storage::Database &db, const Query &filter, qint64 offset, const BrowseKey &after = {});
// How many people pass the area and tag filters (the text is ignored).
Result<qint64> countPeople(storage::Database &db, const Query &filter);

} // namespace hearth::search
