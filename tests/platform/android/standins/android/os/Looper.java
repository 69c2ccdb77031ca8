// SPDX-License-Identifier: GPL-3.0-or-later
// Desktop stand-in (tests only): one main looper; callbacks run on the thread that emits them.
package android.os;

public final class Looper {
    private static final Looper MAIN = new Looper();

    public static Looper getMainLooper() { return MAIN; }
}
