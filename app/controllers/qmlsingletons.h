// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Services made in main.cpp (the composition root), offered to QML as singletons. This is Qt's
// documented pattern for exposing an existing object: the engine asks create() for it.

#include "positionservice.h"
#include "sessioncontroller.h"
#include "synccontroller.h"

#include <QQmlEngine>

namespace hearth::app {

struct SessionSingleton
{
    Q_GADGET
    QML_FOREIGN(hearth::app::SessionController)
    QML_SINGLETON
    QML_NAMED_ELEMENT(Session)
public:
    inline static SessionController *instance = nullptr;
    static SessionController *create(QQmlEngine *, QJSEngine *engine)
    {
        Q_ASSERT(instance);
        // The engine must not delete what main.cpp owns, and it must live in the engine's thread.
        Q_ASSERT(engine->thread() == instance->thread());
        QJSEngine::setObjectOwnership(instance, QJSEngine::CppOwnership);
        return instance;
    }
};

struct PositionSingleton
{
    Q_GADGET
    QML_FOREIGN(hearth::app::PositionService)
    QML_SINGLETON
    QML_NAMED_ELEMENT(Position)
public:
    inline static PositionService *instance = nullptr;
    static PositionService *create(QQmlEngine *, QJSEngine *engine)
    {
        Q_ASSERT(instance);
        Q_ASSERT(engine->thread() == instance->thread());
        QJSEngine::setObjectOwnership(instance, QJSEngine::CppOwnership);
        return instance;
    }
};

// The app's one sync service (SyncController), as `Sync`.
struct SyncSingleton
{
    Q_GADGET
    QML_FOREIGN(hearth::app::SyncController)
    QML_SINGLETON
    QML_NAMED_ELEMENT(Sync)
public:
    inline static SyncController *instance = nullptr;
    static SyncController *create(QQmlEngine *, QJSEngine *engine)
    {
        Q_ASSERT(instance);
        Q_ASSERT(engine->thread() == instance->thread());
        QJSEngine::setObjectOwnership(instance, QJSEngine::CppOwnership);
        return instance;
    }
};

} // namespace hearth::app
