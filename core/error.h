// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace hearth {

// Every failure the core reports. Each code has one Chinese and one English message
// (error.cpp); callers show them, never a raw library string alone.
enum class ErrorCode {
    InvalidArgument,
    NoPin,
    EmptyPin,
    WeakPin,
    WrongPin,
    LockedOut,
    StoreWiped,
    WrongRecoveryCode,
    NotAStore,
    StoreExists,
    StoreDamaged,
    KeyFileDamaged,
    ForeignKeyFile,
    NewerSchema,
    MigrationFailed,
    ReadOnly,
    DiskFull,
    Io,
    Database,
    Crypto,
    NotFound,
    InvalidRecord,
    Duplicate,
    BadFile,
    Unauthorized,  // sync: unknown, wrong or revoked credentials
    Forbidden,     // sync: outside the user's scope
    Conflict,      // sync: out of order, or a record pushed twice with other content
    Network,       // sync: the server could not be reached or answered badly
    Busy,          // sync: another round is running on this store
    Untrusted,     // sync: the server's certificate cannot be verified, or is not the pinned one
    StoreInUse,    // another unlock, PIN change or erase holds the store's key file right now
    PermissionRefused, // the phone's runtime permission was refused (the reason says what still works)
    DeviceKeyLost, // the phone's key store no longer holds the store's key: open with the recovery code
    TooManyAttempts, // sign-ins or codes held back for a while (the detail, from a server: seconds to wait)
};

class Error
{
public:
    Error(ErrorCode code, QString detail = {}, int count = -1)
        : m_code(code), m_detail(std::move(detail)), m_count(count) {}
    // An error whose message goes on with a specific reason, e.g. which field is wrong and why:
    // "记录无效：身份证号：校验位不对 / invalid record: ID number: wrong check digit".
    static Error withReason(ErrorCode code, QString chineseReason, QString englishReason, QString detail = {});

    ErrorCode code() const { return m_code; }
    // Technical detail in English (a path, a library message); never a person's data.
    const QString &detail() const { return m_detail; }
    // A number the message refers to, such as attempts left; -1 when none.
    int count() const { return m_count; }

    QString chinese() const;
    QString english() const;
    // The specific reason alone (empty when there is none).
    const QString &chineseReason() const { return m_zhReason; }
    const QString &englishReason() const { return m_enReason; }
    // "中文 / English (detail)": the one line the CLI prints.
    QString bilingual() const;
    // The message in the language the UI runs in ("zh" or "en").
    QString localized(const QString &language) const;

private:
    ErrorCode m_code;
    QString m_detail;
    int m_count;
    QString m_zhReason;
    QString m_enReason;
};

// A value or an Error: the core's functions return this instead of throwing.
template <typename T>
class [[nodiscard]] Result
{
public:
    Result(T value) : m_v(std::move(value)) {}
    Result(Error error) : m_v(std::move(error)) {}

    bool ok() const { return m_v.index() == 0; }
    explicit operator bool() const { return ok(); }

    T &value() & { return std::get<0>(m_v); }
    const T &value() const & { return std::get<0>(m_v); }
    T value_or(T fallback) const { return ok() ? std::get<0>(m_v) : std::move(fallback); }
    T value() && { return std::get<0>(std::move(m_v)); } // by value: safe in a range-for over a temporary
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }
    T &operator*() & { return value(); }

    const Error &error() const { return std::get<1>(m_v); }

private:
    std::variant<T, Error> m_v;
};

template <>
class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)) {}

    bool ok() const { return !m_error; }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return *m_error; }

private:
    std::optional<Error> m_error;
};

} // namespace hearth

// Early return of a failed Result from a function that returns any Result.
#define HEARTH_TRY(expr)                                                                       \
    do {                                                                                       \
        if (auto hearth_r_ = (expr); !hearth_r_.ok())                                          \
            return hearth_r_.error();                                                          \
    } while (false)
