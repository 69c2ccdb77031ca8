// SPDX-License-Identifier: GPL-3.0-or-later
// A worker's file at a branch station: new (no personId) or the work details of an existing
// person. Only changed fields are sent, so the outbox entry lists exactly what changed.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Hearth
import Hearth.Controllers

Page {
    id: page
    property alias personId: person.personId
    readonly property bool creating: personId.length === 0
    readonly property var p: person.person

    PersonController {
        id: person
        objectName: "fileController"
        session: Session
    }

    // The form's values by field key (personfields), filled from the person when editing.
    function values() {
        return {
            name: nameField.text, gender: genderBox.currentValue, id_number: idField.text, phone: phoneField.text,
            area: areaField.text, status: statusBox.currentValue, work_province: provinceField.text,
            work_city: cityField.text, employer: employerField.text, occupation: occupationField.text,
            party_member: partySwitch.checked, wishes: wishesField.text
        }
    }
    function changedValues() {
        const now = values()
        const before = {
            name: p.name, gender: p.genderKey, status: p.statusKey, work_province: p.workProvince,
            work_city: p.workCity, employer: p.employer, occupation: p.occupation,
            party_member: p.partyMember, wishes: p.wishes
        }
        const out = {}
        for (const key in before)
            if (now[key] !== before[key] && !(now[key] === "" && before[key] === undefined))
                out[key] = now[key]
        return out
    }
    function save(anyway) {
        if (page.creating) {
            const fields = values()
            fields.save_anyway = anyway === true
            const id = person.create(fields)
            if (id.length > 0)
                page.StackView.view.replace(page, Qt.resolvedUrl("PersonPage.qml"), {personId: id})
        } else if (person.edit(changedValues())) {
            page.StackView.view.pop()
        }
    }

    header: HToolBar {
        title: page.creating ? (Session.role === "station" ? qsTr("New worker file") : qsTr("New person")) : qsTr("Edit file")
        onBack: page.StackView.view.pop()
    }

    Flickable {
        id: flick
        anchors.fill: parent
        // Save stopped on a likely duplicate: show who, at the foot where the user tapped.
        readonly property bool showingDuplicates: page.creating && person.likelyDuplicates.length > 0
        onContentHeightChanged: if (showingDuplicates) contentY = Math.max(0, contentHeight - height)
        contentHeight: column.implicitHeight + 32
        clip: true
        ColumnLayout {
            id: column
            width: Math.min(page.width - 32, 720)
            x: (page.width - width) / 2
            y: 16
            spacing: 12

            HSection {
                title: qsTr("Person")
                TextField {
                    id: nameField
                    objectName: "nameField"
                    Layout.fillWidth: true
                    placeholderText: qsTr("Name")
                    text: page.p.name || ""
                }
                ComboBox {
                    id: genderBox
                    Layout.fillWidth: true
                    textRole: "label"
                    valueRole: "key"
                    model: [{key: "", label: qsTr("Gender (from the ID number)")}, {key: "M", label: qsTr("Male")},
                            {key: "F", label: qsTr("Female")}]
                    Component.onCompleted: currentIndex = Math.max(0, indexOfValue(page.p.genderKey || ""))
                }
                TextField {
                    id: idField
                    objectName: "idField"
                    visible: page.creating
                    Layout.fillWidth: true
                    placeholderText: qsTr("ID number (18 characters)")
                    inputMethodHints: Qt.ImhPreferNumbers
                }
                TextField {
                    id: phoneField
                    objectName: "phoneField"
                    visible: page.creating
                    Layout.fillWidth: true
                    placeholderText: qsTr("Mobile phone")
                    inputMethodHints: Qt.ImhDialableCharactersOnly
                }
                TextField {
                    id: areaField
                    objectName: "homeAreaField"
                    visible: page.creating
                    Layout.fillWidth: true
                    placeholderText: qsTr("Home village, e.g. 荣县旭阳镇双塘村")
                }
                Label {
                    visible: !page.creating
                    text: qsTr("Home village: %1").arg(page.p.place || "—")
                    opacity: 0.75
                }
                ComboBox {
                    id: statusBox
                    Layout.fillWidth: true
                    textRole: "label"
                    valueRole: "key"
                    model: [{key: "", label: qsTr("Status not recorded")}].concat(person.statuses)
                    Component.onCompleted: currentIndex = Math.max(0, indexOfValue(page.p.statusKey || ""))
                }
            }

            HSection {
                title: qsTr("Work")
                RowLayout {
                    Layout.fillWidth: true
                    TextField {
                        id: provinceField
                        Layout.fillWidth: true
                        placeholderText: qsTr("Province")
                        text: page.p.workProvince || ""
                    }
                    TextField {
                        id: cityField
                        Layout.fillWidth: true
                        placeholderText: qsTr("City")
                        text: page.p.workCity || ""
                    }
                }
                TextField {
                    id: employerField
                    objectName: "employerField"
                    Layout.fillWidth: true
                    placeholderText: qsTr("Employer")
                    text: page.p.employer || ""
                }
                TextField {
                    id: occupationField
                    Layout.fillWidth: true
                    placeholderText: qsTr("Occupation")
                    text: page.p.occupation || ""
                }
                CheckBox {
                    id: partySwitch
                    text: qsTr("Party member")
                    checked: page.p.partyMember || false
                }
                TextArea {
                    id: wishesField
                    Layout.fillWidth: true
                    placeholderText: qsTr("Wishes: return home, start a business, training…")
                    wrapMode: TextEdit.Wrap
                    text: page.p.wishes || ""
                }
            }

            HErrorText { text: person.errorString }

            // Likely the same person as someone already here: open them, or save anyway.
            HSection {
                objectName: "likelyDuplicates"
                visible: page.creating && person.likelyDuplicates.length > 0
                title: qsTr("Already on this device?")
                Repeater {
                    model: person.likelyDuplicates
                    delegate: HLine {
                        label: modelData.name
                        value: modelData.reason
                        leads: true
                        onClicked: page.StackView.view.push(Qt.resolvedUrl("PersonPage.qml"), {personId: modelData.personId})
                    }
                }
                HButton {
                    objectName: "saveAnywayButton"
                    text: qsTr("A different person: save anyway")
                    onClicked: page.save(true)
                }
            }

            HPrimaryButton {
                objectName: "saveFileButton"
                visible: !(page.creating && person.likelyDuplicates.length > 0)
                text: qsTr("Save")
                onClicked: page.save(false)
            }
        }
    }
}
