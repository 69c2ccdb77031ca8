// SPDX-License-Identifier: GPL-3.0-or-later
// Desktop stand-in (tests only): the API level is set by the test, to take both branches.
package android.os;

public class Build {
    public static class VERSION {
        public static int SDK_INT = 29;
    }
}
