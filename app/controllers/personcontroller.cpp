// SPDX-License-Identifier: GPL-3.0-or-later
#include "personcontroller.h"

#include "core/domain/area.h"
#include "core/domain/household.h"
#include "core/domain/money.h"
#include "core/domain/personfields.h"
#include "core/domain/personrepository.h"
#include "core/domain/records.h"
#include "core/domain/visit.h"
#include "core/storage/database.h"
#include "core/media/mediastore.h"
#include "core/storage/store.h"
#include "core/sync/conflicts.h"
#include "core/sync/photofetch.h"
#include "labels.h"

#include <QDateTime>
#include <QLocale>

namespace hearth::app {

PersonController::PersonController(QObject *parent) : PageController(parent) {}

void PersonController::setPersonId(const QString &id)
{
    if (m_personId == id)
        return;
    m_personId = id;
    m_revealed = false;
    Q_EMIT personIdChanged();
    refresh();
}

QStringList PersonController::suggestedTags() const { return domain::standardPersonTags(); }

QVariantList PersonController::statuses() const
{
    return labelled({u"away"_qs, u"returned"_qs, u"local"_qs}, migrantStatusLabel);
}

QVariantList PersonController::caseCategories() const { return labelled(domain::needCategories(), needCategoryLabel); }

void PersonController::refresh()
{
    m_person.clear();
    m_household.clear();
    m_family.clear();
    m_visits.clear();
    m_followUps.clear();
    m_sameAs.clear();
    m_missingThumbs.clear();
    if (storage::Store *s = store(); s && !m_personId.isEmpty())
        load(*s);
    else
        m_revealed = false;
    if (!m_revealed) {
        m_fullId.fill(u'0');
        m_fullPhone.fill(u'0');
        m_fullId.clear();
        m_fullPhone.clear();
    }
    Q_EMIT changed();
}

void PersonController::load(storage::Store &store)
{
    storage::Database &db = store.database();
    for (const sync::SameAs &other : sync::sameAs(db, m_personId).value_or({}))
        m_sameAs.append(QVariantMap{{u"personId"_qs, other.personId}, {u"name"_qs, other.name}});
    domain::PersonRepository people(db);
    auto p = people.find(m_personId); // masked
    if (!p) {
        fail(p.error());
        return;
    }
    QStringList place;
    for (const auto &a : domain::AreaRepository(db).lineage(p->areaCode).value_or({}))
        if (a.level >= domain::Area::County)
            place << domain::shortAreaName(a.name);
    QString stationName;
    for (const auto &st : domain::RecordRepository(db).stations().value_or({}))
        if (st.id == p->stationId)
            stationName = st.name;
    const QDate born = QDate::fromString(p->birthDate, Qt::ISODate);
    const QDate today = QDate::currentDate();
    const int age = born.isValid() ? today.year() - born.year() - (today.dayOfYear() < born.dayOfYear() ? 1 : 0) : -1;
    m_person = {
        {u"id"_qs, p->id},
        {u"name"_qs, p->name},
        {u"gender"_qs, p->gender == u"M" ? tr("Male") : p->gender == u"F" ? tr("Female") : QString()},
        {u"genderKey"_qs, p->gender},
        {u"birthDate"_qs, p->birthDate},
        {u"age"_qs, age},
        {u"idNumber"_qs, m_revealed ? m_fullId : p->idNumber},
        {u"phone"_qs, m_revealed ? m_fullPhone : p->phone},
        {u"place"_qs, place.join(u' ')},
        {u"areaCode"_qs, p->areaCode},
        {u"relation"_qs, p->relation},
        {u"status"_qs, migrantStatusLabel(p->status)},
        {u"statusKey"_qs, p->status},
        {u"workProvince"_qs, p->workProvince},
        {u"workCity"_qs, p->workCity},
        {u"employer"_qs, p->employer},
        {u"occupation"_qs, p->occupation},
        {u"partyMember"_qs, p->partyMember},
        {u"wishes"_qs, p->wishes},
        {u"station"_qs, stationName},
        {u"tags"_qs, p->tags},
    };
    if (!p->householdId.isEmpty()) {
        if (auto h = domain::HouseholdRepository(db).find(p->householdId))
            m_household = {{u"id"_qs, h->id}, {u"headName"_qs, h->headName}, {u"address"_qs, h->address}};
        for (const auto &m : people.members(p->householdId).value_or({}))
            if (m.id != p->id)
                m_family.append(QVariantMap{{u"personId"_qs, m.id}, {u"name"_qs, m.name}, {u"relation"_qs, m.relation}});
    }
    for (const domain::Visit &v : domain::VisitRepository(db).list(p->id).value_or({}))
        m_visits.append(visitLine(v, english()));
    // The thumbnails of earlier visits made on other devices: the page asks Sync for them.
    m_missingThumbs = sync::missingPhotosOfPerson(db, media::MediaStore(store.mediaDirectory(), store.mediaKey()),
                                                  m_personId, false)
                          .value_or({});
    for (const auto &line : domain::RecordRepository(db).followUps({p->id, {}, {}, false, 50}).value_or({})) {
        const auto &f = line.followUp;
        m_followUps.append(QVariantMap{
            {u"id"_qs, f.id},
            {u"category"_qs, needCategoryLabel(f.category)},
            {u"status"_qs, followUpStatusLabel(f.status)},
            {u"statusKey"_qs, f.status},
            {u"dueOn"_qs, f.dueOn},
            {u"claimed"_qs, f.claimedFen >= 0 ? domain::formatYuan(f.claimedFen) : QString()},
            {u"recovered"_qs, f.recoveredFen >= 0 ? domain::formatYuan(f.recoveredFen) : QString()},
        });
    }
}

bool PersonController::reveal(const QString &reason)
{
    storage::Store *s = store();
    if (!s || m_personId.isEmpty())
        return false;
    auto full = domain::PersonRepository(s->database()).reveal(m_personId, session()->userName(), reason);
    if (!full)
        return fail(full.error());
    clearError();
    m_fullId = full->idNumber;
    m_fullPhone = full->phone;
    m_revealed = true;
    refresh();
    return true;
}

void PersonController::hide()
{
    m_revealed = false;
    refresh();
}

bool PersonController::applyEdit(const domain::PersonEdit &edit)
{
    storage::Store *s = store();
    if (!s || m_personId.isEmpty())
        return false;
    if (auto r = domain::PersonRepository(s->database()).edit(m_personId, edit); !r)
        return fail(r.error());
    clearError();
    refresh();
    return true;
}

bool PersonController::addTag(const QString &tag)
{
    if (tag.trimmed().isEmpty())
        return false;
    domain::PersonEdit e;
    e.addTags = {tag.trimmed()};
    return applyEdit(e);
}

bool PersonController::removeTag(const QString &tag)
{
    domain::PersonEdit e;
    e.removeTags = {tag};
    return applyEdit(e);
}

bool PersonController::edit(const QVariantMap &fields)
{
    domain::PersonEdit e;
    for (auto it = fields.cbegin(); it != fields.cend(); ++it)
        e.fields.insert(it.key(), it.value().typeId() == QMetaType::Bool ? (it.value().toBool() ? u"1"_qs : u"0"_qs)
                                                                          : it.value().toString().trimmed());
    return applyEdit(e);
}

QString PersonController::create(const QVariantMap &fields)
{
    storage::Store *s = store();
    if (!s)
        return {};
    domain::Person p;
    for (const domain::PersonField &f : domain::personFields()) {
        const QVariant v = fields.value(QString::fromLatin1(f.key));
        if (!v.isValid())
            continue;
        if (f.member)
            p.*(f.member) = v.toString().trimmed();
        else
            p.partyMember = v.toBool();
    }
    const QString area = fields.value(u"area"_qs).toString().trimmed();
    if (!area.isEmpty()) {
        auto code = domain::AreaRepository(s->database()).resolve(area);
        if (!code) {
            fail(code.error());
            return {};
        }
        p.areaCode = *code;
    }
    if (session()->role() == u"station" && p.stationId.isEmpty())
        p.stationId = session()->stationId();
    // Like the ledger import: everyone belongs to a household. A person added here heads a new
    // one in their home village unless a household was given. One transaction for both.
    storage::Database &db = s->database();
    domain::PersonRepository people(db);
    auto tx = storage::Transaction::begin(db);
    if (!tx) {
        fail(tx.error());
        return {};
    }
    if (auto problem = people.validate(p)) {
        fail(problem->toError());
        return {};
    }
    // Someone here who is likely the same person: shown first, saved only when asked again.
    const bool anyway = fields.value(u"save_anyway"_qs).toBool();
    m_likelyDuplicates.clear();
    if (!anyway) {
        auto likely = people.likelyDuplicates(p);
        if (!likely) {
            fail(likely.error());
            return {};
        }
        for (const domain::LikelyDuplicate &d : *likely)
            m_likelyDuplicates.append(QVariantMap{{u"personId"_qs, d.id}, {u"name"_qs, d.name},
                                                  {u"reason"_qs, d.reason == u"id_number" ? tr("same ID number")
                                                                 : d.reason == u"phone"   ? tr("same phone")
                                                                                          : tr("same name, birth date and village")}});
        if (!m_likelyDuplicates.isEmpty()) {
            Q_EMIT changed();
            setError(tr("This may be someone already on this device. Open them, or save anyway."));
            return {};
        }
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (p.householdId.isEmpty()) {
        domain::Household h;
        h.areaCode = p.areaCode;
        h.headName = p.name;
        if (auto r = domain::HouseholdRepository(db).insertValidated(h, now); !r) {
            fail(r.error());
            return {};
        }
        p.householdId = h.id;
        if (p.relation.isEmpty())
            p.relation = u"户主"_qs;
    }
    if (auto r = people.insertValidated(p, now, anyway); !r) {
        fail(r.error());
        return {};
    }
    if (auto r = tx->commit(); !r) {
        fail(r.error());
        return {};
    }
    clearError();
    Q_EMIT changed();
    return p.id;
}

bool PersonController::remove()
{
    storage::Store *s = store();
    if (!s || m_personId.isEmpty())
        return false;
    if (auto removed = domain::PersonRepository(s->database()).remove(m_personId); !removed)
        return fail(removed.error());
    clearError();
    session()->notifyDataChanged(); // the registry and home forget them
    return true;
}

bool PersonController::addCase(const QString &category, const QString &dueOn, const QString &claimedYuan)
{
    storage::Store *s = store();
    if (!s || m_personId.isEmpty())
        return false;
    domain::FollowUp f;
    f.personId = m_personId;
    f.category = category;
    f.dueOn = dueOn.trimmed();
    f.assignee = session()->userName();
    if (session()->role() == u"station")
        f.stationId = session()->stationId();
    if (!claimedYuan.trimmed().isEmpty()) {
        auto fen = domain::parseYuan(claimedYuan, u"claimed_fen"_qs);
        if (!fen)
            return fail(fen.error());
        f.claimedFen = *fen;
        f.recoveredFen = 0;
    }
    if (auto id = domain::RecordRepository(s->database()).addFollowUp(f); !id)
        return fail(id.error());
    clearError();
    refresh();
    return true;
}

} // namespace hearth::app
