// SPDX-License-Identifier: GPL-3.0-or-later
// Certificates handled (证照办理), one person per tap: pick the outcome if it is not "done",
// tap the kind. Today's count is on each button; an entry logged in error is voided.
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
        objectName: "certificateController"
        session: Session
    }
    Component.onCompleted: report.refresh()

    header: HToolBar {
        title: qsTr("Certificates")
        onBack: page.StackView.view.pop()
    }

    Flickable {
        anchors.fill: parent
        contentHeight: column.implicitHeight + 32
        clip: true
        ColumnLayout {
            id: column
            width: Math.min(page.width - 24, 720)
            x: (page.width - width) / 2
            y: 12
            spacing: 12

            Label {
                objectName: "monthCertificates"
                text: qsTr("This month: %n handled", "", report.monthCertificates)
                font.pixelSize: 20
                font.bold: true
            }
            RowLayout {
                Layout.fillWidth: true
                Label {
                    text: qsTr("Outcome")
                    font.pixelSize: 15
                }
                ComboBox {
                    id: outcome
                    objectName: "outcomeBox"
                    Layout.fillWidth: true
                    textRole: "label"
                    valueRole: "key"
                    model: report.outcomes
                }
            }
            GridLayout {
                Layout.fillWidth: true
                columns: page.width > 560 ? 3 : 2
                rowSpacing: 10
                columnSpacing: 10
                Repeater {
                    model: report.certificateKinds
                    delegate: Button {
                        objectName: "certificate_" + modelData.key
                        Layout.fillWidth: true
                        Layout.preferredWidth: 1
                        Layout.preferredHeight: 84
                        onClicked: report.addCertificate(modelData.key, outcome.currentValue)
                        background: Rectangle {
                            radius: 10
                            color: parent.down ? "#F3D9CB" : "#FBE9E0"
                            border.color: "#EBC7B5"
                        }
                        contentItem: ColumnLayout {
                            spacing: 2
                            Label {
                                text: modelData.label
                                font.pixelSize: 17
                                font.bold: true
                                wrapMode: Text.Wrap
                                horizontalAlignment: Text.AlignHCenter
                                Layout.fillWidth: true
                            }
                            Label {
                                text: modelData.today > 0 ? qsTr("%n today", "", modelData.today) : " "
                                font.pixelSize: 13
                                opacity: 0.7
                                horizontalAlignment: Text.AlignHCenter
                                Layout.fillWidth: true
                            }
                        }
                    }
                }
            }
            HErrorText { text: report.errorString }

            HSection {
                title: qsTr("Recent")
                note: report.countsIn.length > 0 ? qsTr("Counts in %1").arg(report.countsIn) : ""
                Label {
                    visible: report.certificates.length === 0
                    text: qsTr("Nothing logged yet.")
                    opacity: 0.7
                    font.pixelSize: 15
                }
                Repeater {
                    model: report.certificates
                    delegate: RowLayout {
                        Layout.fillWidth: true
                        opacity: modelData.voided ? 0.5 : 1
                        ColumnLayout {
                            spacing: 0
                            Layout.fillWidth: true
                            Label {
                                text: modelData.label + " · " + modelData.outcome
                                      + (modelData.voided ? "  " + qsTr("(voided)") : "")
                                font.pixelSize: 15
                                font.strikeout: modelData.voided
                                wrapMode: Text.Wrap
                                Layout.fillWidth: true
                            }
                            Label {
                                text: modelData.time
                                font.pixelSize: 13
                                opacity: 0.65
                            }
                        }
                        Button {
                            visible: !modelData.voided && Session.may("certificate", "delete")
                            flat: true
                            text: qsTr("Void")
                            onClicked: report.voidEntry("certificate", modelData.id)
                        }
                    }
                }
            }
        }
    }
}
