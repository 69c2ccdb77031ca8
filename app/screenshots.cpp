// SPDX-License-Identifier: GPL-3.0-or-later
#include "screenshots.h"

#include "controllers/profilecontroller.h"
#include "controllers/sessioncontroller.h"
#include "core/domain/records.h"
#include "core/storage/database.h"
#include "core/storage/storemeta.h"
#include "core/storage/store.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QTimer>

#include <cstdio>
#include <functional>

namespace hearth::app {
namespace {

void settle(int ms = 150)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

void waitIdle(SessionController &session)
{
    QElapsedTimer t;
    t.start();
    while (session.busy() && t.elapsed() < 30000)
        settle(20);
    settle();
}

struct Size
{
    const char *name;
    int width, height;
    qreal scale;
};

} // namespace

int takeScreenshots(QQmlApplicationEngine &engine, SessionController &session, const QString &dir)
{
    auto *window = qobject_cast<QQuickWindow *>(engine.rootObjects().value(0));
    if (!window || !QDir().mkpath(dir))
        return 1;
    int saved = 0;
    const Size sizes[] = {{"phone", 360, 780, 3.0}, {"desktop", 1280, 800, 1.0}};
    // `prepare`, when given, runs at each size before the picture (a scroll that depends on it).
    auto shoot = [&](const char *page, const std::function<void()> &prepare = {}) {
        for (const Size &s : sizes) {
            window->resize(s.width, s.height);
            settle();
            if (prepare) {
                prepare();
                settle();
            }
            QImage image = window->grabWindow(); // at the window's device pixel ratio (3x)
            const QSize pixels(int(s.width * s.scale), int(s.height * s.scale));
            if (image.size() != pixels)
                image = image.scaled(pixels, Qt::KeepAspectRatio, Qt::SmoothTransformation);
            const QString file = QDir(dir).filePath(QStringLiteral("%1-%2.png").arg(QLatin1String(s.name),
                                                                                    QLatin1String(page)));
            if (image.save(file))
                ++saved;
            else
                std::fprintf(stderr, "hearth: could not write %s\n", qPrintable(file));
        }
    };

    if (session.state() == SessionController::State::NeedsSetup) {
        shoot("01-setup-pin");
        session.createStore(u"258013"_qs, u"258013"_qs);
        waitIdle(session);
        shoot("02-recovery-code");
        session.acknowledgeRecoveryCode();
        settle();
    } else if (session.state() == SessionController::State::Locked) {
        session.unlock(QString::fromLocal8Bit(qgetenv("HEARTH_PIN")));
        waitIdle(session);
    }
    QObject *root = window;
    // Pages are driven the way a person would: by the objects' names, through their signals.
    auto find = [root](const char *name) { return root->findChild<QObject *>(QString::fromLatin1(name)); };
    auto click = [&](const char *name, int wait = 400) {
        QObject *o = find(name);
        if (o)
            QMetaObject::invokeMethod(o, "clicked");
        settle(wait);
        return o != nullptr;
    };
    // The page scrolled so that `section` is at the top of `flickable` (at each size), then back.
    auto shootScrolledTo = [&](const char *page, const char *flickable, const char *section) {
        auto *flick = root->findChild<QQuickItem *>(QString::fromLatin1(flickable));
        if (!flick)
            return;
        shoot(page, [&] {
            auto *target = flick->findChild<QQuickItem *>(QString::fromLatin1(section));
            const qreal most = std::max<qreal>(0, flick->property("contentHeight").toReal() - flick->height());
            flick->setProperty("contentY", target ? std::min(target->y(), most) : most);
        });
        flick->setProperty("contentY", 0);
    };
    // The last page pushed: the back button of the page on top of the stack.
    auto back = [&] {
        QObject *stack = find("homeStack");
        auto *top = stack ? stack->property("currentItem").value<QQuickItem *>() : nullptr;
        QObject *button = top ? top->findChild<QObject *>(u"backButton"_qs) : nullptr;
        if (button)
            QMetaObject::invokeMethod(button, "clicked");
        settle(400);
    };
    // A list row (delegates are not QObject children, so not findChild-able).
    auto clickRow = [&](const char *list, int row) {
        QObject *view = find(list);
        QQuickItem *item = nullptr;
        if (view)
            QMetaObject::invokeMethod(view, "itemAtIndex", Q_RETURN_ARG(QQuickItem *, item), Q_ARG(int, row));
        if (item)
            QMetaObject::invokeMethod(item, "clicked");
        settle(400);
        return item != nullptr;
    };

    // First run: who uses the device. With a demo store, a cadre of its first village.
    if (!session.hasProfile()) {
        shoot("07-profile");
        if (QObject *profile = find("profileController")) {
            // A volunteer before enrolment: their travel point comes from the administrator.
            profile->setProperty("role", u"volunteer"_qs);
            settle();
            shoot("08b-profile-volunteer");
            profile->setProperty("role", u"cadre"_qs);
            profile->setProperty("userName", u"王芳"_qs);
            profile->setProperty("areaQuery", qEnvironmentVariable("HEARTH_SCREENSHOT_AREA", u"东街"_qs));
            const QVariantList areas = profile->property("areas").toList();
            if (!areas.isEmpty())
                profile->setProperty("areaCode", areas.first().toMap().value(u"code"_qs));
            settle();
            shoot("08-profile-cadre");
            bool saved = false;
            QMetaObject::invokeMethod(profile, "save", Q_RETURN_ARG(bool, saved));
            if (!saved)
                std::fprintf(stderr, "hearth: profile not saved: %s\n",
                             qPrintable(profile->property("errorString").toString()));
            settle(400);
        }
    }
    shoot("03-home");
    // The registry, empty or (with --store on a demo store) full, then a search in it.
    if (click("registryButton")) {
        shoot("05-registry");
        if (QObject *field = find("searchField")) {
            field->setProperty("text", qEnvironmentVariable("HEARTH_SCREENSHOT_QUERY", u"明"_qs));
            settle(300);
            shoot("06-registry-search");
        }
        if (clickRow("peopleList", 0)) {
            shoot("09-person");
            // Down to the visits: their photos' thumbnails (or placeholders while not fetched).
            shootScrolledTo("09b-person-visits", "personFlick", "visitsSection");
            if (click("householdLine")) {
                shoot("17-household");
                back();
            }
            if (click("newVisitButton")) {
                if (QObject *visit = find("visitController")) {
                    visit->setProperty("cashYuan", u"500"_qs);
                    QMetaObject::invokeMethod(visit, "addNeed", Q_ARG(QString, u"wage_arrears"_qs),
                                              Q_ARG(QString, u"2025 年工资 8000 元未结清"_qs));
                }
                settle();
                shoot("10-visit");
                if (QObject *visit = find("visitController"))
                    QMetaObject::invokeMethod(visit, "discard");
                back();
            }
            back();
        }
        back();
    }
    if (click("followUpsButton")) {
        shoot("11-follow-ups");
        back();
    }
    // The two report kinds: job fairs (with the form filled in), certificates after three taps.
    if (click("jobFairsButton")) {
        for (const auto &[name, text] : {std::pair{"organiserField", u"旭阳镇劳动保障所"_qs}, {"placeField", u"镇政府院坝"_qs}})
            if (QObject *field = find(name))
                field->setProperty("text", text);
        for (const auto &[name, value] : {std::pair{"employersSpin", 18}, {"attendeesSpin", 240}, {"placedSpin", 21}})
            if (QObject *spin = find(name))
                spin->setProperty("value", value);
        settle();
        shoot("19-job-fairs");
        back();
    }
    if (click("certificatesButton")) {
        if (QObject *report = find("certificateController"))
            for (const char *kind : {"id_card", "social_security", "id_card"})
                QMetaObject::invokeMethod(report, "addCertificate", Q_ARG(QString, QString::fromLatin1(kind)),
                                          Q_ARG(QString, u"done"_qs));
        settle();
        shoot("20-certificates");
        back();
    }
    if (click("settingsButton")) {
        shoot("12-settings");
        shootScrolledTo("12b-settings-photos", "settingsFlick", "photosSection");
        back();
    }
    // The other roles' homes: a travel-point volunteer, then branch-station staff.
    auto becomes = [&](const QString &role, const QString &name, const QString &station) {
        ProfileController profile;
        profile.setSession(&session);
        profile.setRole(role);
        profile.setProperty("userName", name);
        if (role == u"volunteer") {
            // A volunteer's travel point comes from the server (granted by the administrator):
            // here, as if the first sync had brought it.
            auto point = domain::RecordRepository(session.store()->database()).addStation({{}, u"travel_point"_qs, station, u"510321"_qs, {}, {}});
            profile.setProperty("stationId", point.value_or(QString()));
        } else {
            profile.setProperty("newStationName", station);
        }
        const bool ok = profile.save();
        settle(400);
        return ok;
    };
    if (becomes(u"volunteer"_qs, u"陈静"_qs, u"荣县汽车站爱心驿站"_qs)) {
        if (click("travelPointButton")) {
            if (QObject *point = find("travelPointController")) {
                for (const char *category : {"ticket", "ticket", "guidance", "luggage", "warmth_rest"})
                    QMetaObject::invokeMethod(point, "log", Q_ARG(QString, QString::fromLatin1(category)));
                point->setProperty("groupSize", 3);
                QMetaObject::invokeMethod(point, "log", Q_ARG(QString, u"hardship_aid"_qs));
            }
            settle();
            shoot("14-travel-point");
            back();
        }
        shoot("13-home-volunteer");
    }
    if (becomes(u"station"_qs, u"刘强"_qs, u"荣县驻广州工作站"_qs)) {
        if (click("newFileButton")) {
            shoot("16-worker-file");
            // Someone already on the device, typed in again: the page shows them before saving.
            if (auto known = session.store()->database().prepare(
                    "SELECT name, phone, area_code FROM people WHERE phone IS NOT NULL ORDER BY rowid LIMIT 1");
                known && known->step().value_or(false)) {
                const QStringList values{known->columnText(0), known->columnText(1), known->columnText(2)};
                const char *const fields[] = {"nameField", "phoneField", "homeAreaField"};
                for (int i = 0; i < 3; ++i) // the file page's (other pages on the stack may share a name)
                    for (QObject *field : root->findChildren<QObject *>(QString::fromLatin1(fields[i])))
                        field->setProperty("text", values[i]);
                if (click("saveFileButton")) {
                    settle();
                    shoot("16b-worker-file-likely-duplicate");
                }
            }
            back();
        }
        shoot("15-home-station");
    }
    session.lock();
    settle();
    session.unlock(u"999999"_qs);
    waitIdle(session);
    shoot("04-unlock-wrong-pin");
    // A device the server revoked: the unlock page offers to erase it (the marker goes again).
    const bool wasRevoked = session.revoked();
    session.setRevoked(true);
    settle();
    shoot("04b-unlock-revoked");
    session.setRevoked(wasRevoked);
    // The offline lease run out: 40 days without the server (the store's own meta, put back after).
    session.unlock(qEnvironmentVariable("HEARTH_PIN", u"258013"_qs));
    waitIdle(session);
    if (session.store()) {
        storage::Database &db = session.store()->database();
        const QString token = storage::readMeta(db, "sync.token").value_or(QString());
        const QString last = storage::readMeta(db, "sync.last_at").value_or(QString());
        const qint64 then = QDateTime::currentMSecsSinceEpoch() - 40LL * 24 * 60 * 60 * 1000;
        (void)storage::writeMeta(db, "sync.token", token.isEmpty() ? u"screenshot"_qs : token);
        (void)storage::writeMeta(db, "sync.last_at", QString::number(then));
        session.recheckLease();
        settle();
        shoot("18-lease-locked");
        (void)storage::writeMeta(db, "sync.token", token);
        (void)storage::writeMeta(db, "sync.last_at", last);
        session.recheckLease();
    }
    // A phone whose key store lost the store's key (a new screen lock): the recovery code.
    session.lock();
    settle();
    session.showDeviceKeyLost();
    settle();
    shoot("04c-unlock-device-key-lost");
    std::printf("%d screenshots written to %s\n", saved, qPrintable(dir));
    return saved > 0 ? 0 : 1;
}

} // namespace hearth::app
