// SPDX-License-Identifier: GPL-3.0-or-later
// Desktop stand-in (tests only).
package android.content;

public final class ComponentName {
    private final String pkg;
    private final String cls;

    public ComponentName(Context context, Class<?> cls) {
        this.pkg = context.getPackageName();
        this.cls = cls.getName();
    }
    public String getPackageName() { return pkg; }
    public String getClassName() { return cls; }
}
