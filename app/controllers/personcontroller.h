// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// One person: the registry's detail page and a branch station's worker file. Numbers come
// masked; reveal() needs a reason and writes the audit log. Edits go through the repository
// (validated, one outbox entry listing old and new of each changed field). Cases (wage claims
// and others) are follow-ups with the claimed and recovered amounts.

#include "core/domain/person.h"
#include "pagecontroller.h"

#include <QVariantList>
#include <QVariantMap>

namespace hearth::app {

class PersonController : public PageController
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString personId READ personId WRITE setPersonId NOTIFY personIdChanged)
    Q_PROPERTY(bool found READ found NOTIFY changed)
    Q_PROPERTY(QVariantMap person READ person NOTIFY changed)
    Q_PROPERTY(bool revealed READ revealed NOTIFY changed)
    Q_PROPERTY(QVariantMap household READ household NOTIFY changed)    // {id, headName, address}
    Q_PROPERTY(QVariantList family READ family NOTIFY changed)          // {personId, name, relation}
    Q_PROPERTY(QVariantList visits READ visits NOTIFY changed)          // {id, date, kind, visitors, needs, cash, photos, location}
    // Thumbnails of this person's visits not on this device (taken on another): Sync.fetchPhotos.
    Q_PROPERTY(QStringList missingThumbs READ missingThumbs NOTIFY changed)
    Q_PROPERTY(QVariantList followUps READ followUps NOTIFY changed)    // {id, category, status, dueOn, claimed, recovered}
    Q_PROPERTY(QStringList suggestedTags READ suggestedTags CONSTANT)
    Q_PROPERTY(QVariantList statuses READ statuses CONSTANT)            // {key, label}
    Q_PROPERTY(QVariantList caseCategories READ caseCategories CONSTANT) // {key, label}
    // Before a new file is saved: people on this device who are likely the same person
    // {personId, name, reason}; create() stops while there are any, unless told to save anyway.
    Q_PROPERTY(QVariantList likelyDuplicates READ likelyDuplicates NOTIFY changed)
    // Records the server found to be this same person (the same ID number), waiting for a
    // supervisor to merge them: {personId, name}.
    Q_PROPERTY(QVariantList sameAs READ sameAs NOTIFY changed)

public:
    explicit PersonController(QObject *parent = nullptr);

    QString personId() const { return m_personId; }
    void setPersonId(const QString &id);
    bool found() const { return !m_person.isEmpty(); }
    QVariantMap person() const { return m_person; }
    bool revealed() const { return m_revealed; }
    QVariantMap household() const { return m_household; }
    QVariantList family() const { return m_family; }
    QVariantList visits() const { return m_visits; }
    QVariantList followUps() const { return m_followUps; }
    QStringList missingThumbs() const { return m_missingThumbs; }
    QVariantList likelyDuplicates() const { return m_likelyDuplicates; }
    QVariantList sameAs() const { return m_sameAs; }
    QStringList suggestedTags() const;
    QVariantList statuses() const;
    QVariantList caseCategories() const;

    void refresh() override;
    // Full ID number and phone, audited with the reason. False (with errorString) without one.
    Q_INVOKABLE bool reveal(const QString &reason);
    Q_INVOKABLE void hide();
    Q_INVOKABLE bool addTag(const QString &tag);
    Q_INVOKABLE bool removeTag(const QString &tag);
    // Changes the given fields (keys as in personfields: employer, work_city, party_member "1"/"0", ...).
    Q_INVOKABLE bool edit(const QVariantMap &fields);
    // A new worker file; `fields` as edit(), plus "area" as a code or a name path. The person
    // is followed by this device's station when the user is station staff. Returns the id, or
    // "" with likelyDuplicates filled when someone here is likely the same person (then
    // "save_anyway": true saves all the same; the server lists the pair for a supervisor).
    Q_INVOKABLE QString create(const QVariantMap &fields);
    // A case or follow-up for this person; claimedYuan "" = not a money case.
    Q_INVOKABLE bool addCase(const QString &category, const QString &dueOn, const QString &claimedYuan);
    // Deletes a person entered by mistake (nothing recorded about them yet); false with the
    // reason otherwise.
    Q_INVOKABLE bool remove();

Q_SIGNALS:
    void personIdChanged();
    void changed();

private:
    void load(storage::Store &store);
    bool applyEdit(const domain::PersonEdit &edit);

    QString m_personId;
    QVariantMap m_person;
    bool m_revealed = false;
    QString m_fullId, m_fullPhone;
    QVariantMap m_household;
    QVariantList m_family, m_visits, m_followUps, m_likelyDuplicates, m_sameAs;
    QStringList m_missingThumbs;
};

} // namespace hearth::app
