// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Hearth
import Hearth.Controllers

HPage {
    headline: qsTr("Recovery code")
    subtitle: qsTr("If the PIN is entered wrongly 10 times, the store locks. Only this code unlocks it. Write it down and hand it to your administrator; it is shown only now.")

    Frame {
        Layout.fillWidth: true
        Material.elevation: 2
        // Groups of four, four to a row, so the code reads aloud and copies without slips.
        GridLayout {
            objectName: "recoveryCode"
            anchors.horizontalCenter: parent.horizontalCenter
            columns: 4
            columnSpacing: 14
            rowSpacing: 10
            Repeater {
                model: Session.recoveryCode.split("-")
                Label {
                    required property string modelData
                    text: modelData
                    font.family: "monospace"
                    font.pixelSize: 22
                    font.bold: true
                }
            }
        }
    }
    CheckBox {
        id: written
        objectName: "writtenCheck"
        text: qsTr("I have written the code down")
        font.pixelSize: 16
        Layout.fillWidth: true
    }
    HPrimaryButton {
        objectName: "continueButton"
        text: qsTr("Continue")
        enabled: written.checked
        onClicked: Session.acknowledgeRecoveryCode()
    }
}
