// SPDX-License-Identifier: GPL-3.0-or-later
// Must NOT compile against the API 29 stubs: Context.getAttributionTag() is API 30.
// tests/platform/android/apicheck.sh proves the stubs catch a call above the minimum level.
package org.hearth.platform;

import android.content.Context;

final class WrongCall {
    static String tag(Context context) {
        return context.getAttributionTag();
    }
}
