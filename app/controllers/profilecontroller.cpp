// SPDX-License-Identifier: GPL-3.0-or-later
#include "profilecontroller.h"

#include "core/model/rights.h"

#include "core/domain/area.h"
#include "core/domain/profile.h"
#include "core/domain/records.h"
#include "core/ledger/areaimport.h"
#include "core/storage/database.h"

#include <QPointer>
#include <QUrl>
#include <QtConcurrent/QtConcurrentRun>

namespace hearth::app {

ProfileController::ProfileController(QObject *parent) : PageController(parent) {}

QVariantList ProfileController::roles() const
{
    return {
        QVariantMap{{u"key"_qs, u"cadre"_qs}, {u"label"_qs, tr("Village cadre")},
                    {u"hint"_qs, tr("Visits to returned workers and families at home")}},
        QVariantMap{{u"key"_qs, u"volunteer"_qs}, {u"label"_qs, tr("Travel-point volunteer")},
                    {u"hint"_qs, tr("Log help given at a station, one tap per service")}},
        QVariantMap{{u"key"_qs, u"station"_qs}, {u"label"_qs, tr("Branch-station staff")},
                    {u"hint"_qs, tr("Files on the county's workers here, wage claims and cases")}},
        QVariantMap{{u"key"_qs, u"supervisor"_qs}, {u"label"_qs, tr("Supervisor")},
                    {u"hint"_qs, tr("Coverage of a township or county, follow-ups")}},
    };
}

void ProfileController::setRole(const QString &role)
{
    if (m_role == role)
        return;
    m_role = role;
    refresh();
}

bool ProfileController::mayNameStation() const { return model::may(m_role, "station", model::Op::Create); }

bool ProfileController::usesArea() const { return domain::roleUsesArea(m_role); }

void ProfileController::setAreaQuery(const QString &text)
{
    if (m_areaQuery == text)
        return;
    m_areaQuery = text;
    searchAreas();
    Q_EMIT changed();
}

void ProfileController::setAreaCode(const QString &code)
{
    m_areaCode = code;
    m_areaPath = pathOf(code);
    Q_EMIT changed();
}

QString ProfileController::pathOf(const QString &code)
{
    storage::Store *s = store();
    if (!s || code.isEmpty())
        return {};
    QStringList names;
    for (const domain::Area &a : domain::AreaRepository(s->database()).lineage(code).value_or({}))
        if (a.level >= domain::Area::County)
            names << domain::shortAreaName(a.name);
    return names.join(u' ');
}

void ProfileController::searchAreas()
{
    m_areas.clear();
    storage::Store *s = store();
    if (!s || m_areaQuery.trimmed().isEmpty())
        return;
    auto found = domain::AreaRepository(s->database()).search(m_areaQuery, 20);
    if (!found) {
        fail(found.error());
        return;
    }
    for (const domain::Area &a : *found)
        if (a.level >= domain::Area::County)
            m_areas.append(QVariantMap{{u"code"_qs, a.code}, {u"name"_qs, domain::shortAreaName(a.name)}, {u"path"_qs, pathOf(a.code)}});
}

void ProfileController::refresh()
{
    m_stations.clear();
    m_areasAvailable = false;
    if (storage::Store *s = store()) {
        const domain::Profile saved = domain::loadProfile(s->database()).value_or({});
        if (m_role.isEmpty() && saved.isSet()) { // editing: start from what is saved
            m_role = saved.role;
            m_userName = saved.userName;
            m_stationId = saved.stationId;
            m_areaCode = saved.areaCode;
        }
        m_areasAvailable = s->database().queryInt("SELECT count(*) FROM areas").value_or(0) > 0;
        const QString kind = m_role == u"volunteer" ? u"travel_point"_qs : u"branch"_qs;
        bool stationFits = false; // a travel point is no branch station: switching role drops it
        for (const domain::Station &st : domain::RecordRepository(s->database()).stations().value_or({}))
            if (st.kind == kind) {
                m_stations.append(QVariantMap{{u"id"_qs, st.id}, {u"name"_qs, st.name}, {u"kind"_qs, st.kind}});
                stationFits = stationFits || st.id == m_stationId;
            }
        if (!stationFits)
            m_stationId.clear();
        m_areaPath = pathOf(m_areaCode);
        searchAreas();
    }
    Q_EMIT changed();
}

bool ProfileController::save()
{
    storage::Store *s = store();
    if (!s)
        return false;
    clearError();
    domain::Profile p = domain::loadProfile(s->database()).value_or({});
    p.role = m_role;
    p.userName = m_userName;
    p.areaCode = m_areaCode;
    p.stationId = m_stationId;
    if (!usesArea() && m_stationId.isEmpty() && !m_newStationName.trimmed().isEmpty() && !mayNameStation())
        return fail(Error::withReason(ErrorCode::InvalidArgument,
                                      u"服务站点由管理员设定：先在下方登记这台设备，您的站点会随第一次同步下来"_qs,
                                      u"your travel point is set by your administrator: enrol this device below and it "
                                      "arrives with the first sync"_qs));
    if (!usesArea() && m_stationId.isEmpty() && !m_newStationName.trimmed().isEmpty()) {
        domain::Station st;
        st.kind = m_role == u"volunteer" ? u"travel_point"_qs : u"branch"_qs;
        st.name = m_newStationName.trimmed();
        auto id = domain::RecordRepository(s->database()).addStation(st);
        if (!id)
            return fail(id.error());
        p.stationId = m_stationId = *id;
        m_newStationName.clear();
    }
    if (auto r = domain::saveProfile(s->database(), p); !r)
        return fail(r.error());
    session()->reloadProfile();
    return true;
}

bool ProfileController::importAreas(const QString &folder, const QString &prefix)
{
    storage::Store *s = store();
    if (!s || m_busy)
        return false;
    auto connection = s->openWriter();
    if (!connection)
        return fail(connection.error());
    const QUrl url(folder);
    const QString dir = url.isLocalFile() ? url.toLocalFile() : folder;
    m_busy = true;
    m_progress.clear();
    clearError();
    Q_EMIT changed();
    auto outcome = std::make_shared<std::optional<Error>>();
    auto db = std::make_shared<storage::Database>(std::move(connection).value());
    QPointer<ProfileController> self(this);
    m_import.disconnect(this);
    connect(&m_import, &QFutureWatcher<void>::finished, this, [this, outcome] {
        m_busy = false;
        m_progress.clear();
        if (*outcome)
            fail(**outcome);
        refresh();
        Q_EMIT areasImported(!*outcome);
    });
    m_import.setFuture(QtConcurrent::run([db, dir, prefix, outcome, self] {
        auto report = ledger::importAreas(*db, dir, prefix, [self](int level, int rows) {
            QMetaObject::invokeMethod(self.data(), [self, level, rows] {
                if (!self)
                    return;
                self->m_progress = tr("Importing areas: level %1 of 5, %n row(s)", nullptr, rows).arg(level);
                Q_EMIT self->changed();
            }, Qt::QueuedConnection);
        });
        if (!report)
            *outcome = report.error();
    }));
    return true;
}

ProfileController::~ProfileController() { m_import.waitForFinished(); }

} // namespace hearth::app
