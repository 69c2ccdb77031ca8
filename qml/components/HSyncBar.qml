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

    SyncStateController {
        id: sync
        session: Session
    }
    Rectangle { width: parent.width; height: 1; color: "#E7E1DC" }
    Label {
        objectName: "syncText"
        anchors.fill: parent
        anchors.leftMargin: 16
        anchors.rightMargin: 16
        verticalAlignment: Text.AlignVCenter
        elide: Text.ElideRight
        font.pixelSize: 13
        opacity: 0.8
        text: (sync.waitingRecords === 0 && sync.waitingPhotos === 0
               ? qsTr("Everything sent")
               : qsTr("Waiting to send: %1 records, %2 photos").arg(sync.waitingRecords).arg(sync.waitingPhotos))
              + "  ·  " + (sync.lastSync.length > 0 ? qsTr("last sync %1").arg(sync.lastSync) : qsTr("never synced"))
    }
}
