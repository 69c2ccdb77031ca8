// SPDX-License-Identifier: GPL-3.0-or-later
// The foot of every unlocked page: what waits to be sent and the last sync, always visible.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Hearth.Controllers

Rectangle {
    id: bar
    property alias state_: sync
    implicitHeight: 36
    color: "#F6EFEA"

    // The app's one sync service (made in main.cpp): Settings shows the same rounds.
    readonly property var engine: Sync
    SyncStateController {
        id: sync
        session: Session
    }
    Connections {
        target: Sync
        function onFinished() { sync.refresh() }
    }
    Rectangle { width: parent.width; height: 1; color: "#E7E1DC" }
    Label {
        objectName: "syncText"
        anchors.fill: parent
        anchors.leftMargin: 16
        anchors.rightMargin: syncButton.visible ? syncButton.width + 8 : 16
        verticalAlignment: Text.AlignVCenter
        elide: Text.ElideRight
        font.pixelSize: 13
        opacity: 0.8
        color: engine.hasError ? Material.color(Material.Red, Material.Shade700) : Material.foreground
        text: engine.busy ? (engine.progress.length > 0 ? engine.progress : qsTr("Syncing…"))
              : engine.hasError ? engine.errorString
              : (sync.waitingRecords === 0 && sync.waitingPhotos === 0
               ? qsTr("Everything sent")
               : qsTr("Waiting to send: %1 records, %2 photos").arg(sync.waitingRecords).arg(sync.waitingPhotos))
              + (sync.conflicts > 0 ? "  ·  " + qsTr("%n conflict(s) to review", "", sync.conflicts) : "")
              + "  ·  " + (sync.lastSync.length > 0 ? qsTr("last sync %1").arg(sync.lastSync) : qsTr("never synced"))
    }
    ToolButton {
        id: syncButton
        objectName: "syncButton"
        visible: engine.enrolled
        enabled: !engine.busy
        anchors.right: parent.right
        anchors.verticalCenter: parent.verticalCenter
        height: parent.height
        text: qsTr("Sync")
        font.pixelSize: 14
        onClicked: engine.syncNow()
    }
}
