// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts

Label {
    Layout.fillWidth: true
    visible: text.length > 0
    color: Material.color(Material.Red, Material.Shade700)
    wrapMode: Text.Wrap
    horizontalAlignment: Text.AlignHCenter
    font.pixelSize: 15
}
