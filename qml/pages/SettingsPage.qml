// SPDX-License-Identifier: GPL-3.0-or-later
// Settings: language, the accuracy a location must reach, the photo cache, the PIN, who uses
// the device, about.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Hearth
import Hearth.Controllers

Page {
    id: page

    SettingsController {
        id: settings
        objectName: "settingsController"
        session: Session
    }
    Connections {
        target: Session
        function onPinChangeFinished(ok, message) {
            pinMessage.text = message
            pinMessage.ok = ok
            if (ok) { oldPin.text = ""; newPin.text = ""; newPin2.text = "" }
        }
    }

    header: HToolBar {
        title: qsTr("Settings")
        onBack: page.StackView.view.pop()
    }

    Flickable {
        objectName: "settingsFlick"
        anchors.fill: parent
        contentHeight: column.implicitHeight + 32
        clip: true
        ColumnLayout {
            id: column
            width: Math.min(page.width - 32, 720)
            x: (page.width - width) / 2
            y: 16
            spacing: 16

            HSection {
                title: qsTr("Language")
                RowLayout {
                    RadioButton {
                        objectName: "langZh"
                        text: "简体中文"
                        checked: Session.language !== "en"
                        onClicked: settings.setLanguage("zh")
                    }
                    RadioButton {
                        objectName: "langEn"
                        text: "English"
                        checked: Session.language === "en"
                        onClicked: settings.setLanguage("en")
                    }
                }
            }

            HSection {
                title: qsTr("Who uses this device")
                HLine {
                    objectName: "roleLine"
                    label: Session.userName
                    value: Session.role === "cadre" ? qsTr("Village cadre") : Session.role === "volunteer" ? qsTr("Travel-point volunteer")
                           : Session.role === "station" ? qsTr("Branch-station staff") : qsTr("Supervisor")
                    leads: true
                    onClicked: page.StackView.view.push(profilePage)
                }
            }

            HSection {
                title: qsTr("Server")
                HLine {
                    visible: Sync.enrolled
                    label: qsTr("Syncs with")
                    value: Sync.server
                }
                HLine {
                    visible: Sync.lastResult.length > 0
                    label: qsTr("Last round")
                    value: Sync.lastResult
                }
                Repeater {
                    model: Sync.setAside
                    delegate: Label {
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        color: Material.color(Material.Orange, Material.Shade900)
                        text: qsTr("Received but not applied (kept until an update can): %1").arg(modelData.reason)
                    }
                }
                Repeater {
                    model: Sync.rejected
                    delegate: Label {
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        color: Material.color(Material.Red, Material.Shade700)
                        text: qsTr("Refused by the server: %1").arg(modelData.reason)
                    }
                }
                Label {
                    visible: Sync.conflicts.length > 0
                    Layout.fillWidth: true
                    Layout.topMargin: 8
                    wrapMode: Text.Wrap
                    font.bold: true
                    text: qsTr("Changed on two devices at once: the later change was kept, the other is shown here and kept on the server for your supervisor.")
                }
                Repeater {
                    objectName: "conflictList"
                    model: Sync.conflicts
                    delegate: RowLayout {
                        Layout.fillWidth: true
                        spacing: 8
                        Label {
                            Layout.fillWidth: true
                            wrapMode: Text.Wrap
                            text: qsTr("%1 · %2: kept “%3”, not used “%4”")
                                  .arg(modelData.record)
                                  .arg(modelData.field).arg(modelData.kept).arg(modelData.lost)
                        }
                        Button {
                            objectName: "revealConflictButton"
                            flat: true
                            visible: modelData.masked && !!Session.effectiveRole && Session.hasPower("reveal")
                            text: qsTr("Show…")
                            onClicked: { conflictReveal.conflictId = modelData.id; conflictReveal.open() }
                        }
                        HButton {
                            // Its own width, not a share of the row: the label beside it wraps instead.
                            Layout.fillWidth: false
                            Layout.preferredWidth: implicitContentWidth + 40
                            text: qsTr("Seen")
                            onClicked: Sync.markConflictReviewed(modelData.id)
                        }
                    }
                }
                TextField { id: serverField; objectName: "serverField"; visible: !Sync.enrolled || Session.revoked; Layout.fillWidth: true; placeholderText: qsTr("Server address, e.g. https://sync.example.cn"); inputMethodHints: Qt.ImhUrlCharactersOnly }
                TextField { id: accountField; objectName: "accountField"; visible: !Sync.enrolled || Session.revoked; Layout.fillWidth: true; placeholderText: qsTr("Account") }
                TextField { id: passwordField; objectName: "passwordField"; visible: !Sync.enrolled || Session.revoked; Layout.fillWidth: true; placeholderText: qsTr("Password"); echoMode: TextInput.Password }
                // Supervisors and administrators: asked for by the server after the password.
                TextField { id: codeField; objectName: "codeField"; visible: (!Sync.enrolled || Session.revoked) && Sync.codeWanted; Layout.fillWidth: true; placeholderText: qsTr("Code from your authenticator app"); inputMethodHints: Qt.ImhDigitsOnly; maximumLength: 8 }
                HErrorText { text: Sync.errorString; horizontalAlignment: Text.AlignLeft }
                HButton {
                    objectName: "enrolButton"
                    visible: !Sync.enrolled || Session.revoked
                    enabled: !Sync.busy
                    text: Sync.busy ? qsTr("Connecting…") : qsTr("Register this device")
                    onClicked: { Sync.enrol(serverField.text, accountField.text, passwordField.text, codeField.text); codeField.text = "" }
                }
                // The password stays only while the server waits for the code that goes with it.
                Connections {
                    target: Sync
                    function onFinished(ok) { if (ok || !Sync.codeWanted) passwordField.text = "" }
                }
                HButton {
                    objectName: "syncNowButton"
                    visible: Sync.enrolled && !Session.revoked
                    enabled: !Sync.busy
                    text: Sync.busy ? qsTr("Syncing…") : qsTr("Sync now")
                    onClicked: Sync.syncNow()
                }
            }

            HSection {
                title: qsTr("Location")
                Label {
                    text: qsTr("A visit records its location only when the fix is this accurate or better.")
                    wrapMode: Text.Wrap
                    opacity: 0.75
                    Layout.fillWidth: true
                }
                RowLayout {
                    Slider {
                        id: accuracy
                        objectName: "accuracySlider"
                        Layout.fillWidth: true
                        from: settings.minAccuracyLimitM
                        to: 200
                        stepSize: 5
                        value: settings.accuracyLimitM
                        onPressedChanged: if (!pressed) settings.accuracyLimitM = value
                    }
                    Label { text: qsTr("%1 m").arg(accuracy.value); font.pixelSize: 16; Layout.preferredWidth: 64 }
                }
            }

            HSection {
                objectName: "photosSection"
                title: qsTr("Photos")
                Label {
                    text: qsTr("Photos of earlier visits taken on other devices come from the server when you open them, and are kept here, encrypted, up to this size. The least recently viewed go first; a photo taken here that has not been sent is never removed.")
                    wrapMode: Text.Wrap
                    opacity: 0.75
                    Layout.fillWidth: true
                }
                RowLayout {
                    Label { text: qsTr("Keep at most"); Layout.fillWidth: true }
                    ComboBox {
                        id: cacheLimit
                        objectName: "photoCacheLimit"
                        readonly property var sizes: [128, 256, 512, 1024, 2048]
                        model: sizes.map(mb => mb >= 1024 ? qsTr("%1 GB").arg(mb / 1024) : qsTr("%1 MB").arg(mb))
                        currentIndex: Math.max(0, sizes.indexOf(settings.photoCacheLimitMb))
                        onActivated: index => settings.photoCacheLimitMb = sizes[index]
                    }
                }
                Switch {
                    objectName: "photoPrefetch"
                    Layout.fillWidth: true
                    text: qsTr("On Wi-Fi, download photos of recent visits in advance")
                    checked: settings.photoPrefetch
                    onToggled: settings.photoPrefetch = checked
                }
                Label {
                    objectName: "photoCacheUsage"
                    text: settings.photoCacheUsage
                    wrapMode: Text.Wrap
                    font.pixelSize: 13
                    opacity: 0.75
                    Layout.fillWidth: true
                }
            }

            HSection {
                title: qsTr("Change PIN")
                HPinField { id: oldPin; objectName: "oldPin"; placeholderText: qsTr("Current PIN") }
                HPinField { id: newPin; objectName: "newPin"; placeholderText: qsTr("New PIN") }
                HPinField { id: newPin2; objectName: "newPin2"; placeholderText: qsTr("New PIN again") }
                Label {
                    id: pinMessage
                    objectName: "pinMessage"
                    property bool ok: false
                    visible: text.length > 0
                    color: ok ? Material.color(Material.Green, Material.Shade800) : Material.color(Material.Red, Material.Shade700)
                    wrapMode: Text.Wrap
                    Layout.fillWidth: true
                }
                HButton {
                    objectName: "changePinButton"
                    text: qsTr("Change PIN")
                    onClicked: Session.changePin(oldPin.text, newPin.text, newPin2.text)
                }
            }

            HSection {
                title: qsTr("About")
                HLine { label: qsTr("Version"); value: settings.version }
                HLine { objectName: "storeSizeLine"; label: qsTr("Data on this device"); value: settings.storeSize }
                HLine { label: qsTr("User"); value: Session.userName }
                HLine { label: qsTr("Store"); value: Session.storeDirectory }
            }

            HErrorText { text: settings.errorString }
        }
    }

    Component {
        id: profilePage
        ProfilePage {
            editing: true
            onDone: StackView.view.pop()
        }
    }

    // Numbers in a conflict are masked like everywhere else; in full only with a reason, audited.
    Dialog {
        id: conflictReveal
        objectName: "conflictRevealDialog"
        property var conflictId: 0
        title: qsTr("Why do you need the full numbers?")
        modal: true
        anchors.centerIn: parent
        width: Math.min(page.width - 32, 420)
        standardButtons: Dialog.Ok | Dialog.Cancel
        ColumnLayout {
            anchors.fill: parent
            Label {
                text: qsTr("This is recorded with your name and the time.")
                wrapMode: Text.Wrap
                opacity: 0.7
                Layout.fillWidth: true
            }
            TextField {
                id: conflictReason
                objectName: "conflictReasonField"
                placeholderText: qsTr("e.g. checking which phone number is right")
                Layout.fillWidth: true
            }
        }
        onOpened: conflictReason.text = ""
        onAccepted: Sync.revealConflict(conflictId, conflictReason.text)
    }
}
