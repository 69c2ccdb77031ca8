// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/platform/connectivity.h"

namespace hearth::platform {

// Qt's QNetworkInformation (NetworkManager on Linux, ConnectivityManager on Android). Without a
// backend (a container, a desktop without NetworkManager) the link is Unknown and never changes;
// the app then relies on its timer.
class QtConnectivity final : public Connectivity
{
    Q_OBJECT

public:
    explicit QtConnectivity(QObject *parent = nullptr);
    Link link() const override;
    bool metered() const override;
};

} // namespace hearth::platform
