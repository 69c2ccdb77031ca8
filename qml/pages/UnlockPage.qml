// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Controllers

HPage {
    headline: qsTr("Enter your PIN")
    subtitle: qsTr("The records on this device are encrypted.")

    HPinField {
        id: pin
        objectName: "pinField"
        placeholderText: qsTr("PIN")
        focus: true
        onAccepted: unlockButton.clicked()
    }
    HErrorText {
        text: Session.errorString
    }
    HPrimaryButton {
        id: unlockButton
        objectName: "unlockButton"
        text: Session.busy ? qsTr("Unlocking…") : qsTr("Unlock")
        busy: Session.busy
        enabled: !Session.busy && pin.length > 0
        onClicked: {
            Session.unlock(pin.text)
            pin.clear()
        }
    }
}
