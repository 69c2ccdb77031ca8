// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What every page controller shares: the session it reads the store through, an error to
// show (already in the UI language), and a refresh when the session unlocks or locks.
// While locked a controller holds nothing of a person.

#include "sessioncontroller.h"

#include <QObject>
#include <QPointer>
#include <QtQml/qqmlregistration.h>

namespace hearth::app {

class PageController : public QObject
{
    Q_OBJECT
    QML_ANONYMOUS
    Q_PROPERTY(hearth::app::SessionController *session READ session WRITE setSession NOTIFY sessionChanged)
    Q_PROPERTY(bool hasError READ hasError NOTIFY errorChanged)
    Q_PROPERTY(QString errorString READ errorString NOTIFY errorChanged)

public:
    explicit PageController(QObject *parent = nullptr) : QObject(parent) {}

    SessionController *session() const { return m_session; }
    void setSession(SessionController *session);
    bool hasError() const { return !m_error.isEmpty(); }
    QString errorString() const { return m_error; }

    Q_INVOKABLE virtual void refresh() = 0;
    Q_INVOKABLE void clearError() { setError(QString()); }

Q_SIGNALS:
    void sessionChanged();
    void errorChanged();

protected:
    // The open store, or null while locked.
    storage::Store *store() const;
    bool english() const { return m_session && m_session->language() == u"en"; }
    void setError(const QString &message);
    // Shows a core error in the UI language; returns false so callers can `return fail(e)`.
    bool fail(const Error &error);

private:
    QPointer<SessionController> m_session;
    QString m_error;
};

} // namespace hearth::app
