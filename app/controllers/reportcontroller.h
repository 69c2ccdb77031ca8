// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The job fairs and certificate services of the device's area or station (the records the
// monthly report counts beside visits and services): this month's figures, the recent entries,
// logging and voiding. A cadre's entries count in their own area (and so in the township and
// county above it), a station's in the station's home county; certificates are logged with one tap per
// kind, as at a travel point.

#include "pagecontroller.h"

#include <QVariantList>

namespace hearth::app {

class ReportController : public PageController
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QVariantList fairs READ fairs NOTIFY changed)               // {id, date, organiser, place, figures, voided}
    Q_PROPERTY(QVariantList certificates READ certificates NOTIFY changed) // {id, label, outcome, time, voided}
    Q_PROPERTY(QVariantList certificateKinds READ certificateKinds NOTIFY changed) // {key, label, today}
    Q_PROPERTY(QVariantList outcomes READ outcomes NOTIFY changed)         // {key, label}
    Q_PROPERTY(int monthFairs READ monthFairs NOTIFY changed)
    Q_PROPERTY(qint64 monthPlaced READ monthPlaced NOTIFY changed)
    Q_PROPERTY(qint64 monthCertificates READ monthCertificates NOTIFY changed)
    Q_PROPERTY(QString countsIn READ countsIn NOTIFY changed) // where the entries count, for people

public:
    explicit ReportController(QObject *parent = nullptr);

    QVariantList fairs() const { return m_fairs; }
    QVariantList certificates() const { return m_certificates; }
    QVariantList certificateKinds() const { return m_kinds; }
    QVariantList outcomes() const { return m_outcomes; }
    int monthFairs() const { return m_monthFairs; }
    qint64 monthPlaced() const { return m_monthPlaced; }
    qint64 monthCertificates() const { return m_monthCertificates; }
    QString countsIn() const { return m_countsIn; }

    void refresh() override;
    // `figures`: employers, positions, attendees, contracts, placed (whole numbers, 0 or more).
    Q_INVOKABLE bool addJobFair(const QString &organiser, const QString &place, const QString &heldOn,
                                const QVariantMap &figures, const QString &notes);
    Q_INVOKABLE bool addCertificate(const QString &kind, const QString &outcome);
    // kind: "job_fair" or "certificate".
    Q_INVOKABLE bool voidEntry(const QString &kind, const QString &id);

Q_SIGNALS:
    void changed();

private:
    QString areaCode() const;  // empty for a station (its home county is used)
    QString stationId() const; // empty for an area role

    QVariantList m_fairs, m_certificates, m_kinds, m_outcomes;
    int m_monthFairs = 0;
    qint64 m_monthPlaced = 0, m_monthCertificates = 0;
    QString m_countsIn, m_stationKind;
};

} // namespace hearth::app
