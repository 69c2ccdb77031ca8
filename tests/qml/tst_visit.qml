// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtTest
import Hearth
import Hearth.Controllers

TestCase {
    name: "VisitPage"
    when: windowShown

    PeopleSearchModel { id: people; session: Session; query: "张三" }
    PersonController { id: person; session: Session }
    Component { id: stack; StackView { width: 360; height: 780; initialItem: Item {} } }
    Component { id: visitPage; VisitPage {} }

    function test_fillSaveAndConfirm() {
        const id = people.data(people.index(0, 0), PeopleSearchModel.PersonIdRole)
        person.personId = id
        const before = person.visits.length
        const view = createTemporaryObject(stack, this)
        view.push(visitPage, {personId: id})
        const page = view.currentItem
        const visit = findChild(page, "visitController")
        compare(visit.targetName, "张三")
        compare(visit.visitors, "王芳") // the user, by default
        // No position source here: the page says so plainly, and saving still works.
        compare(findChild(page, "locationText").text, "No fix yet") // (no translator loaded in tests)
        // Cash is typed in yuan; a bad amount blocks saving with a reason.
        const cash = findChild(page, "cashField")
        cash.text = "12.345"
        cash.textEdited()
        verify(visit.cashError.length > 0)
        verify(!findChild(page, "saveVisitButton").enabled)
        cash.text = "300.5"
        cash.textEdited()
        compare(visit.cashError, "")
        findChild(page, "needText").text = "工资拖欠"
        findChild(page, "addNeedButton").clicked()
        compare(visit.needs.length, 1)
        findChild(page, "kind_phone").clicked()
        compare(visit.kind, "phone")
        findChild(page, "saveVisitButton").clicked()
        tryCompare(findChild(page, "savedNote"), "opened", true)
        person.refresh()
        compare(person.visits.length, before + 1)
        compare(person.visits[0].cash, "300.50")
        compare(person.visits[0].kind, visit.kinds.find(k => k.key === "phone").label)
    }

    function test_draftSurvivesThePageClosing() {
        const id = people.data(people.index(0, 0), PeopleSearchModel.PersonIdRole)
        let view = createTemporaryObject(stack, this)
        view.push(visitPage, {personId: id})
        let visit = findChild(view.currentItem, "visitController")
        visit.notes = "第二次上门，家中无人"
        visit.cashYuan = "50"
        wait(700) // the draft is written shortly after typing stops
        // A second page opened beside the first (the first never closed, as when the app is
        // killed) finds the draft in the store.
        const again = createTemporaryObject(stack, this)
        again.push(visitPage, {personId: id})
        visit = findChild(again.currentItem, "visitController")
        compare(visit.notes, "第二次上门，家中无人")
        compare(visit.cashYuan, "50")
        verify(visit.restoredDraft)
        visit.discard()
        compare(visit.notes, "")
    }
}
