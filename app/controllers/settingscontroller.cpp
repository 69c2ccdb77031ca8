// SPDX-License-Identifier: GPL-3.0-or-later
#include "settingscontroller.h"

#include "core/domain/profile.h"
#include "core/media/mediacache.h"
#include "core/media/mediastore.h"

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
        loadPhotoCache(*s);
    }
    Q_EMIT changed();
}

void SettingsController::loadPhotoCache(storage::Store &store)
{
    auto usage = media::cacheUsage(store.database(), media::MediaStore(store.mediaDirectory(), store.mediaKey()));
    if (!usage)
        return;
    m_photoCacheLimitMb = int(usage->limit >> 20);
    m_photoPrefetch = media::prefetchAllowed(store.database()).value_or(false);
    const auto size = [](qint64 b) { return QLocale().formattedDataSize(b, 0, QLocale::DataSizeTraditionalFormat); };
    m_photoCacheUsage = tr("%1 of %2 used by photos from the server").arg(size(usage->bytes), size(usage->limit));
    if (usage->pinned > 0)
        m_photoCacheUsage += u"\n"_qs
            + tr("%n photo(s) taken here wait to be sent (%1); they are never removed", "", usage->pinned).arg(size(usage->pinnedBytes));
}

void SettingsController::setPhotoCacheLimitMb(int mb)
{
    storage::Store *s = store();
    if (!s || mb == m_photoCacheLimitMb)
        return;
    if (auto r = media::setCacheLimit(s->database(), qint64(mb) << 20); !r) {
        fail(r.error());
        return;
    }
    media::MediaStore photos(s->mediaDirectory(), s->mediaKey());
    if (auto r = media::evict(s->database(), photos, qint64(mb) << 20); !r)
        fail(r.error());
    refresh();
}

void SettingsController::setPhotoPrefetch(bool on)
{
    storage::Store *s = store();
    if (!s || on == m_photoPrefetch)
        return;
    if (auto r = media::setPrefetchAllowed(s->database(), on); !r)
        fail(r.error());
    refresh();
}

void SettingsController::setLanguage(const QString &language)
{
    QSettings().setValue(u"language"_qs, language.startsWith(u"en") ? u"en"_qs : u"zh"_qs);
    if (session())
        session()->setLanguage(language);
}

} // namespace hearth::app
