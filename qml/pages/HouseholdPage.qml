// SPDX-License-Identifier: GPL-3.0-or-later
// A household: where, who lives in it, every visit to it or its members; a visit to the whole
// household from here.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Hearth
import Hearth.Controllers

Page {
    id: page
    property alias householdId: household.householdId
    readonly property var h: household.household

    HouseholdController {
        id: household
        objectName: "householdController"
        session: Session
    }
    StackView.onActivated: household.refresh()

    header: HToolBar {
        title: h.headName ? qsTr("Household of %1").arg(h.headName) : qsTr("Household")
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
            spacing: 16

            HErrorText { text: household.errorString }

            HSection {
                HLine { label: qsTr("Village"); value: h.place || "—" }
                HLine { label: qsTr("Address"); value: h.address || "—" }
                HLine {
                    visible: (h.hardship || []).length > 0
                    label: qsTr("Hardship")
                    value: (h.hardship || []).join("、")
                }
            }

            HPrimaryButton {
                objectName: "householdVisitButton"
                visible: !!Session.effectiveRole && Session.may("visit", "create")
                text: qsTr("New visit to the household")
                onClicked: page.StackView.view.push(Qt.resolvedUrl("VisitPage.qml"), {householdId: page.householdId})
            }

            HSection {
                title: qsTr("Members")
                note: qsTr("%n people", "", household.members.length)
                Repeater {
                    model: household.members
                    delegate: HLine {
                        label: modelData.relation || qsTr("Member")
                        value: modelData.name + (modelData.status ? "（" + modelData.status + "）" : "")
                        leads: true
                        onClicked: page.StackView.view.push(Qt.resolvedUrl("PersonPage.qml"), {personId: modelData.personId})
                    }
                }
            }

            HSection {
                title: qsTr("Visits")
                HVisitList { visits: household.visits }
            }
        }
    }
}
