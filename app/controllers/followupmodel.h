// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Follow-ups and cases by due date (overdue first, undated last), filtered to a person, a
// station's cases or an area; updating one appends a note that may move its status or the
// amount recovered (wage claims).

#include "core/domain/clock.h"
#include "sessioncontroller.h"

#include <QAbstractListModel>
#include <QPointer>
#include <QtQml/qqmlregistration.h>

namespace hearth::app {

class FollowUpModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(hearth::app::SessionController *session READ session WRITE setSession NOTIFY sessionChanged)
    Q_PROPERTY(QString personId MEMBER m_personId WRITE setPersonId NOTIFY filterChanged)
    Q_PROPERTY(bool openOnly MEMBER m_openOnly WRITE setOpenOnly NOTIFY filterChanged)
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    Q_PROPERTY(QString errorString READ errorString NOTIFY errorChanged)
    Q_PROPERTY(QVariantList statuses READ statuses CONSTANT) // {key, label}

public:
    enum Role {
        FollowUpIdRole = Qt::UserRole + 1,
        PersonIdRole,
        PersonNameRole,
        CategoryRole,
        StatusRole,
        StatusKeyRole,
        DueOnRole,
        OverdueRole,
        ClaimedRole,
        RecoveredRole,
        IsCaseRole,
    };
    Q_ENUM(Role)

    explicit FollowUpModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    SessionController *session() const { return m_session; }
    void setSession(SessionController *session);
    void setPersonId(const QString &id);
    void setOpenOnly(bool openOnly);
    QString errorString() const { return m_error; }
    QVariantList statuses() const;
    void setClock(domain::Clock clock) { m_clock = domain::orSystemClock(std::move(clock)); }

    Q_INVOKABLE void refresh();
    // A note on the follow-up; status "" keeps it; recoveredYuan "" keeps the amount.
    Q_INVOKABLE bool addNote(const QString &followUpId, const QString &text, const QString &status,
                             const QString &recoveredYuan);
    // The follow-up's log, oldest first: {at, author, text, status}.
    Q_INVOKABLE QVariantList notes(const QString &followUpId);

Q_SIGNALS:
    void sessionChanged();
    void filterChanged();
    void countChanged();
    void errorChanged();

private:
    struct Row
    {
        QString id, personId, personName, category, status, statusKey, dueOn, claimed, recovered;
        bool overdue = false;
        bool isCase = false;
    };
    storage::Store *store() const;
    bool fail(const Error &error);

    QPointer<SessionController> m_session;
    QString m_personId;
    bool m_openOnly = true;
    QList<Row> m_rows;
    QString m_error;
    domain::Clock m_clock = domain::orSystemClock({});
};

} // namespace hearth::app
