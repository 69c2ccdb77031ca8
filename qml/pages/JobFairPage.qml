// SPDX-License-Identifier: GPL-3.0-or-later
// A job fair, logged once it is over: who held it, where, when, and its figures (the monthly
// report counts fairs held and people placed). Below, this month's total and the recent fairs;
// one logged in error is voided (kept, marked), never edited.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Hearth
import Hearth.Controllers

Page {
    id: page

    ReportController {
        id: report
        objectName: "reportController"
        session: Session
    }
    Component.onCompleted: report.refresh()

    function figures() {
        return {employers: employers.value, positions: positions.value, attendees: attendees.value,
                contracts: contracts.value, placed: placed.value}
    }

    header: HToolBar {
        title: qsTr("Job fairs")
        onBack: page.StackView.view.pop()
    }

    Flickable {
        anchors.fill: parent
        contentHeight: column.implicitHeight + 32
        clip: true
        ColumnLayout {
            id: column
            width: Math.min(page.width - 32, 720)
            x: (page.width - width) / 2
            y: 16
            spacing: 12

            Label {
                objectName: "monthFigure"
                text: qsTr("This month: %n fairs", "", report.monthFairs) + " · " + qsTr("%n placed", "", report.monthPlaced)
                font.pixelSize: 20
                font.bold: true
                wrapMode: Text.Wrap
                Layout.fillWidth: true
            }
            Label {
                visible: report.countsIn.length > 0
                text: qsTr("Counts in %1").arg(report.countsIn)
                font.pixelSize: 13
                opacity: 0.7
            }

            HSection {
                title: qsTr("Log a fair")
                TextField {
                    id: organiser
                    objectName: "organiserField"
                    Layout.fillWidth: true
                    placeholderText: qsTr("Organiser, e.g. 县就业服务局")
                }
                TextField {
                    id: place
                    objectName: "placeField"
                    Layout.fillWidth: true
                    placeholderText: qsTr("Place")
                }
                TextField {
                    id: heldOn
                    objectName: "heldOnField"
                    Layout.fillWidth: true
                    placeholderText: qsTr("Date held (YYYY-MM-DD)")
                    text: Qt.formatDate(new Date(), "yyyy-MM-dd")
                    inputMethodHints: Qt.ImhDate
                }
                GridLayout {
                    Layout.fillWidth: true
                    columns: page.width > 560 ? 4 : 2
                    columnSpacing: 8
                    rowSpacing: 4
                    Label { text: qsTr("Employers"); font.pixelSize: 14 }
                    SpinBox { id: employers; objectName: "employersSpin"; from: 0; to: 100000; editable: true; Layout.fillWidth: true }
                    Label { text: qsTr("Positions offered"); font.pixelSize: 14 }
                    SpinBox { id: positions; objectName: "positionsSpin"; from: 0; to: 10000000; editable: true; Layout.fillWidth: true }
                    Label { text: qsTr("People attending"); font.pixelSize: 14 }
                    SpinBox { id: attendees; objectName: "attendeesSpin"; from: 0; to: 10000000; editable: true; Layout.fillWidth: true }
                    Label { text: qsTr("Intention contracts"); font.pixelSize: 14 }
                    SpinBox { id: contracts; objectName: "contractsSpin"; from: 0; to: 10000000; editable: true; Layout.fillWidth: true }
                    Label { text: qsTr("People placed"); font.pixelSize: 14 }
                    SpinBox { id: placed; objectName: "placedSpin"; from: 0; to: 10000000; editable: true; Layout.fillWidth: true }
                }
                TextArea {
                    id: notes
                    Layout.fillWidth: true
                    placeholderText: qsTr("Notes")
                    wrapMode: TextEdit.Wrap
                }
                HErrorText { text: report.errorString }
                HPrimaryButton {
                    objectName: "saveFairButton"
                    Layout.fillWidth: true
                    text: qsTr("Save the fair")
                    onClicked: {
                        if (report.addJobFair(organiser.text, place.text, heldOn.text, page.figures(), notes.text)) {
                            place.text = ""
                            notes.text = ""
                            for (const box of [employers, positions, attendees, contracts, placed])
                                box.value = 0
                        }
                    }
                }
            }

            HSection {
                title: qsTr("Recent fairs")
                Label {
                    visible: report.fairs.length === 0
                    text: qsTr("No fairs logged yet.")
                    opacity: 0.7
                    font.pixelSize: 15
                }
                Repeater {
                    model: report.fairs
                    delegate: RowLayout {
                        Layout.fillWidth: true
                        opacity: modelData.voided ? 0.5 : 1
                        ColumnLayout {
                            spacing: 0
                            Layout.fillWidth: true
                            Label {
                                text: modelData.date + "  " + modelData.place + (modelData.voided ? "  " + qsTr("(voided)") : "")
                                font.pixelSize: 15
                                font.strikeout: modelData.voided
                                elide: Text.ElideRight
                                Layout.fillWidth: true
                            }
                            Label {
                                text: modelData.organiser + " · " + modelData.figures
                                font.pixelSize: 13
                                opacity: 0.65
                                wrapMode: Text.Wrap
                                Layout.fillWidth: true
                            }
                        }
                        Button {
                            visible: !modelData.voided && Session.may("job_fair", "delete")
                            flat: true
                            text: qsTr("Void")
                            onClicked: report.voidEntry("job_fair", modelData.id)
                        }
                    }
                }
            }
        }
    }
}
