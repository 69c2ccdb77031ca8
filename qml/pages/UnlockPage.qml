// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth
import Hearth.Controllers

HPage {
    headline: Session.needsRecoveryCode ? qsTr("Open with the recovery code") : qsTr("Enter your PIN")
    subtitle: qsTr("The records on this device are encrypted.")

    HPinField {
        id: pin
        visible: !Session.needsRecoveryCode
        objectName: "pinField"
        placeholderText: qsTr("PIN")
        focus: true
        onAccepted: unlockButton.clicked()
    }
    HErrorText {
        text: Session.errorString
    }
    HPrimaryButton {
        visible: !Session.needsRecoveryCode
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

    // The phone's key store lost the key: only the recovery code opens the store now.
    HRecoveryForm {
        visible: Session.needsRecoveryCode
        showTitle: false
        Layout.topMargin: 16
    }

    // The server revoked this device: say so, and offer to wipe it (two taps, the second says
    // what is lost).
    ColumnLayout {
        objectName: "revokedNotice"
        visible: Session.revoked
        Layout.fillWidth: true
        Layout.topMargin: 24
        spacing: 8
        property bool armed: false
        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            font.bold: true
            text: qsTr("The server has removed this device. It can no longer send or receive records.")
        }
        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            opacity: 0.8
            text: parent.armed
                  ? qsTr("Tap again to erase everything on this device. Records not yet sent are lost.")
                  : qsTr("If the device was lost or handed over, erase its records. To keep using it, unlock and register it again in Settings.")
        }
        HButton {
            objectName: "wipeButton"
            text: parent.armed ? qsTr("Erase now") : qsTr("Erase this device")
            onClicked: parent.armed ? Session.wipe() : (parent.armed = true)
        }
    }
}
