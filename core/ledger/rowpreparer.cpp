// SPDX-License-Identifier: GPL-3.0-or-later
#include "rowpreparer.h"

#include "core/domain/recordpayloads.h"
#include "core/domain/uuid.h"

namespace hearth::ledger {
namespace {

using domain::FieldProblem;
using domain::Problem;

ImportReject rejectFrom(int row, const Error &e)
{
    const bool field = !e.chineseReason().isEmpty();
    return {row, field ? e.detail() : QString(), field ? e.chineseReason() : e.chinese(),
            field ? e.englishReason() : e.english()};
}

ImportReject rejectFrom(int row, const FieldProblem &p) { return rejectFrom(row, p.toError()); }

// A valid ID number is its first 17 digits (the 18th follows from them): an exact 57-bit key,
// so a county's worth of them costs a few megabytes, not tens.
qint64 idKey(const QString &validIdNumber) { return validIdNumber.left(17).toLongLong(); }

} // namespace

QString Layout::cell(const QStringList &row, Column c) const
{
    auto it = index.find(c);
    return it == index.end() || it->second >= row.size() ? QString() : row[it->second].trimmed();
}

Result<Layout> layoutFrom(const QStringList &header)
{
    Layout layout;
    for (qsizetype i = 0; i < header.size(); ++i) {
        const QString h = header[i].trimmed();
        if (h.isEmpty())
            continue;
        if (auto c = columnForHeader(h); c && !layout.has(*c))
            layout.index[*c] = i;
        else
            layout.ignored.append(h);
    }
    if (!layout.has(Column::Name))
        return Error::withReason(ErrorCode::BadFile, u"缺少“姓名”列"_qs, u"the 姓名 (name) column is missing"_qs);
    if (!layout.has(Column::Village) && !layout.has(Column::Registered))
        return Error::withReason(ErrorCode::BadFile, u"缺少“所在村”或“户籍地”列"_qs,
                                 u"the 所在村 (village) or 户籍地 (registered) column is missing"_qs);
    return layout;
}

RowPreparer::RowPreparer(LedgerLookup &lookup, const Layout &layout) : m_lookup(lookup), m_layout(layout) {}

RowPreparer::~RowPreparer() = default;

Result<PreparedRow> RowPreparer::prepare(int line, const QStringList &row, qint64 now)
{
    PreparedRow out;
    out.line = line;
    domain::Person &p = out.person;
    auto refuse = [&out](const FieldProblem &problem) {
        out.reject = rejectFrom(out.line, problem);
        return std::move(out);
    };
    p.name = m_layout.cell(row, Column::Name);
    auto gender = genderFromCell(m_layout.cell(row, Column::Gender));
    if (!gender)
        return refuse({u"gender"_qs, Problem::BadChoice});
    p.gender = *gender;
    p.birthDate = m_layout.cell(row, Column::BirthDate);
    p.idNumber = m_layout.cell(row, Column::IdNumber);
    p.phone = m_layout.cell(row, Column::Phone);
    const QString village = m_layout.cell(row, Column::Village);
    const QString registered = m_layout.cell(row, Column::Registered);
    p.relation = m_layout.cell(row, Column::Relation);
    auto status = statusFromCell(m_layout.cell(row, Column::Status));
    if (!status)
        return refuse({u"status"_qs, Problem::BadChoice});
    p.status = *status;
    p.workProvince = m_layout.cell(row, Column::WorkProvince);
    p.workCity = m_layout.cell(row, Column::WorkCity);
    p.employer = m_layout.cell(row, Column::Employer);
    p.occupation = m_layout.cell(row, Column::Occupation);
    auto party = yesNoFromCell(m_layout.cell(row, Column::PartyMember));
    if (!party)
        return refuse({u"party_member"_qs, Problem::BadChoice});
    p.partyMember = *party;
    p.tags = tagsFromCell(m_layout.cell(row, Column::Tags));
    p.areaCode = village.isEmpty() ? registered : village; // the text, until resolved below
    if (auto problem = domain::validatePersonFields(p))
        return refuse(*problem);
    auto area = m_lookup.area(p.areaCode);
    if (!area) {
        if (area.error().code() != ErrorCode::InvalidRecord)
            return area.error();
        out.reject = rejectFrom(line, area.error());
        return out;
    }
    p.areaCode = *area;
    if (!p.idNumber.isEmpty()) {
        auto taken = m_idNumbers.contains(idKey(p.idNumber)) ? Result<bool>(true) : m_lookup.idNumberTaken(p.idNumber);
        if (!taken)
            return taken.error();
        if (*taken)
            return refuse({u"id_number"_qs, Problem::DuplicateIdNumber});
    }
    // Every person belongs to a household: the one 户主 names in the village, or, with no
    // 户主, their own (they are its head).
    QString head = m_layout.cell(row, Column::Head);
    if (head.isEmpty())
        head = p.name;
    if (p.relation.isEmpty() && head == p.name)
        p.relation = u"户主"_qs;
    auto household = householdFor(out, p.areaCode, head, registered, m_layout.cell(row, Column::Address), now);
    if (!household)
        return household.error();
    p.householdId = *household;
    p.id = makeUuidV7(now);
    p.createdAt = p.updatedAt = now;
    if (!p.idNumber.isEmpty())
        m_idNumbers.insert(idKey(p.idNumber));
    out.personPayload = domain::personCreatePayload(p);
    return out;
}

Result<QString> RowPreparer::householdFor(PreparedRow &out, const QString &areaCode, const QString &head,
                                          const QString &registered, const QString &address, qint64 now)
{
    const QString key = areaCode + QChar(0x1f) + head.simplified();
    if (auto it = m_householdIds.constFind(key); it != m_householdIds.cend())
        return *it;
    auto existing = m_lookup.household(areaCode, head);
    if (!existing)
        return existing.error();
    QString id;
    if (*existing) {
        id = **existing;
    } else {
        domain::Household h;
        h.id = makeUuidV7(now);
        h.areaCode = areaCode;
        h.headName = head.simplified();
        h.address = address.simplified();
        h.registeredArea = registered;
        h.createdAt = h.updatedAt = now;
        out.householdPayload = domain::householdCreatePayload(h);
        id = h.id;
        out.newHousehold = std::move(h);
    }
    m_householdIds.insert(key, id);
    return id;
}

} // namespace hearth::ledger
