// SPDX-License-Identifier: GPL-3.0-or-later
// Store life cycle: init, status, check, change-pin, unlock.
#include "cli.h"
#include "core/platform/securekeystore.h"
#include "core/storage/store.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace hearth::cli {
namespace {

using storage::Store;

const QCommandLineOption &kJson = jsonOption();

// Says "not a store" (or "key gone") before a secret is asked for that could not help.
Result<void> requireStore(const Context &ctx)
{
    auto state = Store::lockState(ctx.storeDir);
    if (!state)
        return state.error();
    return {};
}

} // namespace

const QCommandLineOption &jsonOption()
{
    static const QCommandLineOption option(QStringLiteral("json"), QStringLiteral("Print JSON (docs/cli.md)."));
    return option;
}

QString toJson(const QJsonObject &o) { return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented)); }

QString actorName(const Context &ctx)
{
    if (ctx.args.optionNames().contains(u"actor"_qs) && !ctx.args.value(u"actor"_qs).isEmpty())
        return ctx.args.value(u"actor"_qs);
    const QString user = qEnvironmentVariable("USER");
    return user.isEmpty() ? u"hearthctl"_qs : user;
}

Result<std::unique_ptr<Store>> openStore(Context &ctx)
{
    HEARTH_TRY(requireStore(ctx));
    auto pin = ctx.pin();
    if (!pin)
        return pin.error();
    auto keys = platform::createSecureKeyStore();
    return Store::open(ctx.storeDir, *pin, *keys);
}

namespace {

int init(Context &ctx)
{
    auto pin = ctx.pin();
    if (!pin)
        return fail(pin.error());
    auto keys = platform::createSecureKeyStore();
    storage::StoreOptions options;
    options.wipeOnLockout = ctx.args.isSet(QStringLiteral("wipe-on-lockout"));
    auto created = Store::create(ctx.storeDir, *pin, *keys, options);
    if (!created)
        return fail(created.error());
    const Store &store = *created->store;
    if (ctx.json) {
        out(toJson({{u"store"_qs, ctx.storeDir},
                    {u"store_id"_qs, store.storeId()},
                    {u"schema_version"_qs, store.schemaVersion()},
                    {u"recovery_code"_qs, created->recoveryCode}}));
    } else {
        out(QStringLiteral("已创建 / Created: %1").arg(ctx.storeDir));
        out(QStringLiteral("恢复码（只显示这一次，请交给管理员保管）/ "
                           "Recovery code (shown only once; give it to your administrator):"));
        out(created->recoveryCode);
    }
    return Ok;
}

int status(Context &ctx)
{
    auto store = openStore(ctx);
    if (!store)
        return fail(store.error());
    auto s = (*store)->status();
    if (!s)
        return fail(s.error());
    if (ctx.json) {
        QJsonObject records;
        for (auto it = s->records.cbegin(); it != s->records.cend(); ++it)
            records.insert(it.key(), double(it.value()));
        out(toJson({{u"store_id"_qs, s->storeId},
                    {u"schema_version"_qs, s->schemaVersion},
                    {u"records"_qs, records},
                    {u"outbox_pending"_qs, double(s->outboxPending)}}));
    } else {
        out(QStringLiteral("store_id        %1").arg(s->storeId));
        out(QStringLiteral("schema_version  %1").arg(s->schemaVersion));
        for (auto it = s->records.cbegin(); it != s->records.cend(); ++it)
            out(QStringLiteral("%1%2").arg(it.key(), -16).arg(it.value()));
        out(QStringLiteral("outbox_pending  %1").arg(s->outboxPending));
    }
    return Ok;
}

int check(Context &ctx)
{
    auto store = openStore(ctx);
    if (!store)
        return fail(store.error());
    if (auto r = (*store)->verify(); !r)
        return fail(r.error());
    out(QStringLiteral("完好 / ok"));
    return Ok;
}

int changePin(Context &ctx)
{
    if (auto r = requireStore(ctx); !r)
        return fail(r.error());
    auto oldPin = ctx.pin();
    if (!oldPin)
        return fail(oldPin.error());
    auto newPin = ctx.newPin();
    if (!newPin)
        return fail(newPin.error());
    auto keys = platform::createSecureKeyStore();
    if (auto r = Store::changePin(ctx.storeDir, *oldPin, *newPin, *keys); !r)
        return fail(r.error());
    out(QStringLiteral("PIN 已更改 / PIN changed"));
    return Ok;
}

int unlock(Context &ctx)
{
    if (auto r = requireStore(ctx); !r)
        return fail(r.error());
    auto code = ctx.secrets.read("HEARTH_RECOVERY_CODE", "Recovery code / 恢复码");
    if (!code)
        return fail(Error(ErrorCode::WrongRecoveryCode, QStringLiteral("set HEARTH_RECOVERY_CODE or give it on stdin")));
    auto newPin = ctx.newPin();
    if (!newPin)
        return fail(newPin.error());
    auto keys = platform::createSecureKeyStore();
    if (auto r = Store::recover(ctx.storeDir, QString::fromUtf8(code->view().toByteArray()), *newPin, *keys); !r)
        return fail(r.error());
    out(QStringLiteral("已解锁，新 PIN 已设置 / Unlocked; the new PIN is set"));
    return Ok;
}

int lockState(Context &ctx)
{
    auto s = Store::lockState(ctx.storeDir);
    if (!s)
        return fail(s.error());
    if (ctx.json) {
        out(toJson({{u"failed_attempts"_qs, s->failedAttempts},
                    {u"attempts_left"_qs, s->attemptsLeft},
                    {u"locked_out"_qs, s->lockedOut},
                    {u"wipe_on_lockout"_qs, s->wipeOnLockout}}));
    } else {
        out(QStringLiteral("%1 / %2").arg(s->lockedOut ? QStringLiteral("已锁定") : QStringLiteral("未锁定"),
                                          s->lockedOut ? QStringLiteral("locked out") : QStringLiteral("not locked")));
        out(QStringLiteral("attempts_left   %1").arg(s->attemptsLeft));
    }
    return Ok;
}

} // namespace

std::vector<Command> storeCommands()
{
    auto jsonOnly = [](QCommandLineParser &p) { p.addOption(kJson); };
    return {
        {"init", "创建加密数据目录 / Create an encrypted store (PIN as above; prints the recovery code once)",
         [](QCommandLineParser &p) {
             p.addOption(kJson);
             p.addOption({QStringLiteral("wipe-on-lockout"),
                          QStringLiteral("Destroy the key at the 10th wrong PIN instead of waiting for an "
                                         "administrator's unlock.")});
         },
         init},
        {"status", "数据概况 / Schema version, record counts, pending outbox entries", jsonOnly, status},
        {"check", "完整性校验 / Verify every page of the encrypted database", {}, check},
        {"change-pin", "更改 PIN / Change the PIN (new PIN from HEARTH_NEW_PIN or the next stdin line)", {},
         changePin},
        {"unlock", "管理员解锁 / Lift a lockout with the recovery code (HEARTH_RECOVERY_CODE) and set a new PIN "
                   "(HEARTH_NEW_PIN)",
         {}, unlock},
        {"lock-state", "锁定状态 / Wrong-PIN count and lockout, without a PIN", jsonOnly, lockState},
    };
}

} // namespace hearth::cli
