// SPDX-License-Identifier: GPL-3.0-or-later
// Opening the store with its recovery code, on the device itself: after too many wrong PINs,
// or when the phone's key store lost the key (a new screen lock, a restore). Sets a new PIN.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Controllers

ColumnLayout {
    id: form
    property bool showTitle: true
    Layout.fillWidth: true
    spacing: 8

    Label {
        visible: form.showTitle
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        font.bold: true
        text: qsTr("Open with the recovery code")
    }
    Label {
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        opacity: 0.8
        text: qsTr("The code was shown once when this device was set up, and is kept by your administrator. Your records stay as they are; you choose a new PIN.")
    }
    TextField {
        id: code
        objectName: "recoveryCodeField"
        Layout.fillWidth: true
        placeholderText: qsTr("Recovery code")
        inputMethodHints: Qt.ImhNoPredictiveText | Qt.ImhPreferUppercase | Qt.ImhSensitiveData
    }
    HPinField {
        id: newPin
        objectName: "recoveryNewPinField"
        placeholderText: qsTr("New PIN (at least %1 digits)").arg(Session.minimumPinLength)
    }
    HPinField {
        id: confirmation
        objectName: "recoveryConfirmField"
        placeholderText: qsTr("New PIN again")
        onAccepted: recoverButton.clicked()
    }
    HPrimaryButton {
        id: recoverButton
        objectName: "recoverButton"
        text: Session.busy ? qsTr("Opening…") : qsTr("Open and set the new PIN")
        busy: Session.busy
        enabled: !Session.busy && code.text.length > 0 && newPin.length > 0 && confirmation.length > 0
        onClicked: {
            Session.recover(code.text, newPin.text, confirmation.text)
            newPin.clear()
            confirmation.clear()
        }
    }
}
