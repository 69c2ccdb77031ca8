// SPDX-License-Identifier: GPL-3.0-or-later
#include "searchindex.h"

#include "core/storage/database.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

#include <algorithm>

namespace hearth::search {
namespace {

enum Kind { WholeName = 0, NameSuffix = 1, PhoneReversed = 2, IdReversed = 3, AddressSuffix = 4 };

constexpr int kMinDigitsQuery = 3;
constexpr int kMinAddressQuery = 3;
constexpr int kMaxAddressSuffix = 40;

QString normalizedText(const QString &s) { return s.simplified().toCaseFolded(); }

QString reversed(const QString &s)
{
    QString r = s;
    std::reverse(r.begin(), r.end());
    return r;
}

struct Term
{
    int kind;
    QString term;
};

QList<Term> personTerms(const PersonTerms &p)
{
    QList<Term> terms;
    const QString name = normalizedText(p.name);
    if (!name.isEmpty()) {
        terms.append({WholeName, name});
        QSet<QString> seen;
        for (qsizetype i = 1; i < name.size(); ++i) {
            const QString suffix = name.mid(i);
            if (!seen.contains(suffix) && suffix != name) {
                seen.insert(suffix);
                terms.append({NameSuffix, suffix});
            }
        }
    }
    if (!p.phone.isEmpty())
        terms.append({PhoneReversed, reversed(p.phone)});
    if (!p.idNumber.isEmpty())
        terms.append({IdReversed, reversed(p.idNumber)});
    return terms;
}

QList<Term> addressTerms(const QString &address)
{
    QList<Term> terms;
    const QString a = normalizedText(address);
    QSet<QString> seen;
    for (qsizetype i = 0; i + kMinAddressQuery <= a.size(); ++i) {
        const QString suffix = a.mid(i, kMaxAddressSuffix);
        if (!seen.contains(suffix)) {
            seen.insert(suffix);
            terms.append({AddressSuffix, suffix});
        }
    }
    return terms;
}

Result<qint64> rowidOf(storage::Database &db, const char *sql, const QString &id)
{
    auto stmt = db.cached(sql);
    if (!stmt)
        return stmt.error();
    (*stmt)->bind(1, id);
    auto row = (*stmt)->step();
    if (!row)
        return row.error();
    if (!*row)
        return Error(ErrorCode::NotFound, u"search subject "_qs + id);
    return (*stmt)->columnInt(0);
}

Result<void> writeTerms(storage::Database &db, qint64 subject, const QList<Term> &old, const QList<Term> &now)
{
    for (const Term &t : old) {
        auto del = db.cached("DELETE FROM search_terms WHERE kind = ? AND term = ? AND subject = ?");
        if (!del)
            return del.error();
        (*del)->bind(1, t.kind).bind(2, t.term).bind(3, subject);
        HEARTH_TRY((*del)->run());
    }
    for (const Term &t : now) {
        auto ins = db.cached("INSERT OR IGNORE INTO search_terms(kind, term, subject) VALUES (?, ?, ?)");
        if (!ins)
            return ins.error();
        (*ins)->bind(1, t.kind).bind(2, t.term).bind(3, subject);
        HEARTH_TRY((*ins)->run());
    }
    return {};
}

bool isDigitsOrX(const QString &s)
{
    if (s.isEmpty())
        return false;
    for (qsizetype i = 0; i < s.size(); ++i)
        if (!s[i].isDigit() && !(s[i] == u'X' && i == 0)) // the X check digit can only end a number
            return false;
    return true;
}

// The filter every tier shares: area prefix and all of the tags.
constexpr const char *kFilter = " AND (IFNULL(?4, '') = '' OR substr(p.area_code, 1, length(?4)) = ?4)"
                                " AND NOT EXISTS (SELECT 1 FROM json_each(?5) j WHERE NOT EXISTS"
                                " (SELECT 1 FROM person_tags pt WHERE pt.tag = j.value AND pt.person_id = p.id))";

// The tag filter's ?5: a JSON array that json_each() walks.
QString tagsJson(const QStringList &tags)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(tags)).toJson(QJsonDocument::Compact));
}

