// SPDX-License-Identifier: GPL-3.0-or-later
#include "reportcontroller.h"

#include "core/domain/area.h"
#include "core/domain/profile.h"
#include "core/domain/records.h"
#include "core/domain/reportrecords.h"
#include "homecontroller.h"
#include "labels.h"

#include <QDate>
#include <QDateTime>
#include <QLocale>

namespace hearth::app {

ReportController::ReportController(QObject *parent) : PageController(parent) {}

QString ReportController::areaCode() const
{
    if (!session() || !domain::roleUsesArea(session()->role()))
        return {};
    // The user's own area (a village's entries count in its township and county too): an area
    // their scope holds, so the server takes it.
    return session()->areaCode();
}

QString ReportController::stationId() const
{
    return session() && !domain::roleUsesArea(session()->role()) ? session()->stationId() : QString();
}

void ReportController::refresh()
{
    m_fairs.clear();
    m_certificates.clear();
    m_kinds.clear();
    m_outcomes = labelled(domain::certificateOutcomes(), certificateOutcomeLabel);
    m_monthFairs = 0;
    m_monthPlaced = m_monthCertificates = 0;
    m_countsIn.clear();
    storage::Store *s = store();
    if (!s) {
        Q_EMIT changed();
        return;
    }
    storage::Database &db = s->database();
    // Where the entries count: the township's name, or the station's.
    if (const QString station = stationId(); !station.isEmpty()) {
        for (const auto &st : domain::RecordRepository(db).stations().value_or({}))
            if (st.id == station) {
                m_countsIn = st.name;
                m_stationKind = st.kind;
            }
    } else if (const QString area = areaCode(); !area.isEmpty()) {
        auto named = domain::AreaRepository(db).find(area);
        m_countsIn = named ? named->name : area;
    }
    const QDate today = QDate::currentDate();
    const QString monthStart = QDate(today.year(), today.month(), 1).toString(Qt::ISODate);
    const qint64 monthStartMs = QDate(today.year(), today.month(), 1).startOfDay().toMSecsSinceEpoch();
    auto fairs = domain::ReportRecords(db).jobFairs(50);
    auto certificates = domain::ReportRecords(db).certificates(2000);
    if (!fairs || !certificates) {
        fail(!fairs ? fairs.error() : certificates.error());
        Q_EMIT changed();
        return;
    }
    for (const domain::JobFair &f : *fairs) {
        if (!f.voided && f.heldOn >= monthStart) {
            ++m_monthFairs;
            m_monthPlaced += f.placed;
        }
        m_fairs.append(QVariantMap{
            {u"id"_qs, f.id}, {u"date"_qs, f.heldOn}, {u"organiser"_qs, f.organiser}, {u"place"_qs, f.place},
            {u"figures"_qs, tr("%1 attended · %2 contracts · %3 placed").arg(f.attendees).arg(f.contracts).arg(f.placed)},
            {u"voided"_qs, f.voided}});
    }
    const auto [dayStart, dayEnd] = localDayBounds(QDateTime::currentMSecsSinceEpoch());
    QHash<QString, int> todayByKind;
    for (const domain::CertificateService &c : *certificates) {
        if (c.voided)
            continue;
        m_monthCertificates += c.at >= monthStartMs ? 1 : 0;
        todayByKind[c.kind] += c.at >= dayStart && c.at < dayEnd ? 1 : 0;
    }
    for (const domain::CertificateService &c : certificates->mid(0, 30))
        m_certificates.append(QVariantMap{
            {u"id"_qs, c.id}, {u"label"_qs, certificateKindLabel(c.kind)}, {u"outcome"_qs, certificateOutcomeLabel(c.outcome)},
            {u"time"_qs, QLocale().toString(QDateTime::fromMSecsSinceEpoch(c.at), u"M/d HH:mm"_qs)}, {u"voided"_qs, c.voided}});
    for (const QString &key : domain::certificateKinds())
        m_kinds.append(QVariantMap{{u"key"_qs, key}, {u"label"_qs, certificateKindLabel(key)}, {u"today"_qs, todayByKind.value(key)}});
    Q_EMIT changed();
}

bool ReportController::addJobFair(const QString &organiser, const QString &place, const QString &heldOn,
                                  const QVariantMap &figures, const QString &notes)
{
    storage::Store *s = store();
    if (!s)
        return false;
    domain::JobFair f;
    f.areaCode = areaCode();
    f.stationId = stationId();
    f.organiser = organiser;
    f.place = place;
    f.heldOn = heldOn;
    f.notes = notes;
    f.employers = figures.value(u"employers"_qs).toLongLong();
    f.positions = figures.value(u"positions"_qs).toLongLong();
    f.attendees = figures.value(u"attendees"_qs).toLongLong();
    f.contracts = figures.value(u"contracts"_qs).toLongLong();
    f.placed = figures.value(u"placed"_qs).toLongLong();
    if (auto id = domain::ReportRecords(s->database()).addJobFair(f); !id)
        return fail(id.error());
    clearError();
    refresh();
    return true;
}

bool ReportController::addCertificate(const QString &kind, const QString &outcome)
{
    storage::Store *s = store();
    if (!s)
        return false;
    domain::CertificateService c;
    c.areaCode = areaCode();
    c.stationId = stationId();
    c.place = c.stationId.isEmpty() ? u"township"_qs : m_stationKind == u"travel_point" ? u"travel_point"_qs : u"station"_qs;
    c.kind = kind;
    c.outcome = outcome.isEmpty() ? u"done"_qs : outcome;
    c.handler = session()->userName();
    c.utcOffsetMin = QDateTime::currentDateTime().offsetFromUtc() / 60;
    if (auto id = domain::ReportRecords(s->database()).addCertificate(c); !id)
        return fail(id.error());
    clearError();
    refresh();
    return true;
}

bool ReportController::voidEntry(const QString &kind, const QString &id)
{
    storage::Store *s = store();
    if (!s)
        return false;
    if (kind != u"job_fair" && kind != u"certificate")
        return false;
    if (auto r = domain::voidRecord(s->database(), kind, id, QDateTime::currentMSecsSinceEpoch()); !r)
        return fail(r.error());
    refresh();
    return true;
}

} // namespace hearth::app
