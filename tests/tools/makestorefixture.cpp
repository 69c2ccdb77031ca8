// SPDX-License-Identifier: GPL-3.0-or-later
// Makes a store as schema version 1 made it, with two people, for the migration test.
// Usage: make_store_fixture DIR   (PIN 246810, minimal Argon2id cost so tests stay fast)
#include "core/crypto/kdf.h"
#include "core/storage/store.h"
#include "platforms/common/pinkeystore.h"

#include <QCoreApplication>

#include <cstdio>

using namespace hearth;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: make_store_fixture DIR\n");
        return 2;
    }
    platform::PinKeyStore keys(crypto::KdfParams::minimal());
    storage::StoreOptions options;
    options.schemaVersion = 1;
    auto created = storage::Store::create(QString::fromLocal8Bit(argv[1]), SecretBytes::copyOf("246810"), keys, options);
    if (!created) {
        std::fprintf(stderr, "%s\n", qPrintable(created.error().bilingual()));
        return 1;
    }
    auto &db = created->store->database();
    // Version 1's people table, written the way version 1 wrote it.
    auto r = db.exec("INSERT INTO people(id, name, gender, id_number, phone, area_code, created_at, updated_at) VALUES"
                     " ('01900000-0000-7000-8000-000000000001', '测试甲', 'F', NULL, '13800000001', '510321', 1, 1),"
                     " ('01900000-0000-7000-8000-000000000002', '测试乙', 'M', NULL, NULL, '510321', 2, 2);"
                     "INSERT INTO outbox(entity, entity_id, op, payload, created_at) VALUES"
                     " ('person', '01900000-0000-7000-8000-000000000001', 'create', '{}', 1);"
                     "PRAGMA wal_checkpoint(TRUNCATE);");
    if (!r) {
        std::fprintf(stderr, "%s\n", qPrintable(r.error().bilingual()));
        return 1;
    }
    std::printf("made a schema-1 store; recovery code %s\n", qPrintable(created->recoveryCode));
    return 0;
}
