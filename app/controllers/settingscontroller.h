// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Settings: the accuracy limit for a visit's location (kept in the store's profile), the
// language (kept in the platform settings: it is needed before unlock), and about (version,
// store size). Changing the PIN is the session's job (Session.changePin).

#include "pagecontroller.h"

namespace hearth::app {

class SettingsController : public PageController
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(int accuracyLimitM READ accuracyLimitM WRITE setAccuracyLimitM NOTIFY changed)
    Q_PROPERTY(int minAccuracyLimitM READ minAccuracyLimitM CONSTANT)
    Q_PROPERTY(int maxAccuracyLimitM READ maxAccuracyLimitM CONSTANT)
    Q_PROPERTY(QString version READ version CONSTANT)
    Q_PROPERTY(QString storeSize READ storeSize NOTIFY changed)
    Q_PROPERTY(int schemaVersion READ schemaVersion NOTIFY changed)

public:
    explicit SettingsController(QObject *parent = nullptr);

    int accuracyLimitM() const;
    void setAccuracyLimitM(int metres);
    int minAccuracyLimitM() const;
    int maxAccuracyLimitM() const;
    QString version() const;
    QString storeSize() const { return m_storeSize; }
    int schemaVersion() const;

    void refresh() override;
    // Stores the language choice for the next start and switches the session's now.
    Q_INVOKABLE void setLanguage(const QString &language);

Q_SIGNALS:
    void changed();

private:
    QString m_storeSize;
};

} // namespace hearth::app
