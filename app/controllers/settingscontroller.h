// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Settings: the accuracy limit for a visit's location (kept in the store's profile), the
// language (kept in the platform settings: it is needed before unlock), and about (version,
// store size), the photo cache's limit and fetching photos ahead on Wi-Fi. Changing the PIN is the session's job (Session.changePin).

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
    // The photo cache (core/media/mediacache.h): its limit, fetching ahead on Wi-Fi, its use.
    Q_PROPERTY(int photoCacheLimitMb READ photoCacheLimitMb WRITE setPhotoCacheLimitMb NOTIFY changed)
    Q_PROPERTY(bool photoPrefetch READ photoPrefetch WRITE setPhotoPrefetch NOTIFY changed)
    Q_PROPERTY(QString photoCacheUsage READ photoCacheUsage NOTIFY changed)

public:
    explicit SettingsController(QObject *parent = nullptr);

    int accuracyLimitM() const;
    void setAccuracyLimitM(int metres);
    int minAccuracyLimitM() const;
    int maxAccuracyLimitM() const;
    QString version() const;
    QString storeSize() const { return m_storeSize; }
    int schemaVersion() const;
    int photoCacheLimitMb() const { return m_photoCacheLimitMb; }
    void setPhotoCacheLimitMb(int mb); // evicts down to it at once
    bool photoPrefetch() const { return m_photoPrefetch; }
    void setPhotoPrefetch(bool on);
    QString photoCacheUsage() const { return m_photoCacheUsage; }

    void refresh() override;
    // Stores the language choice for the next start and switches the session's now.
    Q_INVOKABLE void setLanguage(const QString &language);

Q_SIGNALS:
    void changed();

private:
    void loadPhotoCache(storage::Store &store);
    QString m_storeSize;
    int m_photoCacheLimitMb = 0;
    bool m_photoPrefetch = false;
    QString m_photoCacheUsage;
};

} // namespace hearth::app
