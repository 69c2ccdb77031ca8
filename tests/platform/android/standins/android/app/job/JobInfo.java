// SPDX-License-Identifier: GPL-3.0-or-later
// Desktop stand-in (tests only): what the production code asked the scheduler for.
package android.app.job;

import android.content.ComponentName;

public final class JobInfo {
    public static final int NETWORK_TYPE_NONE = 0;
    public static final int NETWORK_TYPE_ANY = 1;
    public static final int NETWORK_TYPE_UNMETERED = 2;

    public final int id;
    public final ComponentName service;
    public final int networkType;
    public final boolean batteryNotLow;
    public final long periodMs;
    public final boolean persisted;

    private JobInfo(Builder b) {
        id = b.id;
        service = b.service;
        networkType = b.networkType;
        batteryNotLow = b.batteryNotLow;
        periodMs = b.periodMs;
        persisted = b.persisted;
    }

    public static final long getMinPeriodMillis() { return 15 * 60 * 1000L; }
    public long getIntervalMillis() { return periodMs; }
    public int getNetworkType() { return networkType; }
    public boolean isRequireBatteryNotLow() { return batteryNotLow; }
    public boolean isPersisted() { return persisted; }

    public static final class Builder {
        private final int id;
        private final ComponentName service;
        private int networkType;
        private boolean batteryNotLow;
        private long periodMs;
        private boolean persisted;

        public Builder(int id, ComponentName service) {
            this.id = id;
            this.service = service;
        }
        public Builder setRequiredNetworkType(int t) { networkType = t; return this; }
        public Builder setRequiresBatteryNotLow(boolean b) { batteryNotLow = b; return this; }
        public Builder setPeriodic(long ms) { periodMs = ms; return this; }
        public Builder setPersisted(boolean p) { persisted = p; return this; }
        public JobInfo build() { return new JobInfo(this); }
    }
}
