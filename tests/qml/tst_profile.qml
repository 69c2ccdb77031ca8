// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtTest
import Hearth
import Hearth.Controllers

TestCase {
    name: "ProfilePage"
    when: windowShown

    Component { id: page; ProfilePage { width: 360; height: 780 } }

    function cleanup() {
        // Back to the cadre the other tests expect.
        const p = createTemporaryObject(page, this)
        const c = findChild(p, "profileController")
        c.role = "cadre"
        c.userName = "王芳"
        c.areaCode = "510321100027"
        verify(c.save(), c.errorString)
    }

    function test_stationStaffNamesTheirStation() {
        const p = createTemporaryObject(page, this)
        const c = findChild(p, "profileController")
        findChild(p, "role_station").clicked()
        compare(c.role, "station")
        verify(!c.usesArea)
        findChild(p, "profileSaveButton").clicked() // no name, no station
        verify(c.errorString.length > 0)
        compare(Session.role, "cadre")
        findChild(p, "userNameField").text = "刘工"
        findChild(p, "userNameField").textEdited()
        findChild(p, "newStationField").text = "荣县驻广州工作站"
        findChild(p, "newStationField").textEdited()
        findChild(p, "profileSaveButton").clicked()
        compare(c.errorString, "")
        compare(Session.role, "station")
        compare(Session.userName, "刘工")
    }

    function test_cadreFindsTheVillageByName() {
        const p = createTemporaryObject(page, this)
        const c = findChild(p, "profileController")
        findChild(p, "role_cadre").clicked()
        verify(c.usesArea)
        findChild(p, "areaField").text = "东街"
        findChild(p, "areaField").textEdited()
        tryVerify(() => c.areas.length > 0)
        c.areaCode = c.areas[0].code
        verify(findChild(p, "chosenArea").text.indexOf("东街社区") >= 0)
    }
}
