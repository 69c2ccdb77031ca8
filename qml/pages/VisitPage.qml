// SPDX-License-Identifier: GPL-3.0-or-later
// A new visit. Everything typed is kept as a draft in the store as it is typed; "Save" is
// confirmed only after the commit. Location: live accuracy, and a plain "no fix yet".
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import QtQuick.Dialogs
import Hearth
import Hearth.Controllers

Page {
    id: page
    property string personId
    property string householdId

    VisitController {
        id: visit
        objectName: "visitController"
        session: Session
        position: Position
        Component.onCompleted: {
            if (page.personId.length > 0) personId = page.personId
            else if (page.householdId.length > 0) householdId = page.householdId
        }
        onSaved: savedNote.open()
    }
    StackView.onDeactivating: visit.flushDraft()

    header: HToolBar {
        title: qsTr("New visit")
        onBack: { visit.flushDraft(); page.StackView.view.pop() }
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
            spacing: 14

            ColumnLayout {
                spacing: 2
                Label {
                    objectName: "targetName"
                    text: visit.targetName
                    font.pixelSize: 22
                    font.bold: true
                }
                Label {
                    visible: visit.campaignName.length > 0
                    text: visit.campaignName
                    opacity: 0.7
                }
                Label {
                    objectName: "draftNote"
                    visible: visit.restoredDraft
                    text: qsTr("Unsaved draft restored")
                    color: Material.color(Material.Orange, Material.Shade800)
                }
            }

            // Location: the one thing people check before saving.
            Rectangle {
                objectName: "locationStrip"
                Layout.fillWidth: true
                implicitHeight: locationColumn.implicitHeight + 20
                radius: 8
                color: Position.usable ? "#E8F5E9" : "#FFF3E0"
                ColumnLayout {
                    id: locationColumn
                    x: 12
                    y: 10
                    width: parent.width - 24
                    spacing: 2
                    Label {
                        objectName: "locationText"
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        font.pixelSize: 16
                        font.bold: true
                        text: Position.usable ? qsTr("Located within %1 m").arg(Math.round(Position.accuracyM))
                              : Position.hasFix ? qsTr("Fix not accurate enough yet (%1 m, need %2 m)")
                                                  .arg(Math.round(Position.accuracyM)).arg(Position.accuracyLimitM)
                              : qsTr("No fix yet")
                    }
                    Label {
                        visible: !Position.usable
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        font.pixelSize: 13
                        opacity: 0.8
                        text: qsTr("%1. You can save without a location; the reason is recorded.").arg(Position.reason)
                    }
                    Label {
                        objectName: "satellitesText"
                        visible: Position.satellites.length > 0
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        font.pixelSize: 13
                        opacity: 0.7
                        //: used/seen satellites by system, e.g. "北斗 BeiDou 7/10 · GPS 5/8"
                        text: qsTr("Satellites used/seen: %1").arg(Position.satellites)
                    }
                }
            }

            HSection {
                title: qsTr("Visit")
                Flow {
                    Layout.fillWidth: true
                    spacing: 6
                    Repeater {
                        model: visit.kinds
                        delegate: RadioButton {
                            objectName: "kind_" + modelData.key
                            text: modelData.label
                            checked: visit.kind === modelData.key
                            onClicked: visit.kind = modelData.key
                        }
                    }
                }
                Label { text: qsTr("Visitors, separated by 、"); font.pixelSize: 13; opacity: 0.7 }
                TextField {
                    objectName: "visitorsField"
                    Layout.fillWidth: true
                    text: visit.visitors
                    onTextEdited: visit.visitors = text
                }
            }

            HSection {
                title: qsTr("Needs raised")
                Repeater {
                    model: visit.needs
                    delegate: RowLayout {
                        Layout.fillWidth: true
                        Label {
                            text: modelData.label + (modelData.text.length > 0 ? "：" + modelData.text : "")
                            wrapMode: Text.Wrap
                            Layout.fillWidth: true
                        }
                        ToolButton { text: "×"; onClicked: visit.removeNeed(index) }
                    }
                }
                RowLayout {
                    Layout.fillWidth: true
                    ComboBox {
                        id: needBox
                        objectName: "needBox"
                        model: visit.needCategories
                        textRole: "label"
                        valueRole: "key"
                        Layout.preferredWidth: 140
                    }
                    TextField {
                        id: needText
                        objectName: "needText"
                        Layout.fillWidth: true
                        placeholderText: qsTr("Details")
                    }
                    Button {
                        objectName: "addNeedButton"
                        text: qsTr("Add")
                        onClicked: { visit.addNeed(needBox.currentValue, needText.text); needText.text = "" }
                    }
                }
            }

            HSection {
                title: qsTr("Help given")
                CheckBox {
                    objectName: "letterBox"
                    text: qsTr("Condolence letter delivered")
                    checked: visit.letterDelivered
                    onToggled: visit.letterDelivered = checked
                }
                Repeater {
                    model: visit.goods
                    delegate: RowLayout {
                        Layout.fillWidth: true
                        Label { text: modelData.item + " × " + modelData.quantity; Layout.fillWidth: true }
                        ToolButton { text: "×"; onClicked: visit.removeGoods(index) }
                    }
                }
                TextField {
                    id: goodsItem
                    objectName: "goodsItem"
                    Layout.fillWidth: true
                    placeholderText: qsTr("Goods, e.g. 米 10 kg")
                }
                RowLayout {
                    Layout.fillWidth: true
                    Item { Layout.fillWidth: true }
                    SpinBox {
                        id: goodsQty
                        from: 1
                        to: 999
                        value: 1
                    }
                    Button {
                        text: qsTr("Add")
                        onClicked: { visit.addGoods(goodsItem.text, goodsQty.value); goodsItem.text = ""; goodsQty.value = 1 }
                    }
                }
                TextField {
                    objectName: "cashField"
                    Layout.fillWidth: true
                    placeholderText: qsTr("Cash given, yuan")
                    inputMethodHints: Qt.ImhFormattedNumbersOnly
                    text: visit.cashYuan
                    onTextEdited: visit.cashYuan = text
                }
                HErrorText { text: visit.cashError; horizontalAlignment: Text.AlignLeft }
            }

            HSection {
                title: qsTr("Notes and photos")
                TextArea {
                    objectName: "notesField"
                    Layout.fillWidth: true
                    placeholderText: qsTr("What was seen and said")
                    wrapMode: TextEdit.Wrap
                    text: visit.notes
                    onTextChanged: if (text !== visit.notes) visit.notes = text
                }
                Flow {
                    Layout.fillWidth: true
                    spacing: 8
                    Repeater {
                        model: visit.photos
                        delegate: Image {
                            width: 96
                            height: 96
                            fillMode: Image.PreserveAspectCrop
                            source: modelData.thumbnail
                            MouseArea { anchors.fill: parent; onPressAndHold: visit.removePhoto(index) }
                        }
                    }
                }
                RowLayout {
                    Button {
                        objectName: "cameraButton"
                        visible: visit.hasCamera
                        text: qsTr("Take photo")
                        onClicked: visit.openCamera()
                    }
                    Button {
                        objectName: "photoFileButton"
                        text: qsTr("Add photo from file…")
                        onClicked: photoDialog.open()
                    }
                }
            }

            HErrorText { text: visit.errorString }

            HPrimaryButton {
                objectName: "saveVisitButton"
                enabled: visit.targetName.length > 0 && visit.cashError.length === 0
                text: qsTr("Save visit")
                onClicked: visit.save()
            }
            Button {
                flat: true
                Layout.alignment: Qt.AlignHCenter
                text: qsTr("Discard")
                onClicked: { visit.discard(); page.StackView.view.pop() }
            }
        }
    }

    Connections {
        target: visit
        function onCameraReady() { cameraLoader.active = true }
    }

    // The camera is made only when asked for: it is slow to start and absent on most desktops.
    Loader {
        id: cameraLoader
        anchors.fill: parent
        active: false
        sourceComponent: HCameraSheet {
            onCaptureReady: capture => visit.attachCamera(capture)
            onDone: cameraLoader.active = false
        }
    }

    FileDialog {
        id: photoDialog
        nameFilters: [qsTr("Photos (*.jpg *.jpeg *.png)")]
        onAccepted: visit.addPhotoFile(selectedFile)
    }

    Dialog {
        id: savedNote
        objectName: "savedNote"
        modal: true
        anchors.centerIn: parent
        title: qsTr("Visit saved")
        standardButtons: Dialog.Ok
        Label { text: qsTr("Saved on this device. It will be sent at the next sync.") ; wrapMode: Text.Wrap; width: 280 }
        onClosed: page.StackView.view.pop()
    }
}
