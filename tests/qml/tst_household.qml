// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtTest
import Hearth
import Hearth.Controllers

TestCase {
    name: "HouseholdAndFilePages"
    when: windowShown

    PersonController { id: creator; session: Session }
    property string personId

    function initTestCase() {
        // Added through the app, so (like an imported person) the head of a new household.
        personId = creator.create({name: "王五", area: "荣县旭阳镇东街社区", status: "returned"})
        verify(personId.length > 0, creator.errorString)
    }
    Component { id: stack; StackView { width: 360; height: 780; initialItem: Item {} } }
    Component { id: personPage; PersonPage {} }

    function test_fromPersonToHouseholdAndBack() {
        const view = createTemporaryObject(stack, this)
        view.push(personPage, {personId: personId})
        const person = view.currentItem
        compare(person.p.name, "王五")
        const line = findChild(person, "householdLine")
        line.clicked()
        tryCompare(view, "depth", 3)
        const household = findChild(view.currentItem, "householdController")
        verify(household.found)
        compare(household.members.length, 1) // a person added alone heads their own household
        compare(household.members[0].name, "王五")
        compare(household.members[0].relation, "户主")
        findChild(view.currentItem, "householdVisitButton").clicked()
        tryCompare(view, "depth", 4)
        const visit = findChild(view.currentItem, "visitController")
        verify(visit.targetName.indexOf("户") >= 0 || visit.targetName.indexOf("Household") >= 0, visit.targetName)
        visit.discard()
    }

    function test_editTheWorkerFile() {
        const view = createTemporaryObject(stack, this)
        view.push(personPage, {personId: personId})
        findChild(view.currentItem, "editFileButton").clicked()
        tryCompare(view, "depth", 3)
        const file = view.currentItem
        compare(findChild(file, "nameField").text, "王五")
        findChild(file, "employerField").text = "深圳某电子厂"
        findChild(file, "saveFileButton").clicked()
        tryCompare(view, "depth", 2) // back on the person page, which shows the change
        tryCompare(view.currentItem.p, "employer", "深圳某电子厂")
    }
}
