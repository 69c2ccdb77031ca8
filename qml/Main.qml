// SPDX-License-Identifier: GPL-3.0-or-later
// The window: shows the page that fits the session's state. No rules here; Session decides.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Hearth.Controllers

ApplicationWindow {
    id: window
    width: 400
    height: 780
    visible: true
    title: qsTr("Hearth")

    Material.theme: Material.Light
    Material.primary: "#B5432F"
    Material.accent: "#C75B2B"

    Loader {
        id: pageLoader
        objectName: "pageLoader"
        anchors.fill: parent
        sourceComponent: {
            switch (Session.state) {
            case SessionController.NeedsSetup: return setupPage
            case SessionController.ShowRecoveryCode: return recoveryPage
            case SessionController.Locked: return unlockPage
            case SessionController.Unlocked: return Session.hasProfile ? homePage : profilePage
            case SessionController.LeaseExpired: return leasePage
            default: return lockedOutPage
            }
        }
    }

    Component { id: setupPage; SetupPinPage {} }
    Component { id: recoveryPage; RecoveryCodePage {} }
    Component { id: unlockPage; UnlockPage {} }
    Component { id: lockedOutPage; LockedOutPage {} }
    Component { id: leasePage; LeaseLockedPage {} }
    Component { id: profilePage; ProfilePage {} }
    Component {
        id: homePage
        ColumnLayout {
            spacing: 0
            StackView {
                objectName: "homeStack"
                initialItem: HomePage {}
                Layout.fillWidth: true
                Layout.fillHeight: true
            }
            HSyncBar {
                objectName: "syncBar"
                Layout.fillWidth: true
            }
        }
    }
}
