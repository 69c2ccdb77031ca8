// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// hearthctl's command table. A command declares its options and runs with a Context; adding
// a command is adding one entry to commands() (see commands.cpp). Exit codes: docs/cli.md.

#include "core/crypto/secretbytes.h"
#include "core/error.h"

#include <QCommandLineParser>
#include <QString>

#include <QJsonObject>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace hearth::storage {
class Store;
}

namespace hearth::cli {

enum Exit : int { Ok = 0, Failed = 1, Usage = 2, Partial = 3 };

// Secrets (PINs, passwords, codes) come from an environment variable or, failing that, the
// next line of standard input, in the order a command asks for them.
class SecretInput
{
public:
    // nullopt when the variable is unset and stdin is closed or exhausted.
    std::optional<SecretBytes> read(const char *envName, const char *prompt);
};

struct Context
{
    QString storeDir;
    QCommandLineParser &args;
    SecretInput &secrets;
    bool json = false;

    // Reads the PIN from HEARTH_PIN or stdin; NoPin when there is none.
    Result<SecretBytes> pin();
    Result<SecretBytes> newPin();
};

struct Command
{
    const char *name;
    const char *summary;
    std::function<void(QCommandLineParser &)> options; // may be empty
    std::function<int(Context &)> run;
};

const std::vector<Command> &commands();

// Opens the store the context names, asking for the PIN only when there is a store to open.
Result<std::unique_ptr<storage::Store>> openStore(Context &ctx);
// Who an audit entry names: --actor, else $USER, else "hearthctl".
QString actorName(const Context &ctx);
QString toJson(const QJsonObject &o);
// Every command that prints JSON takes --json.
const QCommandLineOption &jsonOption();
// An option for a command's table entry: a flag, or one taking a value named `value`.
QCommandLineOption option(const char *name, const char *help, const char *value = nullptr);
// A usage error in both languages (exit 2).
Error usage(QStringView zh, QStringView en);

// Prints "hearthctl: <中文 / English (detail)>" to stderr; returns Failed.
int fail(const Error &error);
// Writes one line (or a JSON document) to stdout.
void out(const QString &line);

} // namespace hearth::cli
