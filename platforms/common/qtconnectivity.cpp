// SPDX-License-Identifier: GPL-3.0-or-later
#include "qtconnectivity.h"

#include <QNetworkInformation>

namespace hearth::platform {

QtConnectivity::QtConnectivity(QObject *parent) : Connectivity(parent)
{
    if (!QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Reachability))
        return;
    auto *info = QNetworkInformation::instance();
    connect(info, &QNetworkInformation::reachabilityChanged, this, &Connectivity::changed);
    connect(info, &QNetworkInformation::isMeteredChanged, this, &Connectivity::changed);
}

Connectivity::Link QtConnectivity::link() const
{
    auto *info = QNetworkInformation::instance();
    if (!info)
        return Link::Unknown;
    switch (info->reachability()) {
    case QNetworkInformation::Reachability::Online: return Link::Online;
    case QNetworkInformation::Reachability::Disconnected:
    case QNetworkInformation::Reachability::Local: return Link::Offline;
    default: return Link::Unknown;
    }
}

bool QtConnectivity::metered() const
{
    auto *info = QNetworkInformation::instance();
    if (!info || !info->supports(QNetworkInformation::Feature::Metered))
        return true;
    return info->isMetered();
}

} // namespace hearth::platform
