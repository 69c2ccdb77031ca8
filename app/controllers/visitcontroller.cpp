// SPDX-License-Identifier: GPL-3.0-or-later
#include "visitcontroller.h"

#include "core/domain/dashboard.h"
#include "core/domain/drafts.h"
#include "core/domain/household.h"
#include "core/domain/money.h"
#include "core/domain/personrepository.h"
#include "core/domain/uuid.h"
#include "core/media/mediastore.h"
#include "core/media/photo.h"
#include "core/platform/camera.h"
#include "core/platform/permissions.h"
#include "labels.h"

#include <QBuffer>
#include <QDateTime>
#include <QImage>
#include <QGuiApplication>
#include <QImageCapture>
#include <QJsonArray>
#include <QRegularExpression>
#include <QUrl>

namespace hearth::app {

namespace {
constexpr int kDraftDelayMs = 400;
const QString kDraft = QString::fromLatin1(VisitController::kDraftKind);
}

VisitController::VisitController(QObject *parent) : PageController(parent)
{
    m_visit.kind = u"home"_qs;
    m_draftTimer.setSingleShot(true);
    m_draftTimer.setInterval(kDraftDelayMs);
    connect(&m_draftTimer, &QTimer::timeout, this, &VisitController::flushDraft);
}

VisitController::~VisitController() { flushDraft(); }

namespace {
platform::Camera *g_camera = nullptr;
platform::Permissions *g_permissions = nullptr;
} // namespace

void VisitController::setPlatform(platform::Camera *camera, platform::Permissions *permissions)
{
    g_camera = camera;
    g_permissions = permissions;
}

bool VisitController::hasCamera()
{
    return g_camera && (g_camera->hasViewfinder() || g_camera->hasSystemCamera());
}

void VisitController::openCamera()
{
    if (!hasCamera())
        return;
    // Android refuses even the camera app's intent to an app that declares CAMERA without it.
    auto allowed = !g_permissions || g_permissions->granted(platform::Permission::Camera)
                       ? QtFuture::makeReadyFuture(true)
                       : g_permissions->request(platform::Permission::Camera);
    allowed.then(this, [this](bool granted) {
        if (!granted) {
            fail(Error::withReason(ErrorCode::PermissionRefused,
                                   platform::permissionReason(platform::Permission::Camera, false),
                                   platform::permissionReason(platform::Permission::Camera, true)));
        } else if (g_camera->hasViewfinder()) {
            Q_EMIT cameraReady();
        } else {
            // No camera opens in the app: the phone's camera app takes it, and the JPEG comes
            // back in memory (its one file already shredded).
            g_camera->captureWithSystemCamera().then(this, [this](Result<QByteArray> jpeg) {
                if (jpeg)
                    keepPhoto(media::processPhoto(*jpeg));
                else if (jpeg.error().detail() != u"cancelled")
                    fail(jpeg.error());
            });
        }
    });
}

void VisitController::setPosition(PositionService *position)
{
    if (m_position == position)
        return;
    if (m_position)
        m_position->stop();
    m_position = position;
    if (m_position)
        m_position->start();
    Q_EMIT positionChanged();
}

void VisitController::refresh()
{
    if (!store()) { // locked: forget the form (the draft stays in the store)
        m_draftTimer.stop();
        m_loaded = false;
        resetForm();
        Q_EMIT changed();
        return;
    }
    if (!m_loaded) {
        m_loaded = true;
        loadDraft();
    }
    lookUpTarget();
    Q_EMIT changed();
}

void VisitController::resetForm()
{
    m_visit = {};
    m_visit.kind = u"home"_qs;
    m_visitors = session() ? session()->userName() : QString();
    m_cashYuan.clear();
    m_cashError.clear();
    m_targetName.clear();
    m_campaignName.clear();
    m_restoredDraft = false;
}

void VisitController::lookUpTarget()
{
    storage::Store *s = store();
    m_targetName.clear();
    m_campaignName.clear();
    if (!s)
        return;
    QString area;
    if (!m_visit.personId.isEmpty()) {
        if (auto p = domain::PersonRepository(s->database()).find(m_visit.personId)) {
            m_targetName = p->name;
            area = p->areaCode;
        }
    } else if (!m_visit.householdId.isEmpty()) {
        if (auto h = domain::HouseholdRepository(s->database()).find(m_visit.householdId)) {
            m_targetName = tr("Household of %1").arg(h->headName);
            area = h->areaCode;
        }
    }
    const QString today = QDateTime::fromMSecsSinceEpoch(m_clock()).date().toString(Qt::ISODate);
    if (auto c = domain::activeCampaign(s->database(), area.isEmpty() ? session()->areaCode() : area, today); c && *c) {
        m_visit.campaignId = (*c)->id;
        m_campaignName = (*c)->name;
    } else {
        m_visit.campaignId.clear();
    }
}

void VisitController::loadDraft()
{
    resetForm();
    auto draft = domain::loadDraft(store()->database(), kDraft);
    if (!draft || draft->isEmpty())
        return;
    const QJsonObject d = *draft;
    // A draft whose visit was committed (killed between the commit and the clean-up) is done.
    if (domain::VisitRepository(store()->database()).find(d[u"id"].toString())) {
        (void)domain::clearDraft(store()->database(), kDraft); // if it fails, the next open tries again
        return;
    }
    m_visit.id = d[u"id"].toString();
    m_visit.personId = d[u"person_id"].toString();
    m_visit.householdId = d[u"household_id"].toString();
    m_visit.kind = d[u"kind"].toString(u"home"_qs);
    m_visitors = d[u"visitors"].toString();
    m_visit.letterDelivered = d[u"letter_delivered"].toBool();
    m_cashYuan = d[u"cash_yuan"].toString();
    m_visit.notes = d[u"notes"].toString();
    for (const QJsonValue &v : d[u"needs"].toArray())
        m_visit.needs.append({v[u"category"].toString(), v[u"text"].toString()});
    for (const QJsonValue &v : d[u"goods"].toArray())
        m_visit.goods.append({v[u"item"].toString(), v[u"quantity"].toInteger()});
    m_visit.photos = domain::photosFromJson(d[u"photos"].toArray());
    m_restoredDraft = true;
}

QJsonObject VisitController::draftJson() const
{
    return {{u"id"_qs, m_visit.id},
            {u"person_id"_qs, m_visit.personId},
            {u"household_id"_qs, m_visit.householdId},
            {u"kind"_qs, m_visit.kind},
            {u"visitors"_qs, m_visitors},
            {u"letter_delivered"_qs, m_visit.letterDelivered},
            {u"cash_yuan"_qs, m_cashYuan},
            {u"notes"_qs, m_visit.notes},
            {u"needs"_qs, domain::needsJson(m_visit.needs)},
            {u"goods"_qs, domain::goodsJson(m_visit.goods)},
            {u"photos"_qs, domain::photosJson(m_visit.photos)}};
}

void VisitController::flushDraft()
{
    m_draftTimer.stop();
    storage::Store *s = store();
    if (!s || !m_loaded || (m_visit.personId.isEmpty() && m_visit.householdId.isEmpty()))
        return;
    if (m_visit.id.isEmpty())
        m_visit.id = makeUuidV7(m_clock());
    if (auto r = domain::saveDraft(s->database(), kDraft, draftJson(), m_clock()); !r)
        fail(r.error());
}

void VisitController::touch()
{
    Q_EMIT changed();
    m_draftTimer.start();
}

void VisitController::setPersonId(const QString &id)
{
    if (id == m_visit.personId)
        return;
    if (!m_visit.personId.isEmpty() || !m_visit.householdId.isEmpty()) // another person: a fresh form
        resetForm();
    m_visit.personId = id;
    lookUpTarget();
    touch();
}

void VisitController::setHouseholdId(const QString &id)
{
    if (id == m_visit.householdId)
        return;
    if (!m_visit.personId.isEmpty() || !m_visit.householdId.isEmpty())
        resetForm();
    m_visit.householdId = id;
    lookUpTarget();
    touch();
}

QVariantList VisitController::kinds() const { return labelled(domain::visitKinds(), visitKindLabel); }
QVariantList VisitController::needCategories() const { return labelled(domain::needCategories(), needCategoryLabel); }

void VisitController::setKind(const QString &kind)
{
    if (kind == m_visit.kind)
        return;
    m_visit.kind = kind;
    touch();
}

void VisitController::setVisitors(const QString &visitors)
{
    if (visitors == m_visitors)
        return;
    m_visitors = visitors;
    touch();
}

QVariantList VisitController::needs() const
{
    QVariantList out;
    for (const auto &n : m_visit.needs)
        out.append(QVariantMap{{u"category"_qs, n.category}, {u"label"_qs, needCategoryLabel(n.category)},
                               {u"text"_qs, n.text}});
    return out;
}

QVariantList VisitController::goods() const
{
    QVariantList out;
    for (const auto &g : m_visit.goods)
        out.append(QVariantMap{{u"item"_qs, g.item}, {u"quantity"_qs, g.quantity}});
    return out;
}

void VisitController::setLetterDelivered(bool delivered)
{
    if (delivered == m_visit.letterDelivered)
        return;
    m_visit.letterDelivered = delivered;
    touch();
}

void VisitController::setCashYuan(const QString &yuan)
{
    if (yuan == m_cashYuan)
        return;
    m_cashYuan = yuan;
    auto fen = domain::parseYuan(yuan);
    m_cashError = fen ? QString() : fen.error().localized(english() ? u"en"_qs : u"zh_CN"_qs);
    touch();
}

void VisitController::setNotes(const QString &notes)
{
    if (notes == m_visit.notes)
        return;
    m_visit.notes = notes;
    touch();
}

QVariantList VisitController::photos() const
{
    QVariantList out;
    for (const auto &p : m_visit.photos)
        out.append(QVariantMap{{u"hash"_qs, p.hash}, {u"thumbnail"_qs, u"image://media/"_qs + p.thumbHash}});
    return out;
}

void VisitController::addNeed(const QString &category, const QString &text)
{
    if (category.isEmpty())
        return;
    m_visit.needs.append({category, text.trimmed()});
    touch();
}

void VisitController::removeNeed(int index)
{
    if (index < 0 || index >= m_visit.needs.size())
        return;
    m_visit.needs.removeAt(index);
    touch();
}

void VisitController::addGoods(const QString &item, int quantity)
{
    if (item.trimmed().isEmpty() || quantity < 1)
        return;
    m_visit.goods.append({item.trimmed(), quantity});
    touch();
}

void VisitController::removeGoods(int index)
{
    if (index < 0 || index >= m_visit.goods.size())
        return;
    m_visit.goods.removeAt(index);
    touch();
}

bool VisitController::addPhotoFile(const QString &fileOrUrl)
{
    const QUrl url(fileOrUrl);
    return keepPhoto(media::processPhoto(url.isLocalFile() ? url.toLocalFile() : fileOrUrl));
}

bool VisitController::keepPhoto(Result<media::ProcessedPhoto> processed)
{
    storage::Store *s = store();
    if (!s)
        return false;
    if (!processed)
        return fail(processed.error());
    media::MediaStore media(s->mediaDirectory(), s->mediaKey());
    auto ref = domain::putPhoto(media, *processed);
    if (!ref)
        return fail(ref.error());
    m_visit.photos.append(*ref);
    clearError();
    touch();
    return true;
}

void VisitController::attachCamera(QObject *imageCapture)
{
    auto *capture = qobject_cast<QImageCapture *>(imageCapture);
    if (!capture)
        return;
    // The captured frame stays in memory: encoded here, processed, encrypted. Never a file.
    connect(capture, &QImageCapture::imageCaptured, this, [this](int, const QImage &image) {
        QByteArray jpeg;
        QBuffer buffer(&jpeg);
        buffer.open(QIODevice::WriteOnly);
        image.save(&buffer, "JPEG", 95);
        keepPhoto(media::processPhoto(jpeg));
    });
}

void VisitController::removePhoto(int index)
{
    if (index < 0 || index >= m_visit.photos.size())
        return;
    m_visit.photos.removeAt(index); // the encrypted bytes stay until a media sweep; unreferenced
    touch();
}

bool VisitController::save()
{
    storage::Store *s = store();
    if (!s)
        return false;
    auto fen = domain::parseYuan(m_cashYuan);
    if (!fen)
        return fail(fen.error());
    domain::Visit v = m_visit;
    if (v.id.isEmpty())
        v.id = makeUuidV7(m_clock());
    v.cashFen = *fen;
    v.visitedAt = m_clock();
    v.utcOffsetMin = QDateTime::fromMSecsSinceEpoch(v.visitedAt).offsetFromUtc() / 60;
    v.visitors.clear();
    for (const QString &name : m_visitors.split(QRegularExpression(u"[、,，;；\\s]+"_qs), Qt::SkipEmptyParts))
        v.visitors << name;
    v.location = m_position ? m_position->current() : location::Location{std::nullopt, u"no_source"_qs};
    auto id = domain::VisitRepository(s->database(), m_clock).add(v);
    if (!id)
        return fail(id.error());
    // Committed. Were the app killed right here, loadDraft() sees the visit and drops the draft.
    m_draftTimer.stop();
    m_savedId = *id;
    clearError();
    if (auto r = domain::clearDraft(s->database(), kDraft); !r)
        fail(r.error()); // the visit is saved; a leftover draft is dropped on the next open
    resetForm();
    Q_EMIT changed();
    Q_EMIT saved(m_savedId);
    return true;
}

void VisitController::discard()
{
    m_draftTimer.stop();
    resetForm();
    clearError();
    if (storage::Store *s = store())
        if (auto r = domain::clearDraft(s->database(), kDraft); !r)
            fail(r.error());
    Q_EMIT changed();
}

} // namespace hearth::app
