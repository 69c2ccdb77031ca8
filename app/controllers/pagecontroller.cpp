// SPDX-License-Identifier: GPL-3.0-or-later
#include "pagecontroller.h"

namespace hearth::app {

void PageController::setSession(SessionController *session)
{
    if (m_session == session)
        return;
    if (m_session)
        disconnect(m_session, nullptr, this, nullptr);
    m_session = session;
    if (m_session) {
        connect(m_session, &SessionController::stateChanged, this, &PageController::refresh);
        connect(m_session, &SessionController::profileChanged, this, &PageController::refresh);
        connect(m_session, &SessionController::languageChanged, this, &PageController::refresh); // labels
        connect(m_session, &SessionController::dataChanged, this, &PageController::refresh);
    }
    Q_EMIT sessionChanged();
    refresh();
}

storage::Store *PageController::store() const
{
    return m_session && m_session->state() == SessionController::State::Unlocked ? m_session->store() : nullptr;
}

void PageController::setError(const QString &message)
{
    if (m_error == message)
        return;
    m_error = message;
    Q_EMIT errorChanged();
}

bool PageController::fail(const Error &error)
{
    setError(error.localized(english() ? u"en"_qs : u"zh_CN"_qs));
    return false;
}

} // namespace hearth::app
