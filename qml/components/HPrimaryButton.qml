// SPDX-License-Identifier: GPL-3.0-or-later
// The page's main action: full width, tall enough for a thumb in gloves, busy while working.
// Drawn with a plain fill: Material's raised button draws its face through an elevation effect
// that the software renderer (older phones, offscreen) leaves blank.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts

Button {
    id: control
    property bool busy: false
    Layout.fillWidth: true
    Layout.preferredHeight: 56
    highlighted: true
    font.pixelSize: 17
    enabled: !busy
    background: Rectangle {
        implicitHeight: 56
        radius: 4
        color: !control.enabled ? "#E0E0E0" : control.down ? Qt.darker(control.Material.accent, 1.15)
                                                           : control.Material.accent
    }
    contentItem: Label {
        text: control.text
        font: control.font
        color: control.enabled ? "white" : "#9E9E9E"
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        elide: Text.ElideRight
    }
    BusyIndicator {
        anchors.right: parent.right
        anchors.rightMargin: 12
        anchors.verticalCenter: parent.verticalCenter
        height: parent.height * 0.6
        width: height
        running: parent.busy
        visible: running
    }
}
