// SPDX-License-Identifier: GPL-3.0-or-later
// A full-screen viewfinder. Captured frames go to C++ in memory (VisitController.attachCamera),
// never to a file.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtMultimedia

Rectangle {
    id: sheet
    signal captureReady(var capture)
    signal done()
    color: "black"

    CaptureSession {
        camera: Camera { active: true }
        imageCapture: ImageCapture {
            id: capture
            Component.onCompleted: sheet.captureReady(capture)
        }
        videoOutput: viewfinder
    }
    VideoOutput { id: viewfinder; anchors.fill: parent }
    RowLayout {
        anchors.bottom: parent.bottom
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.bottomMargin: 24
        spacing: 16
        Button { text: qsTr("Capture"); font.pixelSize: 18; onClicked: capture.capture() }
        Button { text: qsTr("Done"); font.pixelSize: 18; onClicked: sheet.done() }
    }
}
