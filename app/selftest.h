// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class QQmlApplicationEngine;

namespace hearth::app {

// Compiles and instantiates every QML file of the app, then the main window. Any QML error
// or warning fails it. Prints "N passed, N failed" and returns 0 only when all passed.
int runSelfTest(QQmlApplicationEngine &engine);

} // namespace hearth::app
