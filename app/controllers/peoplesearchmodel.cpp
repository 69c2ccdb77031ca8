// SPDX-License-Identifier: GPL-3.0-or-later
#include "peoplesearchmodel.h"

#include "core/domain/area.h"
#include "core/domain/personrepository.h"
#include "core/search/searchindex.h"
#include "labels.h"

namespace hearth::app {

PeopleSearchModel::PeopleSearchModel(QObject *parent) : QAbstractListModel(parent) {}

int PeopleSearchModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    return m_browsing ? int(m_total) : int(m_rows.size());
}

int PeopleSearchModel::loadedRows() const
{
    int n = int(m_rows.size());
    for (const auto &page : m_pages)
        n += int(page.rows.size());
    return n;
}

const PeopleSearchModel::Row *PeopleSearchModel::browseRow(int row) const
{
    const int page = row / kPageSize;
    auto it = m_pages.find(page);
    if (it == m_pages.end()) {
        storage::Store *store = m_session ? m_session->store() : nullptr;
        if (!store)
            return nullptr;
        // Scrolling down continues from the page above (a seek); a jump counts from the top.
        const auto above = m_pages.constFind(page - 1);
        auto found = search::browsePeople(store->database(), {{}, m_areaCode, m_tags, kPageSize},
                                          qint64(page) * kPageSize,
                                          above != m_pages.cend() ? above->last : search::BrowseKey{});
        Page loaded;
        if (!found || !appendPeople(found->personIds, loaded.rows)) {
            if (!found)
                m_pageError = found.error().localized(m_session->language());
            return nullptr;
        }
        loaded.last = found->last;
        while (m_recent.size() >= m_cachedPages)
            m_pages.remove(m_recent.takeFirst());
        it = m_pages.insert(page, std::move(loaded));
    }
    m_recent.removeOne(page);
    m_recent.append(page);
    const int offset = row % kPageSize;
    return offset < it->rows.size() ? &it->rows[offset] : nullptr;
}

QVariant PeopleSearchModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row *found = m_browsing ? browseRow(index.row()) : &m_rows[index.row()];
    if (!found)
        return {};
    const Row &r = *found;
    switch (role) {
    case Qt::DisplayRole:
    case NameRole: return r.name;
    case PersonIdRole: return r.id;
    case GenderRole: return r.gender;
    case PhoneRole: return r.phone;
    case IdNumberRole: return r.idNumber;
    case PlaceRole: return r.place;
    case StatusRole: return r.status;
    case StatusLabelRole: return r.status.isEmpty() ? QString() : migrantStatusLabel(r.status);
    case TagsRole: return r.tags;
    case MatchRole: return r.match;
    }
    return {};
}

QHash<int, QByteArray> PeopleSearchModel::roleNames() const
{
    return {{PersonIdRole, "personId"}, {NameRole, "name"},   {GenderRole, "gender"},
            {PhoneRole, "phone"},       {IdNumberRole, "idNumber"}, {PlaceRole, "place"},
            {StatusRole, "status"},     {TagsRole, "tags"},   {MatchRole, "match"},
            {StatusLabelRole, "statusLabel"}};
}

void PeopleSearchModel::setSession(SessionController *session)
{
    if (m_session == session)
        return;
    if (m_session)
        disconnect(m_session, nullptr, this, nullptr);
    m_session = session;
    if (m_session) {
        connect(m_session, &SessionController::stateChanged, this, &PeopleSearchModel::refresh);
        connect(m_session, &SessionController::dataChanged, this, &PeopleSearchModel::refresh);
    }
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

QString PeopleSearchModel::placeOf(const QString &areaCode) const
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

bool PeopleSearchModel::appendPeople(const QStringList &ids, QList<Row> &rows) const
{
    domain::PersonRepository people(m_session->store()->database());
    for (const QString &id : ids) {
        auto p = people.find(id); // masked
        if (!p) {
            m_pageError = p.error().localized(m_session->language());
            return false;
        }
        rows.append({p->id, p->name, p->gender, p->phone, p->idNumber, placeOf(p->areaCode), p->status, {}, p->tags});
    }
    return true;
}

void PeopleSearchModel::refresh()
{
    QList<Row> rows;
    QString error;
    const bool browsing = m_query.trimmed().isEmpty();
    qint64 total = 0;
    storage::Store *store = m_session && m_session->state() == SessionController::State::Unlocked
                                ? m_session->store()
                                : nullptr;
    if (store && browsing) {
        auto count = search::countPeople(store->database(), {{}, m_areaCode, m_tags, kPageSize});
        if (!count)
            error = count.error().localized(m_session->language());
        else
            total = *count;
    } else if (store) {
        auto hits = search::searchPeople(store->database(), {m_query.trimmed(), m_areaCode, m_tags, kLimit});
        if (!hits) {
            error = hits.error().localized(m_session->language());
        } else {
            QStringList ids;
            for (const search::Hit &hit : *hits)
                ids << hit.personId;
            if (!appendPeople(ids, rows))
                error = m_pageError;
            else
                for (qsizetype i = 0; i < rows.size(); ++i)
                    rows[i].match = QString::fromLatin1(search::matchKey((*hits)[i].match));
        }
    }
    beginResetModel();
    if (!store)
        m_places.clear(); // locked: forget what was shown
    m_pages.clear();
    m_recent.clear();
    m_browsing = browsing && store;
    m_total = total;
    m_rows = std::move(rows);
    m_error = error;
    endResetModel();
    Q_EMIT countChanged();
}

QStringList PeopleSearchModel::suggestedTags() const { return domain::standardPersonTags(); }

} // namespace hearth::app
