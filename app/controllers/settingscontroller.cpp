// SPDX-License-Identifier: GPL-3.0-or-later
#include "settingscontroller.h"

#include "core/domain/profile.h"

#include <QCoreApplication>
#include <QDirIterator>
#include <QLocale>
#include <QSettings>

namespace hearth::app {

SettingsController::SettingsController(QObject *parent) : PageController(parent) {}

int SettingsController::accuracyLimitM() const { return session() ? session()->accuracyLimitM() : 50; }
int SettingsController::minAccuracyLimitM() const { return domain::kMinAccuracyLimitM; }
int SettingsController::maxAccuracyLimitM() const { return domain::kMaxAccuracyLimitM; }
QString SettingsController::version() const { return QCoreApplication::applicationVersion(); }
int SettingsController::schemaVersion() const { return store() ? store()->schemaVersion() : 0; }

void SettingsController::setAccuracyLimitM(int metres)
{
    storage::Store *s = store();
    if (!s || metres == accuracyLimitM())
        return;
    domain::Profile p = session()->profile();
    p.accuracyLimitM = metres;
    if (auto r = domain::saveProfile(s->database(), p); !r) {
        fail(r.error());
        Q_EMIT changed();
        return;
    }
    clearError();
    session()->reloadProfile(); // refreshes this controller too
}

void SettingsController::refresh()
{
    m_storeSize.clear();
    if (storage::Store *s = store()) {
        qint64 bytes = 0;
        QDirIterator it(s->directory(), QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            it.next();
            bytes += it.fileInfo().size();
        }
        m_storeSize = QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
    }
    Q_EMIT changed();
}

void SettingsController::setLanguage(const QString &language)
{
    QSettings().setValue(u"language"_qs, language.startsWith(u"en") ? u"en"_qs : u"zh"_qs);
    if (session())
        session()->setLanguage(language);
}

} // namespace hearth::app
