// SPDX-License-Identifier: GPL-3.0-or-later
// Desktop stand-in (tests only).
package android.location;

public final class GnssStatus {
    public static final int CONSTELLATION_GPS = 1;
    public static final int CONSTELLATION_GLONASS = 3;
    public static final int CONSTELLATION_BEIDOU = 5;
    public static final int CONSTELLATION_GALILEO = 6;

    private final int[] types;
    private final boolean[] used;

    // Not Android API: the test builds one.
    public GnssStatus(int[] types, boolean[] used) {
        this.types = types;
        this.used = used;
    }

    public int getSatelliteCount() { return types.length; }
    public int getConstellationType(int i) { return types[i]; }
    public boolean usedInFix(int i) { return used[i]; }

    public abstract static class Callback {
        public Callback() {}
        public void onSatelliteStatusChanged(GnssStatus status) {}
    }
}
