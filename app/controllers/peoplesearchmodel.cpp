// SPDX-License-Identifier: GPL-3.0-or-later
#include "peoplesearchmodel.h"

#include "core/domain/area.h"
#include "core/domain/personrepository.h"
#include "core/search/searchindex.h"

namespace hearth::app {

PeopleSearchModel::PeopleSearchModel(QObject *parent) : QAbstractListModel(parent) {}

int PeopleSearchModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }

QVariant PeopleSearchModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = m_rows[index.row()];
    switch (role) {
    case Qt::DisplayRole:
    case NameRole: return r.name;
    case PersonIdRole: return r.id;
    case GenderRole: return r.gender;
    case PhoneRole: return r.phone;
    case IdNumberRole: return r.idNumber;
    case PlaceRole: return r.place;
    case StatusRole: return r.status;
    case TagsRole: return r.tags;
    case MatchRole: return r.match;
    }
    return {};
}

QHash<int, QByteArray> PeopleSearchModel::roleNames() const
{
    return {{PersonIdRole, "personId"}, {NameRole, "name"},   {GenderRole, "gender"},
            {PhoneRole, "phone"},       {IdNumberRole, "idNumber"}, {PlaceRole, "place"},
            {StatusRole, "status"},     {TagsRole, "tags"},   {MatchRole, "match"}};
}

void PeopleSearchModel::setSession(SessionController *session)
{
    if (m_session == session)
        return;
    if (m_session)
        disconnect(m_session, nullptr, this, nullptr);
    m_session = session;
    if (m_session)
        connect(m_session, &SessionController::stateChanged, this, &PeopleSearchModel::refresh);
    Q_EMIT sessionChanged();
    refresh();
}

void PeopleSearchModel::setQuery(const QString &query)
{
    if (m_query == query)
        return;
    m_query = query;
    Q_EMIT queryChanged();
    refresh();
}

void PeopleSearchModel::setAreaCode(const QString &code)
{
    if (m_areaCode == code)
        return;
    m_areaCode = code;
    Q_EMIT areaCodeChanged();
    refresh();
}

void PeopleSearchModel::setTags(const QStringList &tags)
{
    if (m_tags == tags)
        return;
    m_tags = tags;
    Q_EMIT tagsChanged();
    refresh();
}

QString PeopleSearchModel::placeOf(const QString &areaCode)
{
    if (auto it = m_places.constFind(areaCode); it != m_places.cend())
        return *it;
    QStringList names;
    if (storage::Store *store = m_session ? m_session->store() : nullptr) {
        // Township and village: what a cadre says; the county is the same for everyone here.
        const auto lineage = domain::AreaRepository(store->database()).lineage(areaCode).value_or({});
        for (qsizetype i = std::max<qsizetype>(0, lineage.size() - 2); i < lineage.size(); ++i)
            names << domain::shortAreaName(lineage[i].name);
    }
    const QString place = names.join(u' ');
    m_places.insert(areaCode, place);
    return place;
}

bool PeopleSearchModel::appendPeople(const QStringList &ids, QList<Row> &rows)
{
    domain::PersonRepository people(m_session->store()->database());
    for (const QString &id : ids) {
        auto p = people.find(id); // masked
        if (!p) {
            m_error = p.error().localized(m_session->language());
            return false;
        }
        rows.append({p->id, p->name, p->gender, p->phone, p->idNumber, placeOf(p->areaCode), p->status, {}, p->tags});
    }
    return true;
}

void PeopleSearchModel::refresh()
{
    QList<Row> rows;
    m_error.clear();
    m_browsing = m_query.trimmed().isEmpty();
    m_atEnd = true;
    m_total = 0;
    m_cursor = {};
    storage::Store *store = m_session && m_session->state() == SessionController::State::Unlocked
                                ? m_session->store()
                                : nullptr;
    if (store && m_browsing) {
        const search::Query filter{{}, m_areaCode, m_tags, kPageSize};
        auto page = search::browsePeople(store->database(), filter);
        auto total = search::countPeople(store->database(), filter);
        if (!page || !total) {
            m_error = (!page ? page.error() : total.error()).localized(m_session->language());
        } else if (appendPeople(page->personIds, rows)) {
            m_cursor = page->next;
            m_atEnd = page->atEnd;
            m_total = *total;
        }
    } else if (store) {
        auto hits = search::searchPeople(store->database(), {m_query.trimmed(), m_areaCode, m_tags, kLimit});
        if (!hits) {
            m_error = hits.error().localized(m_session->language());
        } else {
            QStringList ids;
            for (const search::Hit &hit : *hits)
                ids << hit.personId;
            if (appendPeople(ids, rows))
                for (qsizetype i = 0; i < rows.size(); ++i)
                    rows[i].match = QString::fromLatin1(search::matchKey((*hits)[i].match));
        }
    } else {
        m_places.clear(); // locked: forget what was shown
    }
    // Views may ask for more from their modelReset or rowsInserted handlers; the next page
    // waits until the change is over.
    m_resetting = true;
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
    m_resetting = false;
    Q_EMIT countChanged();
}

bool PeopleSearchModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_browsing && !m_atEnd && !m_resetting;
}

void PeopleSearchModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent) || !m_session || !m_session->store())
        return;
    auto page = search::browsePeople(m_session->store()->database(), {{}, m_areaCode, m_tags, kPageSize}, m_cursor);
    QList<Row> rows;
    if (!page || !appendPeople(page->personIds, rows)) {
        if (!page)
            m_error = page.error().localized(m_session->language());
        m_atEnd = true;
        Q_EMIT countChanged();
        return;
    }
    m_cursor = page->next;
    m_atEnd = page->atEnd;
    if (!rows.isEmpty()) {
        m_resetting = true; // no nested fetch from a rowsInserted handler
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + rows.size() - 1));
        m_rows.append(rows);
        endInsertRows();
        m_resetting = false;
    }
    Q_EMIT countChanged();
}

} // namespace hearth::app
