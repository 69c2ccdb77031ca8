// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtTest
import Hearth
import Hearth.Controllers

TestCase {
    name: "RegistryPage"
    when: windowShown

    Component { id: stack; StackView { width: 360; height: 780; initialItem: RegistryPage {} } }

    function test_searchAsYouTypeThenOpenAPerson() {
        const view = createTemporaryObject(stack, this)
        const page = view.currentItem
        const list = findChild(page, "peopleList")
        tryVerify(() => list.count >= 2) // browsing: everyone (other tests may have added people)
        const field = findChild(page, "searchField")
        field.text = "李"
        tryCompare(list, "count", 1)
        field.text = "1111" // phone tail
        tryCompare(list, "count", 1)
        field.text = "没有这个人"
        tryCompare(list, "count", 0)
        verify(findChild(page, "emptyText").text.length > 0)
        field.text = "李明"
        tryCompare(list, "count", 1)
        waitForRendering(list)
        const row = list.itemAtIndex(0) // delegates have no QObject parent: not findChild
        verify(row !== null)
        row.clicked()
        tryCompare(view, "depth", 2)
        compare(view.currentItem.p.name, "李明")
    }
}
