// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The seam for "is there reception, and what kind": the app syncs when it comes back, and
// (issue 15) fetches older photos ahead only on an unmetered link. Linux and Android both use
// Qt's QNetworkInformation backends (NetworkManager, Android's ConnectivityManager) through
// platforms/common/qtconnectivity; tests use a fake they switch by hand.

#include <QObject>

#include <memory>

namespace hearth::platform {

class Connectivity : public QObject
{
    Q_OBJECT

public:
    enum class Link { Unknown, Offline, Online };
    using QObject::QObject;

    virtual Link link() const = 0;
    // Mobile data, a hotspot: worth saving. Unknown counts as metered.
    virtual bool metered() const = 0;

Q_SIGNALS:
    void changed();
};

std::unique_ptr<Connectivity> createConnectivity();

} // namespace hearth::platform
