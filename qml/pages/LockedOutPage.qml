// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Controllers

HPage {
    id: page
    property bool wiped: Session.state === SessionController.Wiped
    headline: wiped ? qsTr("Store destroyed") : qsTr("Store locked")
    subtitle: wiped
        ? qsTr("The PIN was entered wrongly too many times and, as this device's policy requires, the key was destroyed. Records not yet synchronised cannot be recovered. Ask your administrator to set the device up again.")
        : qsTr("The PIN was entered wrongly too many times. Your records are safe. Open the store with its recovery code, which your administrator keeps.")

    HRecoveryForm {
        visible: !page.wiped
    }
    HErrorText {
        text: Session.errorString
        visible: !page.wiped
    }

    Label {
        Layout.fillWidth: true
        wrapMode: Text.WrapAnywhere
        horizontalAlignment: Text.AlignHCenter
        opacity: 0.6
        font.pixelSize: 13
        text: qsTr("On a computer: hearthctl --store \"%1\" unlock").arg(Session.storeDirectory)
        visible: !page.wiped
    }
}
