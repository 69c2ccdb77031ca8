// SPDX-License-Identifier: GPL-3.0-or-later
#include "error.h"

namespace hearth {
namespace {

struct Messages
{
    const char *zh;
    const char *en;
};

// %1 is Error::count() where a message uses it.
Messages messagesFor(ErrorCode code)
{
    switch (code) {
    case ErrorCode::InvalidArgument: return {"参数无效", "invalid argument"};
    case ErrorCode::NoPin: return {"没有提供 PIN（请设置 HEARTH_PIN 或从标准输入提供）",
                                   "no PIN given (set HEARTH_PIN or pass it on standard input)"};
    case ErrorCode::EmptyPin: return {"PIN 不能为空", "the PIN must not be empty"};
    case ErrorCode::WeakPin: return {"PIN 太弱：至少 6 位，且不能是同一数字重复或连续数字",
                                     "the PIN is too weak: at least 6 characters, not one repeated "
                                     "character or a run like 123456"};
    case ErrorCode::WrongPin: return {"PIN 不正确，还可尝试 %1 次", "wrong PIN, %1 attempts left"};
    case ErrorCode::LockedOut: return {"连续输错 PIN 次数过多，数据已锁定，需管理员用恢复码解锁",
                                       "too many wrong PINs: the store is locked until an "
                                       "administrator unlocks it with the recovery code"};
    case ErrorCode::StoreWiped: return {"连续输错 PIN 次数过多，按策略已销毁密钥，数据无法再打开",
                                        "too many wrong PINs: by policy the key was destroyed and "
                                        "the store can no longer be opened"};
    case ErrorCode::WrongRecoveryCode: return {"恢复码不正确", "wrong recovery code"};
    case ErrorCode::NotAStore: return {"该目录不是暖心走访的数据目录", "the directory is not a Hearth store"};
    case ErrorCode::StoreExists: return {"该目录已有数据，不能重新创建",
                                         "the directory already holds a store; refusing to overwrite it"};
    case ErrorCode::StoreDamaged: return {"数据已损坏（完整性校验失败），未做任何改动",
                                          "the store is damaged (integrity check failed); nothing was changed"};
    case ErrorCode::KeyFileDamaged: return {"密钥文件已损坏", "the key file is damaged"};
    case ErrorCode::ForeignKeyFile: return {"密钥文件不属于这份数据", "the key file belongs to another store"};
    case ErrorCode::NewerSchema: return {"数据由更新版本的暖心走访创建，请先升级应用",
                                         "the store was made by a newer Hearth; update the app first"};
    case ErrorCode::MigrationFailed: return {"数据升级失败，已回滚，原数据未改动",
                                             "the schema migration failed and was rolled back; nothing was changed"};
    case ErrorCode::ReadOnly: return {"目录不可写", "the directory is not writable"};
    case ErrorCode::DiskFull: return {"磁盘已满，操作未完成，已保存的数据未受影响",
                                      "the disk is full; the operation did not complete and saved data is intact"};
    case ErrorCode::Io: return {"读写文件出错", "could not read or write a file"};
    case ErrorCode::Database: return {"数据库出错", "database error"};
    case ErrorCode::Crypto: return {"加密组件出错", "cryptography error"};
    case ErrorCode::NotFound: return {"未找到", "not found"};
    case ErrorCode::InvalidRecord: return {"记录无效", "invalid record"};
    case ErrorCode::Duplicate: return {"记录重复", "duplicate record"};
    case ErrorCode::BadFile: return {"文件无法读取", "the file cannot be read"};
    case ErrorCode::Unauthorized: return {"身份验证未通过", "not authorised"};
    case ErrorCode::Forbidden: return {"无权进行此操作", "not permitted"};
    case ErrorCode::Conflict: return {"与服务器上的记录冲突", "conflicts with the server's records"};
    case ErrorCode::Network: return {"无法连接服务器", "the server cannot be reached"};
    case ErrorCode::Untrusted: return {"无法信任服务器", "the server is not trusted"};
    case ErrorCode::StoreInUse: return {"数据正被另一项操作使用（解锁、改 PIN 或清除），请稍后再试",
                                        "the store is in use by another unlock, PIN change or erase; try again shortly"};
    case ErrorCode::PermissionRefused: return {"系统权限未获准", "the permission was refused"};
    case ErrorCode::TooManyAttempts: return {"尝试次数过多", "too many attempts"};
    case ErrorCode::DeviceKeyLost:
        return {"本机密钥库里已没有这个数据库的密钥（换了锁屏方式或恢复了手机），请用恢复码打开",
                "this phone's key store no longer holds the database key (the screen lock changed or the "
                "phone was restored); open it with the recovery code"};
    case ErrorCode::Busy: return {"这个存储正在同步，请稍候", "a sync round is already running on this store; try again shortly"};
    }
    return {"未知错误", "unknown error"};
}

QString fill(const char *text, int count)
{
    QString s = QString::fromUtf8(text);
    return count >= 0 ? s.arg(count) : s;
}

} // namespace

Error Error::withReason(ErrorCode code, QString chineseReason, QString englishReason, QString detail)
{
    Error e(code, std::move(detail));
    e.m_zhReason = std::move(chineseReason);
    e.m_enReason = std::move(englishReason);
    return e;
}

// The kind's message, then the reason; a reason that already is a whole message of this kind
// (a server's answer, which said it so) is not prefixed twice.
static QString joined(const QString &base, const QString &separator, const QString &reason)
{
    if (reason.isEmpty())
        return base;
    return reason.startsWith(base + separator) ? reason : base + separator + reason;
}

QString Error::chinese() const
{
    return joined(fill(messagesFor(m_code).zh, m_count), QStringLiteral("："), m_zhReason);
}

QString Error::english() const
{
    return joined(fill(messagesFor(m_code).en, m_count), QStringLiteral(": "), m_enReason);
}

QString Error::bilingual() const
{
    QString line = chinese() + QStringLiteral(" / ") + english();
    if (!m_detail.isEmpty())
        line += QStringLiteral(" (") + m_detail + QLatin1Char(')');
    return line;
}

QString Error::localized(const QString &language) const
{
    return language.startsWith(QLatin1String("en")) ? english() : chinese();
}

} // namespace hearth
