// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtTest
import Hearth
import Hearth.Controllers

TestCase {
    name: "HomePage"
    when: windowShown
    width: 360
    height: 780

    Component { id: stack; StackView { width: 360; height: 780; initialItem: HomePage {} } }

    function test_cadreSeesCoverageAndGoesToTheRegistry() {
        const view = createTemporaryObject(stack, this)
        const home = view.currentItem
        verify(findChild(home, "greeting").text.indexOf("王芳") >= 0, findChild(home, "greeting").text)
        const coverage = findChild(home, "coverageText")
        verify(coverage.text.indexOf("0") >= 0, coverage.text) // nobody visited yet
        verify(findChild(home, "place").text.indexOf("东街社区") >= 0)
        // (visible cannot be checked: a TestCase and its children are invisible items)
        findChild(home, "registryButton").clicked()
        tryCompare(view, "depth", 2)
        verify(findChild(view.currentItem, "searchField") !== null)
    }
}