class Collector
{
public:
    Collector(storage::Database &db, const Query &q)
        : m_db(db), m_query(q),
          m_tags(tagsJson(q.tags))
    {
    }

    bool full() const { return m_hits.size() >= m_query.limit; }

    // Runs one tier: rows of (person id) in rank order, bound ?1 kind, ?2 low, ?3 high.
    Result<void> tier(const std::string &sql, int kind, const QString &low, const QString &high, Match match)
    {
        if (full())
            return {};
        auto stmt = m_db.prepare(sql);
        if (!stmt)
            return stmt.error();
        stmt->bind(1, kind).bind(2, low).bind(3, high).bind(4, m_query.areaCode).bind(5, m_tags);
        stmt->bind(6, qint64(m_query.limit + m_hits.size()) * 2);
        while (!full()) {
            auto row = stmt->step();
            if (!row)
                return row.error();
            if (!*row)
                break;
            const QString id = stmt->columnText(0);
            if (!m_seen.contains(id)) {
                m_seen.insert(id);
                m_hits.append({id, match});
            }
        }
        return {};
    }

    QList<Hit> hits() const { return m_hits; }

private:
    storage::Database &m_db;
    const Query &m_query;
    QString m_tags;
    QSet<QString> m_seen;
    QList<Hit> m_hits;
};

const QString kTop = QString(QChar(0xDBFF)) + QChar(0xDFFF); // U+10FFFF sorts after any text

} // namespace

const char *matchKey(Match m)
{
    switch (m) {
    case Match::ExactName: return "exact_name";
    case Match::NamePrefix: return "name_prefix";
    case Match::NamePart: return "name_part";
    case Match::PhoneTail: return "phone_tail";
    case Match::IdTail: return "id_tail";
    case Match::Address: return "address";
    case Match::Browse: return "browse";
    }
    return "";
}

Result<void> indexPerson(storage::Database &db, const QString &personId, const PersonTerms *old,
                         const PersonTerms &now)
{
    auto rowid = rowidOf(db, "SELECT rowid FROM people WHERE id = ?", personId);
    if (!rowid)
        return rowid.error();
    return writeTerms(db, *rowid, old ? personTerms(*old) : QList<Term>(), personTerms(now));
}

Terms termsForPerson(const PersonTerms &person)
{
    Terms out;
    for (const Term &t : personTerms(person))
        out.emplace_back(t.kind, t.term.toUtf8());
    return out;
}

Terms termsForAddress(const QString &address)
{
    Terms out;
    for (const Term &t : addressTerms(address))
        out.emplace_back(t.kind, t.term.toUtf8());
    return out;
}

void TermBatch::add(qint64 rowid, Terms terms)
{
    for (auto &[kind, term] : terms)
        m_rows.push_back({kind, std::move(term), rowid});
}

Result<void> TermBatch::flush(storage::Database &db)
{
    std::sort(m_rows.begin(), m_rows.end(), [](const Row &a, const Row &b) {
        return a.kind != b.kind ? a.kind < b.kind : a.term < b.term;
    });
    for (const Row &r : m_rows) {
        auto ins = db.cached("INSERT OR IGNORE INTO search_terms(kind, term, subject) VALUES (?, ?, ?)");
        if (!ins)
            return ins.error();
        (*ins)->bind(1, r.kind).bindUtf8(2, r.term).bind(3, r.subject);
        HEARTH_TRY((*ins)->run());
    }
    m_rows.clear();
    return {};
}

Result<void> indexHousehold(storage::Database &db, const QString &householdId, const QString &oldAddress,
                            const QString &newAddress)
{
    auto rowid = rowidOf(db, "SELECT rowid FROM households WHERE id = ?", householdId);
    if (!rowid)
        return rowid.error();
    return writeTerms(db, *rowid, addressTerms(oldAddress), addressTerms(newAddress));
}

