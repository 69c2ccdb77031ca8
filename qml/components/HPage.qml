// SPDX-License-Identifier: GPL-3.0-or-later
// A centred column for the unlock-style pages: readable on a 5-inch phone and not stretched
// across a desktop window.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts

Page {
    id: page
    default property alias content: column.data
    property alias headline: heading.text
    property alias subtitle: sub.text

    Flickable {
        anchors.fill: parent
        contentHeight: column.implicitHeight + 64
        clip: true

        ColumnLayout {
            id: column
            width: Math.min(page.width - 48, 420)
            x: (page.width - width) / 2
            y: Math.max(32, (page.height - implicitHeight) / 3)
            spacing: 16

            Label {
                text: qsTr("Hearth")
                font.pixelSize: 15
                color: Material.accent
                font.bold: true
                Layout.alignment: Qt.AlignHCenter
            }
            Label {
                id: heading
                font.pixelSize: 26
                font.bold: true
                wrapMode: Text.Wrap
                horizontalAlignment: Text.AlignHCenter
                Layout.fillWidth: true
            }
            Label {
                id: sub
                visible: text.length > 0
                wrapMode: Text.Wrap
                horizontalAlignment: Text.AlignHCenter
                opacity: 0.75
                font.pixelSize: 15
                lineHeight: 1.2
                Layout.fillWidth: true
                Layout.bottomMargin: 8
            }
        }
    }
}
