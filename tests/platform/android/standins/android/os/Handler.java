// SPDX-License-Identifier: GPL-3.0-or-later
// Desktop stand-in (tests only).
package android.os;

public class Handler {
    public Handler(Looper looper) {}
}
