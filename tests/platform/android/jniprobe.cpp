// SPDX-License-Identifier: GPL-3.0-or-later
// A shared library with nothing of its own: linked from the JNI glue the way the Android app's
// library is, so that tst_android_jvm can check that JNI_OnLoad made it into the library.
