// SPDX-License-Identifier: GPL-3.0-or-later
// A visit history (newest first) inside a section: date and kind, then who, needs, help, photos
// and whether the location was recorded; the photos' thumbnails, each opening the photo. A photo
// taken on another device shows a placeholder until it has come from the server.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ColumnLayout {
    id: list
    property var visits: []
    Layout.fillWidth: true
    spacing: 10

    Label {
        visible: list.visits.length === 0
        text: qsTr("Not visited yet.")
        opacity: 0.7
    }
    Repeater {
        model: list.visits
        delegate: ColumnLayout {
            id: visitItem
            readonly property var visit: modelData
            Layout.fillWidth: true
            spacing: 2
            Label { text: modelData.date + "  " + modelData.kind; font.bold: true; font.pixelSize: 15 }
            Label {
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                font.pixelSize: 13
                opacity: 0.75
                text: [modelData.visitors, modelData.needs,
                       modelData.cash.length > 0 ? qsTr("¥%1 given").arg(modelData.cash) : "",
                       modelData.photos > 0 ? qsTr("%n photo(s)", "", modelData.photos) : "",
                       modelData.location].filter(s => s.length > 0).join(" · ")
            }
            // A supervisor's word on it: returned (to correct) stands out; approved is quiet.
            Label {
                objectName: "review_" + index
                visible: modelData.reviewText.length > 0
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                font.pixelSize: 13
                font.bold: modelData.reviewDecision === "returned"
                color: modelData.reviewDecision === "returned" ? "#B7412F" : "#2E7D32"
                text: (modelData.reviewDecision === "returned" ? "⚠ " : "✓ ") + modelData.reviewText
            }
            Flow {
                visible: modelData.thumbs.length > 0
                Layout.fillWidth: true
                spacing: 6
                Repeater {
                    model: visitItem.visit.thumbs
                    delegate: HPhotoThumb {
                        thumb: modelData
                        photo: visitItem.visit.photoHashes[index]
                    }
                }
            }
            Label {
                visible: modelData.notes.length > 0
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                font.pixelSize: 13
                text: modelData.notes
            }
        }
    }
}
