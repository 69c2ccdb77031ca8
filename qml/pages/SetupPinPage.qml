// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Controllers

HPage {
    headline: qsTr("Welcome")
    subtitle: qsTr("Choose a PIN of at least %1 digits. It protects the records on this device, which are kept encrypted and work without a network.").arg(Session.minimumPinLength)

    Label {
        objectName: "wipedNotice"
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        color: "#8A4B00"
        text: qsTr("This device was erased at your administrator's request, after everything on it had been uploaded. Set it up again to continue.")
        visible: Session.wipedNotice.length > 0
    }

    HPinField {
        id: pin
        objectName: "pinField"
        placeholderText: qsTr("New PIN")
        focus: true
        onAccepted: confirm.forceActiveFocus()
    }
    HPinField {
        id: confirm
        objectName: "confirmField"
        placeholderText: qsTr("Repeat the PIN")
        onAccepted: create.clicked()
    }
    HErrorText {
        text: Session.errorString
    }
    HPrimaryButton {
        id: create
        objectName: "createButton"
        text: Session.busy ? qsTr("Creating…") : qsTr("Create encrypted store")
        busy: Session.busy
        enabled: !Session.busy && pin.length > 0 && confirm.length > 0
        onClicked: Session.createStore(pin.text, confirm.text)
    }
}
