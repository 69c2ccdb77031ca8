// SPDX-License-Identifier: GPL-3.0-or-later
// One line in a section: a label on the left, its value on the right; tappable when it leads on.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ItemDelegate {
    id: line
    property string label
    property string value
    property bool leads: false
    Layout.fillWidth: true
    implicitHeight: Math.max(44, row.implicitHeight + 12)
    padding: 0
    hoverEnabled: leads
    down: leads && pressed
    background: Rectangle { color: line.down ? "#F3ECE7" : "transparent"; radius: 4 }
    contentItem: RowLayout {
        id: row
        spacing: 12
        Label {
            text: line.label
            font.pixelSize: 15
            opacity: 0.65
            Layout.preferredWidth: Math.min(implicitWidth, line.width * 0.4)
            elide: Text.ElideRight
        }
        Label {
            text: line.value
            font.pixelSize: 15
            wrapMode: Text.Wrap
            horizontalAlignment: Text.AlignRight
            Layout.fillWidth: true
        }
        Label {
            visible: line.leads
            text: "›"
            font.pixelSize: 20
            opacity: 0.4
        }
    }
}
