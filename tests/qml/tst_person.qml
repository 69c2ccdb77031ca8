// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtTest
import Hearth
import Hearth.Controllers

TestCase {
    name: "PersonPage"
    when: windowShown

    PeopleSearchModel { id: people; session: Session; query: "李明" }
    PersonController { id: creator; session: Session }
    Component { id: search; PeopleSearchModel { session: Session } }
    Component { id: stack; StackView { width: 360; height: 780 } }
    Component { id: personPage; PersonPage {} }
    Component { id: stackWithRoot; StackView { width: 360; height: 780; initialItem: Item {} } }

    function open() {
        const view = createTemporaryObject(stack, this)
        view.push(personPage, {personId: people.data(people.index(0, 0), PeopleSearchModel.PersonIdRole)})
        return view
    }

    function test_numbersAreMaskedUntilAReasonIsGiven() {
        const view = open()
        const page = view.currentItem
        compare(findChild(page, "idNumberLine").value, "110105********002X")
        compare(findChild(page, "phoneLine").value, "135****1111")
        findChild(page, "revealButton").clicked()
        const dialog = findChild(page, "revealDialog")
        tryCompare(dialog, "opened", true)
        dialog.accept() // no reason: refused
        tryCompare(dialog, "visible", false)
        compare(findChild(page, "idNumberLine").value, "110105********002X")
        verify(findChild(page, "personController").errorString.length > 0)
        findChild(page, "revealButton").clicked()
        tryCompare(dialog, "opened", true)
        findChild(page, "reasonField").text = "电话回访"
        dialog.accept()
        tryCompare(findChild(page, "idNumberLine"), "value", "11010519491231002X")
        compare(findChild(page, "phoneLine").value, "13500001111")
        findChild(page, "revealButton").clicked() // hide again
        compare(findChild(page, "phoneLine").value, "135****1111")
    }

    function test_tagsAndNewVisit() {
        const view = open()
        const page = view.currentItem
        const box = findChild(page, "tagBox")
        box.editText = "困难"
        findChild(page, "addTagButton").clicked()
        verify(page.p.tags.indexOf("困难") >= 0)
        findChild(page, "newVisitButton").clicked()
        tryCompare(view, "depth", 2)
        compare(findChild(view.currentItem, "targetName").text, "李明")
        findChild(view.currentItem, "visitController").discard()
    }

    function test_aFileEnteredByMistakeCanBeDeleted() {
        const id = creator.create({name: "赵错录", area: "荣县旭阳镇东街社区"})
        verify(id.length > 0, creator.errorString)
        const mistakes = createTemporaryObject(search, this, {query: "赵错录"})
        tryCompare(mistakes, "count", 1)
        const view = createTemporaryObject(stackWithRoot, this)
        view.push(personPage, {personId: id})
        const button = findChild(view.currentItem, "deletePersonButton")
        verify(button !== null) // (visibility cannot be read here: a TestCase's children are never shown)
        button.clicked() // the first tap only asks
        compare(view.depth, 2)
        verify(button.text.length > 0)
        button.clicked()
        tryCompare(view, "depth", 1)
        tryCompare(mistakes, "count", 0)
    }
}
