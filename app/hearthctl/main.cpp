// SPDX-License-Identifier: GPL-3.0-or-later
// hearthctl: the core from the command line. Usage: hearthctl [--store DIR] COMMAND [options].
#include "cli.h"
#include "core/storage/storelocation.h"

#include <QCoreApplication>
#include <QLoggingCategory>

#include <cstdio>

using namespace hearth;

namespace {

void printUsage()
{
    QString text = QStringLiteral(
        "用法 / Usage: hearthctl [--store DIR] COMMAND [options]\n\n"
        "The store is DIR, or the default app-data store. Commands that open a store read the PIN\n"
        "from HEARTH_PIN, else from the first line of standard input.\n\n"
        "Commands:\n");
    for (const auto &c : cli::commands())
        text += QStringLiteral("  %1%2\n").arg(QLatin1String(c.name), -16).arg(QString::fromUtf8(c.summary));
    text += QStringLiteral("\n'hearthctl COMMAND --help' shows a command's options. Exit codes: 0 ok, 1 error, "
                           "2 usage, 3 partly done.\n");
    std::fputs(text.toUtf8().constData(), stdout);
}

int usageError(const QString &what)
{
    std::fprintf(stderr, "hearthctl: 用法错误 / usage error: %s (see hearthctl --help)\n", what.toUtf8().constData());
    return cli::Usage;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("hearth"));
    QCoreApplication::setApplicationVersion(QStringLiteral(HEARTH_VERSION));
    // The CLI speaks through its exit code and one line; library chatter stays off unless asked.
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(QStringLiteral("hearth.*.info=false\nhearth.*.warning=false"));

    QStringList args = app.arguments();
    QString storeDir;
    int i = 1;
    for (; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (a == u"--help" || a == u"-h") {
            printUsage();
            return cli::Ok;
        } else if (a == u"--version") {
            std::printf("hearthctl %s\n", HEARTH_VERSION);
            return cli::Ok;
        } else if (a == u"--store") {
            if (++i >= args.size())
                return usageError(QStringLiteral("--store needs a directory"));
            storeDir = args.at(i);
        } else if (a.startsWith(u"--store=")) {
            storeDir = a.mid(8);
        } else if (a.startsWith(u'-')) {
            return usageError(QStringLiteral("unknown option %1").arg(a));
        } else {
            break;
        }
    }
    if (i >= args.size()) {
        printUsage();
        return cli::Usage;
    }
    // Commands are one word ("status") or two ("person add").
    QString name = args.at(i);
    const cli::Command *command = nullptr;
    if (i + 1 < args.size()) {
        const QString two = name + u' ' + args.at(i + 1);
        for (const auto &c : cli::commands())
            if (two == QLatin1String(c.name))
                command = &c;
        if (command) {
            name = two;
            ++i;
        }
    }
    for (const auto &c : cli::commands())
        if (!command && name == QLatin1String(c.name))
            command = &c;
    if (!command)
        return usageError(QStringLiteral("unknown command %1").arg(name));

    QCommandLineParser parser;
    parser.setApplicationDescription(QString::fromUtf8(command->summary));
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
    parser.addOption(help);
    if (command->options)
        command->options(parser);
    QStringList rest = args.mid(i);
    rest.first() = QStringLiteral("hearthctl ") + name;
    if (!parser.parse(rest))
        return usageError(parser.errorText());
    if (parser.isSet(help)) {
        std::fputs(parser.helpText().toUtf8().constData(), stdout);
        return cli::Ok;
    }

    cli::SecretInput secrets;
    cli::Context ctx{storeDir.isEmpty() ? storage::defaultStoreDirectory() : storeDir, parser, secrets};
    ctx.json = parser.optionNames().contains(QStringLiteral("json"));
    return command->run(ctx);
}
