// SPDX-License-Identifier: GPL-3.0-or-later
// Follow-ups (and a station's cases) by due date; overdue first. Tap one to add a note, move
// its status or record money recovered.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Hearth
import Hearth.Controllers

Page {
    id: page

    FollowUpModel {
        id: followUps
        objectName: "followUpModel"
        session: Session
        openOnly: !showClosed.checked
    }

    header: HToolBar {
        title: Session.role === "station" ? qsTr("Cases") : qsTr("Follow-ups")
        onBack: page.StackView.view.pop()
    }

    ColumnLayout {
        width: Math.min(parent.width, 760)
        height: parent.height
        anchors.horizontalCenter: parent.horizontalCenter
        spacing: 0

        CheckBox {
            id: showClosed
            Layout.margins: 8
            text: qsTr("Show resolved and closed")
        }
        ListView {
            objectName: "followUpList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: followUps
            delegate: ItemDelegate {
                objectName: "followUp_" + index
                width: ListView.view.width
                height: 68
                onClicked: { noteDialog.followUpId = model.followUpId; noteDialog.title = model.personName + " · " + model.category; noteDialog.open() }
                contentItem: ColumnLayout {
                    spacing: 2
                    RowLayout {
                        Label { text: model.personName; font.pixelSize: 17; font.bold: true }
                        Label { text: model.category; font.pixelSize: 15; opacity: 0.8 }
                        Item { Layout.fillWidth: true }
                        Label {
                            text: model.dueOn.length > 0 ? model.dueOn : qsTr("no date")
                            color: model.overdue ? Material.color(Material.Red, Material.Shade700) : Material.foreground
                            font.pixelSize: 14
                        }
                    }
                    Label {
                        text: model.status + (model.isCase ? "  ·  " + qsTr("¥%1 of ¥%2 recovered").arg(model.recovered).arg(model.claimed) : "")
                        font.pixelSize: 13
                        opacity: 0.7
                    }
                }
            }
            ScrollIndicator.vertical: ScrollIndicator {}
        }
        Label {
            visible: followUps.count === 0
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.margins: 24
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.Wrap
            text: qsTr("Nothing open. Follow-ups are added from a person's page.")
            opacity: 0.7
        }
    }

    Dialog {
        id: noteDialog
        objectName: "noteDialog"
        property string followUpId
        property var log: []
        modal: true
        anchors.centerIn: parent
        width: Math.min(page.width - 32, 440)
        standardButtons: Dialog.Ok | Dialog.Cancel
        onOpened: { log = followUps.notes(followUpId); noteText.text = ""; recovered.text = ""; statusBox.currentIndex = 0 }
        ColumnLayout {
            anchors.fill: parent
            Repeater {
                model: noteDialog.log
                delegate: Label {
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    font.pixelSize: 13
                    opacity: 0.75
                    text: modelData.at + " " + modelData.author + "：" + modelData.text + (modelData.status ? "（" + modelData.status + "）" : "")
                }
            }
            TextField { id: noteText; objectName: "noteText"; Layout.fillWidth: true; placeholderText: qsTr("What happened") }
            ComboBox {
                id: statusBox
                objectName: "statusBox"
                Layout.fillWidth: true
                textRole: "label"
                valueRole: "key"
                model: [{key: "", label: qsTr("Keep the status")}].concat(followUps.statuses)
            }
            TextField {
                id: recovered
                Layout.fillWidth: true
                placeholderText: qsTr("Recovered so far, yuan (wage claims)")
                inputMethodHints: Qt.ImhFormattedNumbersOnly
            }
            HErrorText { text: followUps.errorString }
        }
        onAccepted: followUps.addNote(followUpId, noteText.text, statusBox.currentValue, recovered.text)
    }
}
