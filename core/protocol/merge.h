// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The per-field merge of docs/sync-protocol.md, as a pure function: the server's current body of
// a person or household, one update, the update's hybrid logical clock and device → the new body
// and the conflicts it made. No database: tested on its own (tst_recordmodel).

#include "core/model/recordmodel.h"

#include <QJsonObject>
#include <QList>

namespace hearth::protocol {

struct FieldConflict
{
    QString field;
    QString kept, lost;             // canonical text of each value
    QString keptDevice, lostDevice; // who wrote them
};

struct Merged
{
    QJsonObject body; // with the merge's bookkeeping (_clocks, _devices)
    QList<FieldConflict> conflicts;
    QStringList changedFields; // fields whose value moved
};

// A field is taken when the body still holds the editor's base and the edit's clock is later
// than the one that wrote the field; otherwise the later clock wins (equal clocks: the higher
// device id, so the outcome never depends on arrival order) and the other value becomes a
// conflict. An edit to the value the field already has changes nothing. Tags are a set: added
// and removed as asked.
Merged mergeUpdate(const model::Kind &kind, QJsonObject body, const QJsonObject &update, qint64 clock,
                   const QString &deviceId);

// The body as devices see it: without the merge's bookkeeping.
QJsonObject withoutBookkeeping(QJsonObject body);

} // namespace hearth::protocol
