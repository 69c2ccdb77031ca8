// SPDX-License-Identifier: GPL-3.0-or-later
// A titled block of a page: a small heading and its content on a white card.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts

ColumnLayout {
    id: section
    property string title
    property string note // a short figure on the right of the heading
    default property alias content: body.data
    Layout.fillWidth: true
    spacing: 6

    RowLayout {
        Layout.fillWidth: true
        Layout.leftMargin: 4
        Layout.rightMargin: 4
        visible: section.title.length > 0
        Label {
            text: section.title
            font.pixelSize: 14
            font.bold: true
            color: Material.accent
            Layout.fillWidth: true
        }
        Label {
            text: section.note
            font.pixelSize: 13
            opacity: 0.7
        }
    }
    Rectangle {
        Layout.fillWidth: true
        implicitHeight: body.implicitHeight + 24
        radius: 8
        color: "white"
        border.color: "#E7E1DC"
        ColumnLayout {
            id: body
            x: 12
            y: 12
            width: parent.width - 24
            spacing: 8
        }
    }
}
