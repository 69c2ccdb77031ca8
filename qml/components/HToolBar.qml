// SPDX-License-Identifier: GPL-3.0-or-later
// A page's title bar: back when the page was pushed, a title, and actions on the right.
// A plain fill: Material's elevation layer needs shaders the software renderer lacks.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts

ToolBar {
    id: bar
    property string title
    property bool canGoBack: true
    default property alias actions: actionRow.data
    signal back()

    Material.foreground: "white"
    background: Rectangle {
        implicitHeight: 56
        color: bar.Material.primary
    }
    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: bar.canGoBack ? 0 : 16
        anchors.rightMargin: 8
        spacing: 0
        ToolButton {
            objectName: "backButton"
            visible: bar.canGoBack
            text: "‹"
            font.pixelSize: 28
            Accessible.name: qsTr("Back")
            onClicked: bar.back()
        }
        Label {
            text: bar.title
            font.pixelSize: 20
            font.bold: true
            elide: Text.ElideRight
            Layout.fillWidth: true
        }
        RowLayout {
            id: actionRow
            spacing: 0
        }
    }
}
