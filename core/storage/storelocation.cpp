// SPDX-License-Identifier: GPL-3.0-or-later
#include "storelocation.h"

#include <QDir>
#include <QStandardPaths>

namespace hearth::storage {

QString defaultStoreDirectory()
{
    const QString base = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    return QDir(base).filePath(QStringLiteral("hearth/store"));
}

} // namespace hearth::storage
