// SPDX-License-Identifier: GPL-3.0-or-later
#include "recoverycode.h"

#include "kdf.h"
#include "sodiuminit.h"

#include <cstring>

namespace hearth::crypto {
namespace {
constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"; // RFC 4648 base32
constexpr int kCodeChars = 32;                                     // 20 bytes = 160 bits
} // namespace

QString generateRecoveryCode()
{
    const QByteArray bytes = randomBytes(20);
    QString out;
    int buffer = 0, bits = 0;
    for (char c : bytes) {
        buffer = (buffer << 8) | (static_cast<unsigned char>(c));
        bits += 8;
        while (bits >= 5) {
            if (!out.isEmpty() && (out.size() + 1) % 5 == 0)
                out += QLatin1Char('-');
            out += QLatin1Char(kAlphabet[(buffer >> (bits - 5)) & 31]);
            bits -= 5;
        }
    }
    return out;
}

QString normalizeRecoveryCode(const QString &code)
{
    QString out;
    for (QChar c : code) {
        if (c == u'-' || c.isSpace())
            continue;
        c = c.toUpper();
        if (!std::strchr(kAlphabet, c.toLatin1()) || c.unicode() > 127)
            return {};
        out += c;
    }
    return out.size() == kCodeChars ? out : QString();
}

Result<SecretBytes> deriveRecoveryKey(const QString &code, const QByteArray &salt)
{
    ensureSodium();
    const QString normalized = normalizeRecoveryCode(code);
    if (normalized.isEmpty())
        return Error(ErrorCode::WrongRecoveryCode);
    if (salt.size() < crypto_generichash_KEYBYTES_MIN)
        return Error(ErrorCode::KeyFileDamaged, QStringLiteral("recovery salt"));
    const QByteArray latin = normalized.toLatin1();
    SecretBytes key(kKeySize);
    crypto_generichash(key.data(), key.size(), reinterpret_cast<const unsigned char *>(latin.constData()),
                       std::size_t(latin.size()), reinterpret_cast<const unsigned char *>(salt.constData()),
                       std::size_t(salt.size()));
    return key;
}

Result<void> checkPinStrength(const SecretBytes &pin)
{
    if (pin.isEmpty())
        return Error(ErrorCode::EmptyPin);
    if (pin.size() < 6)
        return Error(ErrorCode::WeakPin);
    const unsigned char *p = pin.data();
    bool same = true, up = true, down = true;
    for (std::size_t i = 1; i < pin.size(); ++i) {
        same = same && p[i] == p[0];
        up = up && p[i] == p[i - 1] + 1;
        down = down && p[i] + 1 == p[i - 1];
    }
    if (same || up || down)
        return Error(ErrorCode::WeakPin);
    return {};
}

} // namespace hearth::crypto
