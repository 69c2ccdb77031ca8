// SPDX-License-Identifier: GPL-3.0-or-later
#include "sodiuminit.h"

#include <cstdlib>
#include <mutex>

namespace hearth {

void ensureSodium()
{
    static std::once_flag once;
    std::call_once(once, [] {
        if (sodium_init() < 0)
            std::abort();
    });
}

} // namespace hearth
