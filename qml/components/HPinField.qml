// SPDX-License-Identifier: GPL-3.0-or-later
// A PIN entry: large, masked, digits-first keyboard on phones, no prediction or autofill.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

TextField {
    Layout.fillWidth: true
    echoMode: TextInput.Password
    passwordCharacter: "●"
    inputMethodHints: Qt.ImhDigitsOnly | Qt.ImhSensitiveData | Qt.ImhNoPredictiveText | Qt.ImhNoAutoUppercase
    font.pixelSize: 22
    font.letterSpacing: length > 0 ? 4 : 0
    horizontalAlignment: TextInput.AlignHCenter
    maximumLength: 64
}
