// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

class QQmlApplicationEngine;

namespace hearth::app {

class SessionController;

// Drives the real session through first run, recovery code, home, a wrong PIN and lockout,
// rendering each page to DIR/<size>-<nn>-<page>.png at phone (360x780 logical, 3x) and desktop
// (1280x800) size.
int takeScreenshots(QQmlApplicationEngine &engine, SessionController &session, const QString &dir);

} // namespace hearth::app
