// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtTest
import Hearth
import Hearth.Controllers

TestCase {
    name: "SettingsPage"
    when: windowShown

    Component { id: stack; StackView { width: 360; height: 780; initialItem: SettingsPage {} } }
    SignalSpy { id: pinDone; target: Session; signalName: "pinChangeFinished" }

    function test_wrongPinIsRefusedWithAReason() {
        const view = createTemporaryObject(stack, this)
        const page = view.currentItem
        findChild(page, "oldPin").text = "111111"
        findChild(page, "newPin").text = "731904"
        findChild(page, "newPin2").text = "731904"
        pinDone.clear()
        findChild(page, "changePinButton").clicked()
        pinDone.wait(20000)
        verify(!pinDone.signalArguments[0][0])
        verify(findChild(page, "pinMessage").text.length > 0)
        verify(findChild(page, "storeSizeLine").value.length > 0)
    }

    function test_accuracyLimitIsKept() {
        const view = createTemporaryObject(stack, this)
        const settings = findChild(view.currentItem, "settingsController")
        settings.accuracyLimitM = 30
        compare(Session.accuracyLimitM, 30)
        settings.accuracyLimitM = 50
        compare(Session.accuracyLimitM, 50)
    }
}
