// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A device for sync tests, in this process: a real encrypted store (SQLCipher file and media/)
// in a temporary directory, enrolled with the real server, syncing through HttpTransport,
// possibly via a FaultProxy. `snapshot()` is the data every device of a scope must agree on.

#include "core/media/mediastore.h"
#include "core/storage/store.h"
#include "core/sync/syncengine.h"
#include "support/noisejpeg.h"

#include <QJsonObject>
#include <QTemporaryDir>

#include <memory>

namespace hearth::test {

class TestDevice
{
public:
    // A new store with the test areas imported; check ok() after.
    TestDevice();
    // A copy of another device's store, files and all (`cp -a` of a phone, or a restored
    // backup), opened with the same PIN.
    explicit TestDevice(TestDevice &original);
    bool ok() const { return m_store != nullptr; }
    storage::Database &db() { return m_store->database(); }
    media::MediaStore &media() { return *m_media; }
    storage::Store &store() { return *m_store; }

    // `code`: the second factor's, for supervisors and administrators (ServerFixture::secondFactorCode).
    Result<QString> enrol(const QString &url, const QString &user, const QByteArray &password, const QString &code = {});
    // One round against `url` (the server or a proxy in front of it).
    Result<sync::SyncReport> sync(const QString &url, const sync::SyncOptions &options = {});
    // A round that must succeed with the scope checksum compared and equal (warns why not).
    bool syncVerified(const QString &url);

    // Saves a visit to `personId` with one photo (a real JPEG, stored as given: not re-encoded).
    Result<QString> addVisitWithPhoto(const QString &personId, const QByteArray &jpeg);
    // Households, people with their tags, visits, photos, service logs, follow-ups: the
    // rows as JSON, without the columns only this device keeps (timestamps of local writes).
    QJsonObject snapshot();
    // A value of store_meta (sync.token, sync.device_id, ...); one text column of a query.
    QString meta(const char *key);
    QString text(const char *sql);

private:
    QTemporaryDir m_dir;
    std::unique_ptr<storage::Store> m_store;
    std::unique_ptr<media::MediaStore> m_media;
};

} // namespace hearth::test
