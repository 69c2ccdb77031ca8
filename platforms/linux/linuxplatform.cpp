// SPDX-License-Identifier: GPL-3.0-or-later
// Linux desktops: no hardware key store we can count on, so the PIN wrap alone.
#include "platforms/common/pinkeystore.h"

namespace hearth::platform {

std::unique_ptr<SecureKeyStore> createSecureKeyStore()
{
    return std::make_unique<PinKeyStore>();
}

} // namespace hearth::platform
