// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Hearth
import Hearth.Controllers

Page {
    id: home

    header: ToolBar {
        Material.foreground: "white"
        // A plain fill: Material's elevation layer needs shaders the software renderer lacks.
        background: Rectangle {
            implicitHeight: 56
            color: Material.primary
        }
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 16
            anchors.rightMargin: 8
            Label {
                text: qsTr("Hearth")
                font.pixelSize: 20
                font.bold: true
                Layout.fillWidth: true
            }
            ToolButton {
                objectName: "lockButton"
                text: qsTr("Lock")
                font.pixelSize: 15
                onClicked: Session.lock()
            }
        }
    }

    ColumnLayout {
        anchors.centerIn: parent
        width: Math.min(parent.width - 48, 420)
        spacing: 12

        Rectangle {
            Layout.alignment: Qt.AlignHCenter
            width: 96
            height: 96
            radius: 48
            color: Material.color(Material.Orange, Material.Shade50)
            Label {
                anchors.centerIn: parent
                text: "暖"
                font.pixelSize: 44
                color: Material.color(Material.DeepOrange, Material.Shade400)
            }
        }
        Label {
            objectName: "emptyTitle"
            text: qsTr("Hearth")
            font.pixelSize: 22
            font.bold: true
            Layout.alignment: Qt.AlignHCenter
        }
        Label {
            text: qsTr("Everything is saved encrypted on this device and works without a network.")
            wrapMode: Text.Wrap
            horizontalAlignment: Text.AlignHCenter
            opacity: 0.75
            font.pixelSize: 15
            lineHeight: 1.2
            Layout.fillWidth: true
        }
        HPrimaryButton {
            objectName: "registryButton"
            Layout.topMargin: 12
            text: qsTr("Registry")
            onClicked: home.StackView.view.push(registryPage)
        }
    }

    Component {
        id: registryPage
        RegistryPage {}
    }
}