Result<QList<Hit>> searchPeople(storage::Database &db, const Query &query)
{
    Collector c(db, query);
    const QString q = normalizedText(query.text);
    const std::string filter = kFilter;
    const std::string select = "SELECT DISTINCT p.id FROM search_terms t JOIN people p ON p.rowid = t.subject"
                               " WHERE t.kind = ?1 AND ";
    const std::string byTerm = select + "t.term >= ?2 AND t.term < ?3" + filter + " LIMIT ?6";
    const std::string byExactTerm = select + "t.term = ?2 AND ?3 IS ?3" + filter + " LIMIT ?6";
    if (q.isEmpty()) {
        HEARTH_TRY(c.tier("SELECT p.id FROM people p WHERE ?1 IS ?1 AND ?2 IS ?2 AND ?3 IS ?3" + filter +
                              " ORDER BY p.sort_key LIMIT ?6",
                          0, {}, {}, Match::Browse));
        return c.hits();
    }
    // The exact name, then other names that start with it: both are whole-name terms.
    HEARTH_TRY(c.tier(byExactTerm, WholeName, q, q, Match::ExactName));
    HEARTH_TRY(c.tier(byTerm, WholeName, q, q + kTop, Match::NamePrefix));
    HEARTH_TRY(c.tier(byTerm, NameSuffix, q, q + kTop, Match::NamePart));
    const QString upper = reversed(q.toUpper());
    if (q.size() >= kMinDigitsQuery && isDigitsOrX(upper)) {
        HEARTH_TRY(c.tier(byTerm, PhoneReversed, upper, upper + kTop, Match::PhoneTail));
        HEARTH_TRY(c.tier(byTerm, IdReversed, upper, upper + kTop, Match::IdTail));
    }
    if (q.size() >= kMinAddressQuery) {
        const QString key = q.left(kMaxAddressSuffix);
        HEARTH_TRY(c.tier("SELECT DISTINCT p.id FROM search_terms t JOIN households h ON h.rowid = t.subject"
                          " JOIN people p ON p.household_id = h.id"
                          " WHERE t.kind = ?1 AND t.term >= ?2 AND t.term < ?3" + filter + " LIMIT ?6",
                          AddressSuffix, key, key + kTop, Match::Address));
    }
    return c.hits();
}

Result<BrowsePage> browsePeople(storage::Database &db, const Query &filter, qint64 offset, const BrowseKey &after)
{
    const bool seek = after.rowid >= 0;
    auto stmt = db.cached(std::string("SELECT p.id, p.sort_key, p.rowid FROM people p WHERE ") +
                          (seek ? "(p.sort_key, p.rowid) > (?1, ?2)" : "?1 IS ?1 AND ?2 IS ?2") + kFilter +
                          " ORDER BY p.sort_key, p.rowid LIMIT ?6 OFFSET ?7");
    if (!stmt)
        return stmt.error();
    (*stmt)->bind(1, QByteArrayView(after.sortKey)).bind(2, after.rowid);
    (*stmt)->bind(4, filter.areaCode).bind(5, tagsJson(filter.tags));
    (*stmt)->bind(6, filter.limit).bind(7, seek ? 0 : std::max<qint64>(0, offset));
    BrowsePage page;
    for (;;) {
        auto row = (*stmt)->step();
        if (!row)
            return row.error();
        if (!*row)
            return page;
        page.personIds.append((*stmt)->columnText(0));
        page.last = {(*stmt)->columnBlob(1), (*stmt)->columnInt(2)};
    }
}

Result<qint64> countPeople(storage::Database &db, const Query &filter)
{
    auto stmt = db.cached(std::string("SELECT count(*) FROM people p WHERE ?1 IS ?1") + kFilter);
    if (!stmt)
        return stmt.error();
    const QString tags = tagsJson(filter.tags);
    (*stmt)->bind(1, 0).bind(4, filter.areaCode).bind(5, tags);
    auto row = (*stmt)->step();
    if (!row)
        return row.error();
    return *row ? qint64((*stmt)->columnInt(0)) : 0;
}

} // namespace hearth::search
