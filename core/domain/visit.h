// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "clock.h"
#include "core/error.h"
#include "core/location/fix.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace hearth::storage {
class Database;
}

namespace hearth::media {
class MediaStore;
struct ProcessedPhoto;
}

namespace hearth::domain {

struct Need
{
    QString category; // wage arrears, jobs, certificates, children, health, housing, legal, business
    QString text;
};

struct Goods
{
    QString item;
    qint64 quantity = 1;
};

// A processed photo whose bytes are already in the media store (see media::MediaStore).
struct PhotoRef
{
    QString hash;
    QString thumbHash;
    int width = 0;
    int height = 0;
    qint64 bytes = 0;
    qint64 thumbBytes = 0;
};

// A visit (DESIGN.md §4). Append-only: a correction is a new visit with `supersedes` set.
struct Visit
{
    QString id;
    QString personId;
    QString householdId;
    QString campaignId;
    qint64 visitedAt = 0; // UTC ms; 0 = now
    int utcOffsetMin = 480;
    QString kind; // home, worksite, phone, group
    QStringList visitors;
    bool letterDelivered = false;
    qint64 cashFen = 0;
    QString notes;
    QList<Need> needs;
    QList<Goods> goods;
    QList<PhotoRef> photos;
    location::Location location;
    QString supersedes;
    qint64 createdAt = 0; // when it was made, on the device that made it
    qint64 voidedAt = 0;  // 0: not voided
    // A supervisor's latest word on it (the console's review queue): held here, never pushed.
    struct Review
    {
        QString decision; // approved, returned
        QString comment, reviewer;
        qint64 at = 0;
    };
    std::optional<Review> review;
};

class VisitRepository
{
public:
    explicit VisitRepository(storage::Database &db, Clock clock = {});

    // Validates, then saves the visit, its needs, goods, photos and one outbox entry in one
    // durable transaction; the id is returned only after the commit.
    Result<QString> add(Visit visit);
    Result<Visit> find(const QString &id);
    // Newest first; superseded visits are left out unless asked for.
    Result<QList<Visit>> list(const QString &personId = {}, bool includeSuperseded = false);
    // Sync: a visit from the server, inside the caller's transaction; no outbox entry. Already
    // here (our own, or pulled before): nothing to do.
    Result<void> applyRemote(const QString &id, const QJsonObject &payload);
    // The visits of a household: to the household itself or to any of its members.
    Result<QList<Visit>> listForHousehold(const QString &householdId);

private:
    Result<void> insertRows(const Visit &v, qint64 nowMs); // the visit and its needs, goods, photos
    Result<QList<Visit>> query(const QString &personId, const QString &householdId, bool includeSuperseded);

    storage::Database &m_db;
    Clock m_clock;
};

bool isVisitKind(const QString &kind);

// A visit in the protocol's JSON form (core/model describes it): the outbox payload, what a
// pull brings, hearthctl's output and the checksum's reading all use these two.
QJsonObject visitJson(const Visit &visit);
Visit visitFromJson(const QString &id, const QJsonObject &json);
// The JSON of a visit's parts.
QJsonObject locationJson(const location::Location &location); // fix_at in Unix milliseconds
QJsonArray needsJson(const QList<Need> &needs);
QJsonArray goodsJson(const QList<Goods> &goods);
QJsonArray photosJson(const QList<PhotoRef> &photos);
// The needs DESIGN.md §1 names, as stored keys; follow-ups and cases use the same categories.
QStringList needCategories();
QStringList visitKinds();

// The inverse of photosJson (drafts keep photos this way).
QList<PhotoRef> photosFromJson(const QJsonArray &array);

// Puts a processed photo and its thumbnail into the media store (encrypted) and returns the
// reference a visit keeps.
Result<PhotoRef> putPhoto(media::MediaStore &media, const media::ProcessedPhoto &photo);

} // namespace hearth::domain
