// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The new-visit form. Every change is kept as a draft in the encrypted store (debounced), so a
// killed app reopens the form as it was; photos go into the encrypted media store as soon as
// they are taken. save() validates, records the location the fix policy accepts (or none and
// why), commits, and only then reports success and clears the draft. No network involved.

#include "core/domain/clock.h"
#include "core/domain/visit.h"
#include "core/media/photo.h"
#include "pagecontroller.h"
#include "positionservice.h"

#include <QTimer>
#include <QVariantList>

class QImage;

namespace hearth::platform {
class Camera;
class Permissions;
}

namespace hearth::app {

class VisitController : public PageController
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(hearth::app::PositionService *position READ position WRITE setPosition NOTIFY positionChanged)
    Q_PROPERTY(QString personId READ personId WRITE setPersonId NOTIFY changed)
    Q_PROPERTY(QString householdId READ householdId WRITE setHouseholdId NOTIFY changed)
    Q_PROPERTY(QString targetName READ targetName NOTIFY changed)
    Q_PROPERTY(QString kind READ kind WRITE setKind NOTIFY changed)
    Q_PROPERTY(QVariantList kinds READ kinds CONSTANT)
    Q_PROPERTY(QString visitors READ visitors WRITE setVisitors NOTIFY changed)
    Q_PROPERTY(QVariantList needs READ needs NOTIFY changed) // {category, label, text}
    Q_PROPERTY(QVariantList needCategories READ needCategories CONSTANT)
    Q_PROPERTY(QVariantList goods READ goods NOTIFY changed) // {item, quantity}
    Q_PROPERTY(bool letterDelivered READ letterDelivered WRITE setLetterDelivered NOTIFY changed)
    Q_PROPERTY(QString cashYuan READ cashYuan WRITE setCashYuan NOTIFY changed)
    Q_PROPERTY(QString cashError READ cashError NOTIFY changed)
    Q_PROPERTY(QString notes READ notes WRITE setNotes NOTIFY changed)
    Q_PROPERTY(QVariantList photos READ photos NOTIFY changed) // {hash, thumbnail (image url)}
    Q_PROPERTY(bool restoredDraft READ restoredDraft NOTIFY changed)
    Q_PROPERTY(QString campaignName READ campaignName NOTIFY changed)
    Q_PROPERTY(bool hasCamera READ hasCamera CONSTANT)

public:
    explicit VisitController(QObject *parent = nullptr);
    ~VisitController() override;

    void setClock(domain::Clock clock) { m_clock = domain::orSystemClock(std::move(clock)); }

    PositionService *position() const { return m_position; }
    void setPosition(PositionService *position);
    QString personId() const { return m_visit.personId; }
    void setPersonId(const QString &id);
    QString householdId() const { return m_visit.householdId; }
    void setHouseholdId(const QString &id);
    QString targetName() const { return m_targetName; }
    QString kind() const { return m_visit.kind; }
    void setKind(const QString &kind);
    QVariantList kinds() const;
    QString visitors() const { return m_visitors; }
    void setVisitors(const QString &visitors);
    QVariantList needs() const;
    QVariantList needCategories() const;
    QVariantList goods() const;
    bool letterDelivered() const { return m_visit.letterDelivered; }
    void setLetterDelivered(bool delivered);
    QString cashYuan() const { return m_cashYuan; }
    void setCashYuan(const QString &yuan);
    QString cashError() const { return m_cashError; }
    QString notes() const { return m_visit.notes; }
    void setNotes(const QString &notes);
    QVariantList photos() const;
    bool restoredDraft() const { return m_restoredDraft; }
    QString campaignName() const { return m_campaignName; }
    // A camera to offer (offscreen renders never have one; the file picker always works).
    static bool hasCamera();
    // The platform's camera and permissions, set once by main.cpp (null in tests: no camera).
    static void setPlatform(platform::Camera *camera, platform::Permissions *permissions);

    void refresh() override;
    Q_INVOKABLE void addNeed(const QString &category, const QString &text);
    Q_INVOKABLE void removeNeed(int index);
    Q_INVOKABLE void addGoods(const QString &item, int quantity);
    Q_INVOKABLE void removeGoods(int index);
    // A photo file (path or file: URL): processed and stored encrypted at once.
    Q_INVOKABLE bool addPhotoFile(const QString &fileOrUrl);
    // A QImageCapture (QML ImageCapture): each captured frame becomes a photo, in memory only.
    Q_INVOKABLE void attachCamera(QObject *imageCapture);
    // The camera button: asks for the camera permission where needed, then cameraReady();
    // refused, the reason shows as the page's error and the file picker stays.
    Q_INVOKABLE void openCamera();
    Q_INVOKABLE void removePhoto(int index);
    // Saves the visit. True only after the commit; savedVisitId then holds its id.
    Q_INVOKABLE bool save();
    Q_INVOKABLE void discard();
    // Writes the draft now (the page calls it when it hides; tests call it instead of waiting).
    Q_INVOKABLE void flushDraft();
    Q_INVOKABLE QString savedVisitId() const { return m_savedId; }

    // The draft key in the drafts table.
    static constexpr const char *kDraftKind = "visit";

Q_SIGNALS:
    void positionChanged();
    void changed();
    void saved(const QString &visitId);
    void cameraReady();

private:
    void touch(); // a field changed: notify and schedule the draft
    bool keepPhoto(Result<media::ProcessedPhoto> processed);
    void loadDraft();
    void resetForm();
    void lookUpTarget();
    QJsonObject draftJson() const;

    QPointer<PositionService> m_position;
    domain::Clock m_clock = domain::orSystemClock({});
    domain::Visit m_visit;
    QString m_visitors;
    QString m_cashYuan;
    QString m_cashError;
    QString m_targetName;
    QString m_campaignName;
    QString m_savedId;
    bool m_restoredDraft = false;
    bool m_loaded = false;
    QTimer m_draftTimer;
};

} // namespace hearth::app
