// SPDX-License-Identifier: GPL-3.0-or-later
// The registry: search as you type over the people in the store. Numbers stay masked here.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Hearth
import Hearth.Controllers

Page {
    id: page

    PeopleSearchModel {
        id: people
        session: Session
        query: searchField.text
        areaCode: mineOnly.checked ? Session.areaCode : ""
        tags: tagFilter.currentIndex > 0 ? [tagFilter.currentText] : []
    }

    header: HToolBar {
        title: qsTr("Registry")
        onBack: page.StackView.view.pop()
        ToolButton {
            objectName: "newPersonButton"
            visible: !!Session.effectiveRole && Session.may("person", "create")
            text: qsTr("+ New")
            font.pixelSize: 15
            onClicked: page.StackView.view.push(Qt.resolvedUrl("PersonFilePage.qml"))
        }
    }

    ColumnLayout {
        // A readable column on a desktop window, the full width on a phone.
        width: Math.min(parent.width, 760)
        height: parent.height
        anchors.horizontalCenter: parent.horizontalCenter
        spacing: 0

        TextField {
            id: searchField
            objectName: "searchField"
            Layout.fillWidth: true
            Layout.margins: 12
            placeholderText: qsTr("Name, last digits of phone or ID, address")
            inputMethodHints: Qt.ImhNoPredictiveText
            font.pixelSize: 17
        }

        RowLayout {
            Layout.fillWidth: true
            Layout.leftMargin: 8
            Layout.rightMargin: 12
            CheckBox {
                id: mineOnly
                objectName: "mineOnly"
                visible: Session.areaCode.length > 0
                text: qsTr("My area only")
            }
            Item { Layout.fillWidth: true }
            ComboBox {
                id: tagFilter
                objectName: "tagFilter"
                model: [qsTr("All tags")].concat(people.suggestedTags)
                Layout.preferredWidth: 150
            }
        }

        Label {
            objectName: "resultCount"
            Layout.leftMargin: 16
            Layout.bottomMargin: 4
            text: people.browsing ? qsTr("%n people, by name", "", people.total)
                  : people.count >= people.limit ? qsTr("First %n shown; type more to narrow the list", "", people.count)
                  : searchField.text.length > 0 ? qsTr("%n match(es) shown", "", people.count)
                                                : qsTr("%n people shown", "", people.count)
            opacity: 0.6
            font.pixelSize: 13
        }

        ListView {
            id: list
            objectName: "peopleList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: people
            delegate: ItemDelegate {
                objectName: "person_" + index
                width: ListView.view.width
                height: 72
                onClicked: page.StackView.view.push(personPage, {personId: model.personId})
                contentItem: RowLayout {
                    spacing: 12
                    Rectangle {
                        Layout.preferredWidth: 40
                        Layout.preferredHeight: 40
                        radius: 20
                        color: Material.color(Material.Orange, Material.Shade50)
                        Label {
                            anchors.centerIn: parent
                            text: model.name.length > 0 ? model.name.charAt(0) : ""
                            font.pixelSize: 18
                            color: Material.color(Material.DeepOrange, Material.Shade400)
                        }
                    }
                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: 2
                        RowLayout {
                            spacing: 8
                            Label {
                                text: model.name
                                font.pixelSize: 17
                                font.bold: true
                                elide: Text.ElideRight
                            }
                            Label {
                                visible: model.status.length > 0
                                text: model.statusLabel
                                font.pixelSize: 12
                                color: model.status === "away" ? Material.color(Material.Blue, Material.Shade700)
                                                                : Material.color(Material.Green, Material.Shade700)
                            }
                            Item { Layout.fillWidth: true }
                        }
                        Label {
                            Layout.fillWidth: true
                            // The place, then one number to tell namesakes apart: the phone, else the ID.
                            text: [model.place, model.phone.length > 0 ? model.phone
                                                : model.idNumber.length > 0 ? qsTr("ID …%1").arg(model.idNumber.slice(-4)) : ""]
                                  .filter(s => s.length > 0).join("  ·  ")
                            font.pixelSize: 13
                            opacity: 0.7
                            elide: Text.ElideRight
                        }
                    }
                }
            }
            ScrollIndicator.vertical: ScrollIndicator {}
        }

        Label {
            objectName: "emptyText"
            visible: people.count === 0
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.margins: 24
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.Wrap
            text: searchField.text.length > 0 ? qsTr("Nobody matches. Try part of the name, or the last four digits of a phone or ID number.")
                                              : qsTr("No people in this store yet. Add one with “+ New”, import a ledger with hearthctl people import, or sync.")
            opacity: 0.7
            font.pixelSize: 15
        }
    }

    Component { id: personPage; PersonPage {} }
}
