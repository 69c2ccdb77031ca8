// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtTest
import Hearth
import Hearth.Controllers

TestCase {
    name: "TravelPointPage"
    when: windowShown

    ProfileController { id: profile; session: Session }
    Component { id: stack; StackView { width: 360; height: 780; initialItem: TravelPointPage {} } }

    function init() {
        profile.role = "volunteer"
        profile.userName = "志愿者小陈"
        // The travel point the server sent (tst_pages.cpp puts it in the store).
        const point = profile.stations.find(s => s.kind === "travel_point")
        verify(point !== undefined)
        profile.stationId = point.id
        verify(profile.save(), profile.errorString)
    }
    function cleanup() {
        profile.role = "cadre"
        profile.userName = "王芳"
        profile.areaCode = "510321100027"
        verify(profile.save(), profile.errorString)
    }

    function test_oneTapAGroupAndUndo() {
        const view = createTemporaryObject(stack, this)
        const page = view.currentItem
        const point = findChild(page, "travelPointController")
        const start = point.peopleToday
        findChild(page, "category_ticket").clicked()
        compare(point.peopleToday, start + 1)
        findChild(page, "groupSpin").value = 4
        findChild(page, "groupSpin").valueModified()
        findChild(page, "category_luggage").clicked()
        compare(point.peopleToday, start + 5)
        compare(point.groupSize, 1)
        verify(findChild(page, "lastEntry").text.indexOf("×4") >= 0, findChild(page, "lastEntry").text)
        verify(findChild(page, "undoButton").enabled)
        findChild(page, "undoButton").clicked()
        compare(point.peopleToday, start + 1)
        verify(findChild(page, "todayTotal").text.indexOf(String(start + 1)) >= 0)
    }
}
