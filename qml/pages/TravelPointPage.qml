// SPDX-License-Identifier: GPL-3.0-or-later
// The travel point: one tap logs one service. For a group, set the count first (or hold a
// button). Undo voids the last entry. Counts per category are today's.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Hearth
import Hearth.Controllers

Page {
    id: page

    TravelPointController {
        id: point
        objectName: "travelPointController"
        session: Session
    }

    header: HToolBar {
        title: point.stationName.length > 0 ? point.stationName : qsTr("Travel point")
        onBack: page.StackView.view.pop()
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 12
        spacing: 12

        Label {
            objectName: "todayTotal"
            text: qsTr("Today: %n people served", "", point.peopleToday)
            font.pixelSize: 20
            font.bold: true
        }
        RowLayout {
            Layout.fillWidth: true
            Label {
                text: qsTr("People in this entry (a group: set before tapping, or hold a button)")
                font.pixelSize: 13
                opacity: 0.7
                wrapMode: Text.Wrap
                Layout.fillWidth: true
            }
            SpinBox {
                objectName: "groupSpin"
                from: 1
                to: 10000
                editable: true
                value: point.groupSize
                onValueModified: point.groupSize = value
            }
        }

        GridLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            columns: 3
            rowSpacing: 10
            columnSpacing: 10
            Repeater {
                model: point.categories
                delegate: Button {
                    objectName: "category_" + modelData.key
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    Layout.minimumHeight: 64
                    onClicked: point.log(modelData.key)
                    onPressAndHold: { groupDialog.category = modelData.key; groupDialog.open() }
                    background: Rectangle {
                        radius: 10
                        color: parent.down ? "#F3D9CB" : "#FBE9E0"
                        border.color: "#EBC7B5"
                    }
                    contentItem: ColumnLayout {
                        spacing: 2
                        Label {
                            text: modelData.label
                            font.pixelSize: 19
                            font.bold: true
                            horizontalAlignment: Text.AlignHCenter
                            Layout.fillWidth: true
                        }
                        Label {
                            text: modelData.people > 0 ? qsTr("%n today", "", modelData.people) : " "
                            font.pixelSize: 13
                            opacity: 0.7
                            horizontalAlignment: Text.AlignHCenter
                            Layout.fillWidth: true
                        }
                    }
                }
            }
        }

        HErrorText { text: point.errorString }

        Rectangle {
            Layout.fillWidth: true
            implicitHeight: 52
            radius: 8
            color: "#F6EFEA"
            RowLayout {
                anchors.fill: parent
                anchors.leftMargin: 12
                anchors.rightMargin: 4
                Label {
                    objectName: "lastEntry"
                    text: point.canUndo ? qsTr("Last: %1").arg(point.lastEntry) : qsTr("Nothing logged today yet")
                    elide: Text.ElideRight
                    font.pixelSize: 15
                    Layout.fillWidth: true
                }
                Button {
                    objectName: "undoButton"
                    visible: !!Session.effectiveRole && Session.may("service", "delete")
                    enabled: point.canUndo
                    flat: true
                    text: qsTr("Undo")
                    onClicked: point.undo()
                }
            }
        }
    }

    Dialog {
        id: groupDialog
        property string category
        title: qsTr("How many people?")
        modal: true
        anchors.centerIn: parent
        standardButtons: Dialog.Ok | Dialog.Cancel
        SpinBox { id: groupCount; from: 1; to: 10000; editable: true; value: 2 }
        onAccepted: { point.groupSize = groupCount.value; point.log(category) }
    }
}
