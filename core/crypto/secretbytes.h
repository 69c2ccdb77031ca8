// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayView>

#include <cstddef>

namespace hearth {

// Key material in locked, guarded memory (libsodium's sodium_malloc), zeroed when freed.
// Move-only, so a key has exactly one owner and is never copied into unlocked memory.
class SecretBytes
{
public:
    SecretBytes() = default;
    explicit SecretBytes(std::size_t size);
    static SecretBytes random(std::size_t size);
    // Copies the bytes in; the caller wipes its own copy.
    static SecretBytes copyOf(QByteArrayView bytes);
    ~SecretBytes();

    SecretBytes(SecretBytes &&other) noexcept;
    SecretBytes &operator=(SecretBytes &&other) noexcept;
    SecretBytes(const SecretBytes &) = delete;
    SecretBytes &operator=(const SecretBytes &) = delete;

    unsigned char *data() { return m_data; }
    const unsigned char *data() const { return m_data; }
    const char *chars() const { return reinterpret_cast<const char *>(m_data); }
    std::size_t size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }
    QByteArrayView view() const { return QByteArrayView(chars(), qsizetype(m_size)); }
    bool equals(const SecretBytes &other) const;

private:
    unsigned char *m_data = nullptr;
    std::size_t m_size = 0;
};

// Wipes a QByteArray that held a secret (a PIN read from a terminal, say).
void wipe(QByteArray &bytes);

} // namespace hearth
