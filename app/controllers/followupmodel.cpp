// SPDX-License-Identifier: GPL-3.0-or-later
#include "followupmodel.h"

#include "core/domain/money.h"
#include "core/domain/profile.h"
#include "core/domain/records.h"
#include "labels.h"

#include <QDateTime>
#include <QLocale>

namespace hearth::app {

FollowUpModel::FollowUpModel(QObject *parent) : QAbstractListModel(parent) {}

int FollowUpModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }

QVariant FollowUpModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = m_rows[index.row()];
    switch (role) {
    case Qt::DisplayRole:
    case CategoryRole: return r.category;
    case FollowUpIdRole: return r.id;
    case PersonIdRole: return r.personId;
    case PersonNameRole: return r.personName;
    case StatusRole: return r.status;
    case StatusKeyRole: return r.statusKey;
    case DueOnRole: return r.dueOn;
    case OverdueRole: return r.overdue;
    case ClaimedRole: return r.claimed;
    case RecoveredRole: return r.recovered;
    case IsCaseRole: return r.isCase;
    }
    return {};
}

QHash<int, QByteArray> FollowUpModel::roleNames() const
{
    return {{FollowUpIdRole, "followUpId"}, {PersonIdRole, "personId"}, {PersonNameRole, "personName"},
            {CategoryRole, "category"},     {StatusRole, "status"},     {StatusKeyRole, "statusKey"},
            {DueOnRole, "dueOn"},           {OverdueRole, "overdue"},   {ClaimedRole, "claimed"},
            {RecoveredRole, "recovered"},   {IsCaseRole, "isCase"}};
}

QVariantList FollowUpModel::statuses() const
{
    return labelled({u"open"_qs, u"in_progress"_qs, u"resolved"_qs, u"closed"_qs}, followUpStatusLabel);
}

void FollowUpModel::setSession(SessionController *session)
{
    if (m_session == session)
        return;
    if (m_session)
        disconnect(m_session, nullptr, this, nullptr);
    m_session = session;
    if (m_session) {
        connect(m_session, &SessionController::stateChanged, this, &FollowUpModel::refresh);
        connect(m_session, &SessionController::dataChanged, this, &FollowUpModel::refresh);
        connect(m_session, &SessionController::profileChanged, this, &FollowUpModel::refresh);
    }
    Q_EMIT sessionChanged();
    refresh();
}

void FollowUpModel::setPersonId(const QString &id)
{
    if (id == m_personId)
        return;
    m_personId = id;
    Q_EMIT filterChanged();
    refresh();
}

void FollowUpModel::setOpenOnly(bool openOnly)
{
    if (openOnly == m_openOnly)
        return;
    m_openOnly = openOnly;
    Q_EMIT filterChanged();
    refresh();
}

storage::Store *FollowUpModel::store() const
{
    return m_session && m_session->state() == SessionController::State::Unlocked ? m_session->store() : nullptr;
}

bool FollowUpModel::fail(const Error &error)
{
    m_error = error.localized(m_session ? m_session->language() : QString());
    Q_EMIT errorChanged();
    return false;
}

void FollowUpModel::refresh()
{
    QList<Row> rows;
    if (storage::Store *s = store()) {
        // The person's, else the station's cases, else the area's.
        domain::FollowUpFilter filter;
        filter.personId = m_personId;
        filter.openOnly = m_openOnly;
        if (m_personId.isEmpty()) {
            if (domain::roleUsesArea(m_session->role()))
                filter.areaPrefix = m_session->areaCode();
            else
                filter.stationId = m_session->stationId();
        }
        const QString today = QDateTime::fromMSecsSinceEpoch(m_clock()).date().toString(Qt::ISODate);
        auto lines = domain::RecordRepository(s->database()).followUps(filter);
        if (!lines)
            fail(lines.error());
        for (const auto &line : lines.value_or({})) {
            const auto &f = line.followUp;
            const bool open = f.status == u"open" || f.status == u"in_progress";
            rows.append({f.id, f.personId, line.personName, needCategoryLabel(f.category), followUpStatusLabel(f.status),
                         f.status, f.dueOn, f.claimedFen >= 0 ? domain::formatYuan(f.claimedFen) : QString(),
                         f.recoveredFen >= 0 ? domain::formatYuan(f.recoveredFen) : QString(),
                         open && !f.dueOn.isEmpty() && f.dueOn < today, f.claimedFen >= 0});
        }
    }
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
    Q_EMIT countChanged();
}

bool FollowUpModel::addNote(const QString &followUpId, const QString &text, const QString &status,
                            const QString &recoveredYuan)
{
    storage::Store *s = store();
    if (!s)
        return false;
    qint64 recovered = -1;
    if (!recoveredYuan.trimmed().isEmpty()) {
        auto fen = domain::parseYuan(recoveredYuan, u"recovered_fen"_qs);
        if (!fen)
            return fail(fen.error());
        recovered = *fen;
    }
    auto id = domain::RecordRepository(s->database(), m_clock)
                  .addFollowUpNote(followUpId, m_session->userName(), text, status, recovered);
    if (!id)
        return fail(id.error());
    m_error.clear();
    Q_EMIT errorChanged();
    refresh();
    return true;
}

QVariantList FollowUpModel::notes(const QString &followUpId)
{
    QVariantList out;
    storage::Store *s = store();
    if (!s)
        return out;
    for (const auto &n : domain::RecordRepository(s->database()).followUpNotes(followUpId).value_or({}))
        out.append(QVariantMap{{u"at"_qs, QLocale().toString(QDateTime::fromMSecsSinceEpoch(n.at), QLocale::ShortFormat)},
                               {u"author"_qs, n.author},
                               {u"text"_qs, n.text},
                               {u"status"_qs, n.status.isEmpty() ? QString() : followUpStatusLabel(n.status)},
                               {u"recovered"_qs, n.recoveredFen >= 0 ? domain::formatYuan(n.recoveredFen) : QString()}});
    return out;
}

} // namespace hearth::app
