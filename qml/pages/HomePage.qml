// SPDX-License-Identifier: GPL-3.0-or-later
// Home, per role: coverage and follow-ups for a cadre or supervisor, today's tally for a
// volunteer, files and cases for a station. The figures come from HomeController.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Hearth
import Hearth.Controllers

Page {
    id: home
    readonly property bool areaRole: Session.role === "cadre" || Session.role === "supervisor"

    HomeController {
        id: dash
        objectName: "homeController"
        session: Session
    }
    StackView.onActivated: dash.refresh()

    function open(component, properties) { home.StackView.view.push(component, properties || {}) }

    header: HToolBar {
        title: qsTr("Hearth")
        canGoBack: false
        ToolButton {
            objectName: "settingsButton"
            text: qsTr("Settings")
            font.pixelSize: 15
            onClicked: home.open(settingsPage)
        }
        ToolButton {
            objectName: "lockButton"
            text: qsTr("Lock")
            font.pixelSize: 15
            onClicked: Session.lock()
        }
    }

    Flickable {
        anchors.fill: parent
        contentHeight: column.implicitHeight + 32
        clip: true
        ColumnLayout {
            id: column
            width: Math.min(home.width - 32, 720)
            x: (home.width - width) / 2
            y: 16
            spacing: 16

            ColumnLayout {
                spacing: 2
                Label {
                    objectName: "greeting"
                    text: qsTr("Hello, %1").arg(Session.userName)
                    font.pixelSize: 22
                    font.bold: true
                }
                Label {
                    objectName: "place"
                    text: dash.place
                    visible: text.length > 0
                    font.pixelSize: 15
                    opacity: 0.7
                    wrapMode: Text.Wrap
                    Layout.fillWidth: true
                }
            }

            // Visits a supervisor sent back, with why: first, so they are seen.
            HSection {
                objectName: "returnedSection"
                visible: dash.returned.length > 0
                title: qsTr("Returned by your supervisor")
                note: qsTr("%n visit(s)", "", dash.returned.length)
                Repeater {
                    model: dash.returned
                    delegate: ColumnLayout {
                        Layout.fillWidth: true
                        spacing: 0
                        HLine {
                            objectName: "returned_" + index
                            Layout.fillWidth: true
                            label: modelData.name
                            value: modelData.date
                            leads: true
                            onClicked: modelData.personId.length > 0
                                       ? home.open(personPage, {personId: modelData.personId})
                                       : home.open(householdPage, {householdId: modelData.householdId})
                        }
                        Label {
                            Layout.fillWidth: true
                            wrapMode: Text.Wrap
                            font.pixelSize: 14
                            color: "#B7412F"
                            text: qsTr("%1: %2").arg(modelData.reviewer).arg(modelData.comment)
                        }
                    }
                }
            }

            // Cadre and supervisor: the running campaign's coverage.
            HSection {
                visible: home.areaRole
                title: dash.hasCampaign ? dash.campaignName : qsTr("Visits")
                note: dash.hasCampaign ? qsTr("until %1").arg(dash.campaignEndsOn) : ""
                Label {
                    objectName: "coverageText"
                    text: dash.hasCampaign ? qsTr("%1 of %2 households visited").arg(dash.visited).arg(dash.households)
                                           : qsTr("No campaign is running for this area.")
                    font.pixelSize: dash.hasCampaign ? 20 : 15
                    font.bold: dash.hasCampaign
                    wrapMode: Text.Wrap
                    Layout.fillWidth: true
                }
                ProgressBar {
                    visible: dash.hasCampaign
                    Layout.fillWidth: true
                    from: 0
                    to: Math.max(1, dash.households)
                    value: dash.visited
                }
                Label {
                    visible: dash.hasCampaign && dash.unvisited.length > 0
                    text: qsTr("Not yet visited")
                    font.pixelSize: 13
                    opacity: 0.6
                }
                Repeater {
                    model: dash.unvisited
                    delegate: HLine {
                        objectName: "unvisited_" + index
                        label: modelData.headName
                        value: modelData.address
                        leads: true
                        onClicked: home.open(householdPage, {householdId: modelData.householdId})
                    }
                }
            }

            HSection {
                visible: home.areaRole
                title: qsTr("Follow-ups due")
                note: dash.followUpsDue > 0 ? qsTr("%n due", "", dash.followUpsDue) : ""
                Label {
                    visible: dash.followUps.length === 0
                    text: qsTr("Nothing due this week.")
                    opacity: 0.7
                    font.pixelSize: 15
                }
                Repeater {
                    model: dash.followUps
                    delegate: HLine {
                        label: modelData.personName + " · " + modelData.category
                        value: modelData.overdue ? qsTr("overdue %1").arg(modelData.dueOn) : modelData.dueOn
                        leads: true
                        onClicked: home.open(personPage, {personId: modelData.personId})
                    }
                }
            }

            // Volunteer: today's tally, and the big way in.
            HPrimaryButton {
                objectName: "travelPointButton"
                visible: Session.role === "volunteer"
                text: qsTr("Log help given")
                onClicked: home.open(travelPointPage)
            }
            HSection {
                visible: Session.role === "volunteer"
                title: qsTr("Today")
                note: qsTr("%n people served", "", dash.peopleServedToday)
                Label {
                    visible: dash.tally.length === 0
                    text: qsTr("Nothing logged today yet.")
                    opacity: 0.7
                    font.pixelSize: 15
                }
                Repeater {
                    model: dash.tally
                    delegate: HLine {
                        label: modelData.label
                        value: qsTr("%n people", "", modelData.people)
                    }
                }
            }

            // Branch station: files and cases.
            HPrimaryButton {
                objectName: "newFileButton"
                visible: Session.role === "station"
                text: qsTr("New worker file")
                onClicked: home.open(filePage)
            }
            HSection {
                visible: Session.role === "station"
                title: qsTr("Open cases")
                Label {
                    visible: dash.openCases.length === 0
                    text: qsTr("No open cases.")
                    opacity: 0.7
                    font.pixelSize: 15
                }
                Repeater {
                    model: dash.openCases
                    delegate: HLine {
                        label: modelData.personName + " · " + modelData.category
                        value: modelData.claimed.length > 0
                               ? qsTr("¥%1 of ¥%2 recovered").arg(modelData.recovered).arg(modelData.claimed)
                               : modelData.status
                        leads: true
                        onClicked: home.open(personPage, {personId: modelData.personId})
                    }
                }
            }
            HSection {
                visible: Session.role === "station"
                title: qsTr("Recent files")
                Label {
                    visible: dash.recentFiles.length === 0
                    text: qsTr("No files yet.")
                    opacity: 0.7
                    font.pixelSize: 15
                }
                Repeater {
                    model: dash.recentFiles
                    delegate: HLine {
                        label: modelData.name
                        value: modelData.employer
                        leads: true
                        onClicked: home.open(personPage, {personId: modelData.personId})
                    }
                }
            }

            GridLayout {
                Layout.fillWidth: true
                columns: 2
                columnSpacing: 12
                rowSpacing: 12
                HButton {
                    objectName: "registryButton"
                    Layout.preferredWidth: 1
                    text: qsTr("Registry")
                    onClicked: home.open(registryPage)
                }
                HButton {
                    objectName: "followUpsButton"
                    Layout.preferredWidth: 1
                    visible: Session.role !== "volunteer"
                    text: Session.role === "station" ? qsTr("Cases") : qsTr("Follow-ups")
                    onClicked: home.open(followUpsPage)
                }
                HButton {
                    objectName: "jobFairsButton"
                    Layout.preferredWidth: 1
                    visible: Session.may("job_fair", "create")
                    text: qsTr("Job fairs")
                    onClicked: home.open(jobFairPage)
                }
                HButton {
                    objectName: "certificatesButton"
                    Layout.preferredWidth: 1
                    visible: Session.may("certificate", "create")
                    text: qsTr("Certificates")
                    onClicked: home.open(certificatePage)
                }
            }
        }
    }

    Component { id: registryPage; RegistryPage {} }
    Component { id: personPage; PersonPage {} }
    Component { id: householdPage; HouseholdPage {} }
    Component { id: travelPointPage; TravelPointPage {} }
    Component { id: filePage; PersonFilePage {} }
    Component { id: followUpsPage; FollowUpsPage {} }
    Component { id: settingsPage; SettingsPage {} }
    Component { id: jobFairPage; JobFairPage {} }
    Component { id: certificatePage; CertificatePage {} }
}
