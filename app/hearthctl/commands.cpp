// SPDX-License-Identifier: GPL-3.0-or-later
// The command table. Each family of commands lives in its own file and adds itself here.
#include "cli.h"

#include <cstdio>

namespace hearth::cli {

std::vector<Command> storeCommands();
std::vector<Command> ledgerCommands();
std::vector<Command> recordCommands();
std::vector<Command> demoCommands();
std::vector<Command> syncCommands();
std::vector<Command> photoCommands();
std::vector<Command> reportCommands();

const std::vector<Command> &commands()
{
    static const std::vector<Command> all = [] {
        std::vector<Command> v;
        for (auto &&family : {storeCommands(), ledgerCommands(), recordCommands(), demoCommands(), syncCommands(), photoCommands(),
                              reportCommands()})
            v.insert(v.end(), family.begin(), family.end());
        return v;
    }();
    return all;
}

QCommandLineOption option(const char *name, const char *help, const char *value)
{
    return value ? QCommandLineOption(QLatin1String(name), QString::fromUtf8(help), QLatin1String(value))
                 : QCommandLineOption(QLatin1String(name), QString::fromUtf8(help));
}

Error usage(QStringView zh, QStringView en)
{
    return Error::withReason(ErrorCode::InvalidArgument, zh.toString(), en.toString());
}

int fail(const Error &error)
{
    std::fprintf(stderr, "hearthctl: %s\n", error.bilingual().toUtf8().constData());
    return error.code() == ErrorCode::InvalidArgument ? Usage : Failed;
}

void out(const QString &line)
{
    std::fputs(line.toUtf8().constData(), stdout);
    if (!line.endsWith(u'\n'))
        std::fputc('\n', stdout);
    std::fflush(stdout);
}

} // namespace hearth::cli
