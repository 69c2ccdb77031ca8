// SPDX-License-Identifier: GPL-3.0-or-later
// Desktop stand-in (tests only).
package android.os;

public final class Bundle {}
