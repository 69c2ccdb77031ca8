// SPDX-License-Identifier: GPL-3.0-or-later
// The page's main action: full width, tall enough for a thumb in gloves, busy while working.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts

Button {
    property bool busy: false
    Layout.fillWidth: true
    Layout.preferredHeight: 56
    highlighted: true
    font.pixelSize: 17
    enabled: !busy
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
