// SPDX-License-Identifier: GPL-3.0-or-later
// The offline lease ran out (docs/access.md): the records stay safe and encrypted here, but
// nothing is shown until the device reaches its server or an administrator gives a code.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Controllers

HPage {
    headline: qsTr("Locked until it reaches the server")
    subtitle: qsTr("This device has not reached the server for %1 days, and your office allows %2. Your records are safe and nothing is lost: connect to a network and synchronise, or call your administrator for today's unlock code.")
        .arg(Session.daysWithoutContact).arg(Session.leaseDays)

    HPrimaryButton {
        objectName: "leaseSyncButton"
        text: Sync.busy ? qsTr("Synchronising…") : qsTr("Synchronise now")
        busy: Sync.busy
        enabled: !Sync.busy
        onClicked: Sync.syncNow()
    }
    Label {
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        opacity: 0.7
        text: Sync.busy ? Sync.progress : Sync.errorString
        visible: text.length > 0
    }
    Item { Layout.preferredHeight: 4 }
    HPinField {
        id: code
        objectName: "leaseCodeField"
        placeholderText: qsTr("Unlock code from your administrator (8 digits)")
        onAccepted: unlock.clicked()
    }
    HErrorText {
        text: Session.errorString
    }
    HButton {
        id: unlock
        objectName: "leaseUnlockButton"
        text: qsTr("Unlock for 3 days")
        enabled: code.length === 8
        onClicked: Session.unlockLease(code.text)
    }
}
