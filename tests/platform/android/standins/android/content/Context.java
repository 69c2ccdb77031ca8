// SPDX-License-Identifier: GPL-3.0-or-later
// Desktop stand-in (tests only): a Context whose system services the test provides.
package android.content;

import java.util.HashMap;
import java.util.Map;

public class Context {
    public static final String LOCATION_SERVICE = "location";
    public static final String JOB_SCHEDULER_SERVICE = "jobscheduler";

    private final Map<String, Object> services = new HashMap<>();

    public Object getSystemService(String name) { return services.get(name); }
    public String getPackageName() { return "org.hearth.field"; }

    // Not Android API: the test's way in.
    public void putService(String name, Object service) { services.put(name, service); }
}
