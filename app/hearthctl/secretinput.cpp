// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli.h"

#include <cstdio>
#include <cstdlib>
#include <termios.h>
#include <unistd.h>

namespace hearth::cli {
namespace {

// Turns terminal echo off while a secret is typed, and back on afterwards.
class NoEcho
{
public:
    NoEcho()
    {
        if (isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &m_saved) == 0) {
            termios quiet = m_saved;
            quiet.c_lflag &= ~tcflag_t(ECHO);
            m_active = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
        }
    }
    ~NoEcho()
    {
        if (m_active) {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &m_saved);
            std::fputc('\n', stderr);
        }
    }
    NoEcho(const NoEcho &) = delete;
    NoEcho &operator=(const NoEcho &) = delete;

private:
    termios m_saved{};
    bool m_active = false;
};

} // namespace

std::optional<SecretBytes> SecretInput::read(const char *envName, const char *prompt)
{
    if (const char *value = std::getenv(envName))
        return SecretBytes::copyOf(QByteArrayView(value));
    if (isatty(STDIN_FILENO))
        std::fprintf(stderr, "%s: ", prompt);
    NoEcho noEcho;
    // Read byte by byte into locked memory, so the secret never sits in a stdio line buffer
    // we cannot wipe. A PIN line longer than 1 KiB is cut there.
    SecretBytes line(1024);
    std::size_t n = 0;
    bool sawAnything = false;
    for (;;) {
        const int c = std::getchar();
        if (c == EOF)
            break;
        sawAnything = true;
        if (c == '\n')
            break;
        if (n < line.size())
            line.data()[n++] = static_cast<unsigned char>(c);
    }
    if (!sawAnything)
        return std::nullopt;
    if (n > 0 && line.data()[n - 1] == '\r')
        --n;
    return SecretBytes::copyOf(line.view().first(qsizetype(n)));
}

Result<SecretBytes> Context::pin()
{
    auto p = secrets.read("HEARTH_PIN", "PIN");
    if (!p)
        return Error(ErrorCode::NoPin);
    return std::move(*p);
}

Result<SecretBytes> Context::newPin()
{
    auto p = secrets.read("HEARTH_NEW_PIN", "New PIN / 新 PIN");
    if (!p)
        return Error(ErrorCode::NoPin, QStringLiteral("new PIN: set HEARTH_NEW_PIN or give it on the next line"));
    return std::move(*p);
}

} // namespace hearth::cli
