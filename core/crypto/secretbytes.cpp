// SPDX-License-Identifier: GPL-3.0-or-later
#include "secretbytes.h"

#include "sodiuminit.h"

#include <QByteArray>

#include <cstring>
#include <new>
#include <utility>

namespace hearth {

SecretBytes::SecretBytes(std::size_t size) : m_size(size)
{
    if (size == 0)
        return;
    ensureSodium();
    m_data = static_cast<unsigned char *>(sodium_malloc(size));
    if (!m_data)
        throw std::bad_alloc();
    sodium_memzero(m_data, size);
}

SecretBytes SecretBytes::random(std::size_t size)
{
    SecretBytes s(size);
    if (size)
        randombytes_buf(s.m_data, size);
    return s;
}

SecretBytes SecretBytes::copyOf(QByteArrayView bytes)
{
    SecretBytes s(std::size_t(bytes.size()));
    if (!bytes.isEmpty())
        std::memcpy(s.m_data, bytes.data(), std::size_t(bytes.size()));
    return s;
}

SecretBytes::~SecretBytes()
{
    if (m_data)
        sodium_free(m_data); // zeroes before freeing
}

SecretBytes::SecretBytes(SecretBytes &&other) noexcept
    : m_data(std::exchange(other.m_data, nullptr)), m_size(std::exchange(other.m_size, 0))
{
}

SecretBytes &SecretBytes::operator=(SecretBytes &&other) noexcept
{
    if (this != &other) {
        if (m_data)
            sodium_free(m_data);
        m_data = std::exchange(other.m_data, nullptr);
        m_size = std::exchange(other.m_size, 0);
    }
    return *this;
}

bool SecretBytes::equals(const SecretBytes &other) const
{
    return m_size == other.m_size && (m_size == 0 || sodium_memcmp(m_data, other.m_data, m_size) == 0);
}

void wipe(QByteArray &bytes)
{
    if (!bytes.isEmpty())
        sodium_memzero(bytes.data(), std::size_t(bytes.size()));
    bytes.clear();
}

} // namespace hearth
