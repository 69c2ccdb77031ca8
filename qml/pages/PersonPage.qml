// SPDX-License-Identifier: GPL-3.0-or-later
// One person: masked numbers (reveal asks why, and is audited), tags, work, family, visits,
// follow-ups and cases; from here a new visit, the worker file, or a new case.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Hearth
import Hearth.Controllers

Page {
    id: page
    property alias personId: person.personId
    readonly property var p: person.person

    PersonController {
        id: person
        objectName: "personController"
        session: Session
    }
    StackView.onActivated: person.refresh()
    // Thumbnails of visits made on other devices come from the server when the history opens.
    Connections {
        target: person
        function onChanged() { if (person.missingThumbs.length > 0) Sync.fetchPhotos(person.missingThumbs) }
    }

    header: HToolBar {
        title: page.p.name || ""
        onBack: page.StackView.view.pop()
    }

    Flickable {
        objectName: "personFlick"
        anchors.fill: parent
        contentHeight: column.implicitHeight + 32
        clip: true
        ColumnLayout {
            id: column
            width: Math.min(page.width - 32, 720)
            x: (page.width - width) / 2
            y: 16
            spacing: 16

            HErrorText { text: person.errorString }

            HSection {
                Label {
                    text: [page.p.gender, page.p.age >= 0 ? qsTr("%n years", "", page.p.age) : "", page.p.status]
                          .filter(s => s && s.length > 0).join(" · ")
                    font.pixelSize: 15
                    opacity: 0.75
                }
                HLine { label: qsTr("Home village"); value: page.p.place || "" }
                HLine { objectName: "idNumberLine"; label: qsTr("ID number"); value: page.p.idNumber || "—" }
                HLine { objectName: "phoneLine"; label: qsTr("Phone"); value: page.p.phone || "—" }
                Button {
                    objectName: "revealButton"
                    visible: !!Session.effectiveRole && Session.hasPower("reveal")
                    flat: true
                    text: person.revealed ? qsTr("Hide numbers") : qsTr("Show full numbers…")
                    onClicked: person.revealed ? person.hide() : revealDialog.open()
                }
            }

            HSection {
                title: qsTr("Tags")
                Flow {
                    Layout.fillWidth: true
                    spacing: 8
                    Repeater {
                        model: page.p.tags || []
                        delegate: Button {
                            text: modelData + "  ×"
                            font.pixelSize: 14
                            flat: true
                            onClicked: person.removeTag(modelData)
                            background: Rectangle { radius: 14; color: "#FBE9E0"; implicitHeight: 32 }
                        }
                    }
                }
                RowLayout {
                    Layout.fillWidth: true
                    ComboBox {
                        id: tagBox
                        objectName: "tagBox"
                        editable: true
                        model: person.suggestedTags
                        Layout.fillWidth: true
                    }
                    Button {
                        objectName: "addTagButton"
                        visible: !!Session.effectiveRole && Session.may("person", "edit")
                        text: qsTr("Add")
                        onClicked: person.addTag(tagBox.editText)
                    }
                }
            }

            // The server found another record of this same person (the same ID number): both are
            // kept until a supervisor merges them.
            HSection {
                objectName: "sameAsSection"
                visible: person.sameAs.length > 0
                title: qsTr("Registered twice?")
                Label {
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    opacity: 0.75
                    text: qsTr("Another record has the same ID number. Both are kept until your supervisor merges them; record visits on either.")
                }
                Repeater {
                    model: person.sameAs
                    delegate: HLine {
                        label: qsTr("Also recorded as")
                        value: modelData.name
                        leads: true
                        onClicked: page.StackView.view.push(Qt.resolvedUrl("PersonPage.qml"), {personId: modelData.personId})
                    }
                }
            }

            HPrimaryButton {
                objectName: "newVisitButton"
                visible: !!Session.effectiveRole && Session.may("visit", "create")
                text: qsTr("New visit")
                onClicked: page.StackView.view.push(visitPage, {personId: page.personId})
            }

            HSection {
                title: qsTr("Work")
                HLine { label: qsTr("Works in"); value: [page.p.workProvince, page.p.workCity].filter(s => s).join(" ") || "—" }
                HLine { label: qsTr("Employer"); value: page.p.employer || "—" }
                HLine { label: qsTr("Occupation"); value: page.p.occupation || "—" }
                HLine { label: qsTr("Party member"); value: page.p.partyMember ? qsTr("Yes") : qsTr("No") }
                HLine { label: qsTr("Wishes"); value: page.p.wishes || "—" }
                HLine { label: qsTr("Followed by"); value: page.p.station || "—" }
                Button {
                    objectName: "editFileButton"
                    visible: !!Session.effectiveRole && Session.may("person", "edit")
                    flat: true
                    text: qsTr("Edit file")
                    onClicked: page.StackView.view.push(filePage, {personId: page.personId})
                }
            }

            HSection {
                title: qsTr("Family")
                note: person.household.address || ""
                HLine {
                    objectName: "householdLine"
                    visible: person.household.id !== undefined
                    label: qsTr("Household")
                    value: person.household.headName || ""
                    leads: true
                    onClicked: page.StackView.view.push(Qt.resolvedUrl("HouseholdPage.qml"), {householdId: person.household.id})
                }
                Label {
                    visible: person.family.length === 0
                    text: qsTr("No other household members recorded.")
                    opacity: 0.7
                }
                Repeater {
                    model: person.family
                    delegate: HLine {
                        label: modelData.relation || qsTr("Member")
                        value: modelData.name
                        leads: true
                        onClicked: page.StackView.view.push(Qt.resolvedUrl("PersonPage.qml"), {personId: modelData.personId})
                    }
                }
            }

            HSection {
                objectName: "visitsSection"
                title: qsTr("Visits")
                note: person.visits.length > 0 ? qsTr("%n visit(s)", "", person.visits.length) : ""
                HVisitList { visits: person.visits }
            }

            HSection {
                title: qsTr("Follow-ups and cases")
                Repeater {
                    model: person.followUps
                    delegate: HLine {
                        label: modelData.category + (modelData.dueOn ? " · " + modelData.dueOn : "")
                        value: modelData.claimed.length > 0
                               ? qsTr("%1 · ¥%2 of ¥%3").arg(modelData.status).arg(modelData.recovered).arg(modelData.claimed)
                               : modelData.status
                    }
                }
                Button {
                    objectName: "newCaseButton"
                    visible: !!Session.effectiveRole && Session.may("followup", "create")
                    flat: true
                    text: qsTr("New follow-up or case…")
                    onClicked: caseDialog.open()
                }
            }

            // Only for a person entered by mistake: once anything is recorded about them the
            // file can be corrected, never deleted (two taps; the second says what happens).
            ColumnLayout {
                visible: person.visits.length === 0 && person.followUps.length === 0
                Layout.fillWidth: true
                Layout.topMargin: 16
                property bool armed: false
                Button {
                    objectName: "deletePersonButton"
                    visible: !!Session.effectiveRole && Session.may("person", "delete")
                    flat: true
                    Material.foreground: Material.color(Material.Red, Material.Shade700)
                    text: parent.armed ? qsTr("Tap again to delete this file on every device")
                                       : qsTr("Delete this file (entered by mistake)")
                    onClicked: {
                        if (!parent.armed)
                            parent.armed = true
                        else if (person.remove())
                            page.StackView.view.pop()
                    }
                }
            }
        }
    }

    Dialog {
        id: revealDialog
        objectName: "revealDialog"
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
                id: reasonField
                objectName: "reasonField"
                placeholderText: qsTr("e.g. calling about the wage claim")
                Layout.fillWidth: true
            }
        }
        onOpened: reasonField.text = ""
        onAccepted: person.reveal(reasonField.text)
    }

    Dialog {
        id: caseDialog
        title: qsTr("New follow-up or case")
        modal: true
        anchors.centerIn: parent
        width: Math.min(page.width - 32, 420)
        standardButtons: Dialog.Ok | Dialog.Cancel
        ColumnLayout {
            anchors.fill: parent
            ComboBox {
                id: caseCategory
                Layout.fillWidth: true
                model: person.caseCategories
                textRole: "label"
                valueRole: "key"
            }
            TextField {
                id: caseDue
                Layout.fillWidth: true
                placeholderText: qsTr("Due date, e.g. 2027-01-15")
                inputMethodHints: Qt.ImhDate
            }
            TextField {
                id: caseClaimed
                Layout.fillWidth: true
                placeholderText: qsTr("Amount claimed in yuan (wage claims)")
                inputMethodHints: Qt.ImhFormattedNumbersOnly
            }
        }
        onAccepted: person.addCase(caseCategory.currentValue, caseDue.text, caseClaimed.text)
    }

    Component { id: visitPage; VisitPage {} }
    Component { id: filePage; PersonFilePage {} }
}
