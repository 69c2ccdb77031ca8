// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The console's ledger import (docs/console.md, "Importing a ledger"). A county office's
// ledger, .xlsx or CSV with the same headers and rules as `hearthctl people import`
// (core/ledger), uploaded by a supervisor into an area of their scope. Its rows become person
// and household creates pushed through the sync path (push.cpp) as the user's import device,
// whose rights are the ledger import's (core/model/rights.h): whatever a device's push is held
// to, so is this, and every device of the area receives the people at its next sync.
//
// It runs in the background, a batch at a time; the page follows it. Each batch's progress row
// is written in the batch's own transaction, so an import cut short (a restart, a lost database
// connection) resumes after its last committed row when the same file is sent again, and ends
// as one clean run would. The file is held in memory only, never written to disk.

#include "sessions.h"

#include <QJsonObject>

#include <memory>

namespace hearth::server::console {

inline constexpr qint64 kMaxLedgerBytes = 64LL << 20; // a county's ledger is a few MB; this is ample
inline constexpr int kImportStaleSeconds = 120;       // a running import silent this long was cut short

class LedgerImports
{
public:
    explicit LedgerImports(QString databaseUrl);
    ~LedgerImports(); // waits for the imports running

    // Checks the user's right, the area, and the file's header, then imports in the
    // background: {"import": {...}}. The same file into the same area again resumes an import
    // cut short, answers a finished one, or a running one.
    Result<QJsonObject> start(Pg &pg, const ConsoleUser &user, const QString &area, const QString &fileName,
                              const QByteArray &contents);

private:
    struct Running;
    std::shared_ptr<Running> d;
};

// One of the user's imports ({"import": {...}}), or their latest twenty ({"imports": [...]}).
Result<QJsonObject> importStatus(Pg &pg, const ConsoleUser &user, qint64 id);
Result<QJsonObject> importList(Pg &pg, const ConsoleUser &user);

} // namespace hearth::server::console
