// SPDX-License-Identifier: GPL-3.0-or-later
// A secondary action: outlined, as tall as the primary one. Drawn by hand for the same reason
// as HPrimaryButton (Material's button face is blank under the software renderer).
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts

Button {
    id: control
    Layout.fillWidth: true
    Layout.preferredHeight: 52
    font.pixelSize: 16
    background: Rectangle {
        implicitHeight: 52
        radius: 4
        color: control.down ? "#F3ECE7" : "white"
        border.color: control.enabled ? control.Material.accent : "#E0E0E0"
        border.width: 1
    }
    contentItem: Label {
        text: control.text
        font: control.font
        color: control.enabled ? control.Material.accent : "#9E9E9E"
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        elide: Text.ElideRight
    }
}
