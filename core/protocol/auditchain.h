// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// One link of an audit hash chain (DESIGN.md §11), the same on devices and on the server: the
// SHA-256, in hex, of the previous link and each field with its length before it, so no two
// entries can be cut differently into the same bytes. Changing, removing or inserting an entry
// breaks every link after it.

#include <QString>

namespace hearth::protocol {

struct AuditFields
{
    QString at; // the time, as the side that wrote it keeps it (device: UTC ms; server: ISO 8601)
    QString actor, action, subject, detail, reason;
};

QString auditLink(const QString &previous, const AuditFields &fields);

} // namespace hearth::protocol
