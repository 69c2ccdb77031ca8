// SPDX-License-Identifier: GPL-3.0-or-later
// One photo of a visit as a thumbnail: tapped, the photo fills the window (fetched from the
// server first when it was taken on another device). Until a thumbnail is on this device, a
// placeholder says so.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import Hearth

Item {
    id: thumbItem
    property string thumb
    property string photo
    width: 72
    height: 72
    // The provider gives a 1×1 transparent image for a photo not on this device (no warning).
    readonly property bool shown: image.status === Image.Ready && image.implicitWidth > 1

    Rectangle {
        anchors.fill: parent
        radius: 4
        color: Material.color(Material.Grey, Material.Shade200)
        visible: !thumbItem.shown
        Label {
            anchors.fill: parent
            anchors.margins: 4
            text: qsTr("Photo not on this device yet")
            wrapMode: Text.Wrap
            horizontalAlignment: Text.AlignHCenter
            verticalAlignment: Text.AlignVCenter
            font.pixelSize: 10
            opacity: 0.7
        }
    }
    Image {
        id: image
        anchors.fill: parent
        // Loads again only when this photo arrived (photoRevision makes the binding look).
        source: thumbItem.thumb ? "image://media/" + thumbItem.thumb + "#" + (Sync.photoRevision, Sync.revisionOf(thumbItem.thumb)) : ""
        cache: false
        fillMode: Image.PreserveAspectCrop
        sourceSize: Qt.size(144, 144)
    }
    MouseArea {
        anchors.fill: parent
        onClicked: {
            Sync.fetchPhotos([thumbItem.thumb, thumbItem.photo], true)
            viewer.open()
        }
    }
    Popup {
        id: viewer
        parent: Overlay.overlay
        anchors.centerIn: parent
        width: parent ? parent.width : 0
        height: parent ? parent.height : 0
        modal: true
        padding: 0
        background: Rectangle { color: "black" }
        Image {
            id: full
            anchors.fill: parent
            source: viewer.visible && thumbItem.photo
                    ? "image://media/" + thumbItem.photo + "#" + (Sync.photoRevision, Sync.revisionOf(thumbItem.photo)) : ""
            cache: false
            asynchronous: false
            fillMode: Image.PreserveAspectFit
        }
        BusyIndicator {
            anchors.centerIn: parent
            running: viewer.visible && !(full.status === Image.Ready && full.implicitWidth > 1)
        }
        Label {
            anchors.horizontalCenter: parent.horizontalCenter
            anchors.bottom: parent.bottom
            anchors.bottomMargin: 24
            width: parent.width - 48
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.Wrap
            visible: !(full.status === Image.Ready && full.implicitWidth > 1)
            color: "white"
            text: waited.running ? qsTr("Fetching the photo from the server…")
                                 : qsTr("The photo cannot be fetched now: the server does not have it yet, or there is no connection.")
        }
        // How long "fetching" may honestly be said (a photo is a few hundred KB).
        Timer { id: waited; interval: 20000 }
        onOpened: waited.restart()
        MouseArea { anchors.fill: parent; onClicked: viewer.close() }
    }
}
