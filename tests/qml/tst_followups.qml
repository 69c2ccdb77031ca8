// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtTest
import Hearth
import Hearth.Controllers

TestCase {
    name: "FollowUpsPage"
    when: windowShown

    PeopleSearchModel { id: people; session: Session; query: "李明" }
    PersonController { id: person; session: Session }
    Component { id: stack; StackView { width: 360; height: 780; initialItem: FollowUpsPage {} } }

    function test_updateAWageClaim() {
        person.personId = people.data(people.index(0, 0), PeopleSearchModel.PersonIdRole)
        verify(person.addCase("wage_arrears", "2020-01-01", "6000"), person.errorString)
        const view = createTemporaryObject(stack, this)
        const page = view.currentItem
        const model = findChild(page, "followUpModel")
        tryVerify(() => model.count > 0)
        const list = findChild(page, "followUpList")
        waitForRendering(list)
        list.itemAtIndex(0).clicked()
        const dialog = findChild(page, "noteDialog")
        tryCompare(dialog, "opened", true)
        findChild(page, "noteText").text = "已联系用人单位"
        findChild(page, "statusBox").currentIndex = 2 // in progress
        dialog.accept()
        tryVerify(() => model.data(model.index(0, 0), FollowUpModel.StatusKeyRole) === "in_progress")
        verify(model.data(model.index(0, 0), FollowUpModel.OverdueRole))
    }
}
