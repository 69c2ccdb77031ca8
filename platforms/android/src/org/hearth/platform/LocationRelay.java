// SPDX-License-Identifier: GPL-3.0-or-later
package org.hearth.platform;

import android.content.Context;
import android.location.GnssStatus;
import android.location.Location;
import android.location.LocationListener;
import android.location.LocationManager;
import android.os.Build;
import android.os.Bundle;
import android.os.Handler;
import android.os.Looper;

/**
 * Every fix the phone reports, with what Qt Positioning leaves out: the provider, the accuracy as
 * reported, and whether it came from a mock-location app. C++ (platforms/android/jni/locationfeed.cpp)
 * applies the fix policy, which refuses mock fixes with their reason. Satellites are counted by
 * system (BeiDou, GPS, GLONASS, Galileo, ...) from GnssStatus.
 */
public final class LocationRelay implements LocationListener {
    /** Index = GnssStatus constellation type (0 unknown, 1 GPS, 2 SBAS, 3 GLONASS, 4 QZSS, 5 BeiDou, 6 Galileo, 7 IRNSS). */
    public static final int CONSTELLATIONS = 8;

    private final long handle;
    private final LocationManager manager;
    private final GnssStatus.Callback satellites;
    private volatile boolean running;

    public LocationRelay(Context context, long handle) {
        this.handle = handle;
        this.manager = (LocationManager) context.getSystemService(Context.LOCATION_SERVICE);
        this.satellites = new GnssStatus.Callback() {
            @Override
            public void onSatelliteStatusChanged(GnssStatus status) {
                if (running)
                    deliverSatellites(status);
            }
        };
    }

    /**
     * Starts GPS and network fixes; false without the location permission or any provider. With
     * only approximate location granted (Android 12+), GPS is refused and the network provider
     * still runs: its fixes arrive with their accuracy, and the fix policy judges them.
     */
    public boolean start(long intervalMs) {
        if (manager == null)
            return false;
        boolean gps = request(LocationManager.GPS_PROVIDER, intervalMs);
        boolean network = request(LocationManager.NETWORK_PROVIDER, intervalMs);
        if (gps) {
            try {
                manager.registerGnssStatusCallback(satellites, new Handler(Looper.getMainLooper()));
            } catch (SecurityException refused) {
                // satellites are a help, not a need
            }
        }
        running = gps || network;
        if (!running)
            stop();
        return running;
    }

    private boolean request(String provider, long intervalMs) {
        if (manager.getProvider(provider) == null)
            return false;
        try {
            manager.requestLocationUpdates(provider, intervalMs, 0f, this, Looper.getMainLooper());
            return true;
        } catch (SecurityException refused) {
            return false;
        }
    }

    public void stop() {
        running = false;
        if (manager == null)
            return;
        manager.removeUpdates(this);
        manager.unregisterGnssStatusCallback(satellites);
    }

    @Override
    public void onLocationChanged(Location location) {
        if (running && location != null)
            deliver(handle, location);
    }

    static void deliver(long handle, Location l) {
        String provider = l.getProvider();
        nativeFix(handle, l.getLatitude(), l.getLongitude(), l.hasAccuracy() ? l.getAccuracy() : -1f,
                  l.getTime(), provider == null ? "" : provider, isMock(l));
    }

    /** isFromMockProvider is deprecated from API 31, where isMock replaces it. */
    static boolean isMock(Location l) {
        if (Build.VERSION.SDK_INT >= 31)
            return l.isMock();
        return l.isFromMockProvider();
    }

    void deliverSatellites(GnssStatus status) {
        int[] used = new int[CONSTELLATIONS];
        int[] visible = new int[CONSTELLATIONS];
        for (int i = 0; i < status.getSatelliteCount(); ++i) {
            int type = status.getConstellationType(i);
            if (type < 0 || type >= CONSTELLATIONS)
                type = 0;
            ++visible[type];
            if (status.usedInFix(i))
                ++used[type];
        }
        nativeSatellites(handle, used, visible);
    }

    // Required below API 30, where LocationListener has no default methods; deprecated (never
    // called) from API 29 on, but abstract there.
    @SuppressWarnings("deprecation")
    @Override public void onStatusChanged(String provider, int status, Bundle extras) {}
    @Override public void onProviderEnabled(String provider) {}
    @Override public void onProviderDisabled(String provider) {}

    private static native void nativeFix(long handle, double latitude, double longitude, float accuracyM,
                                         long timeMs, String provider, boolean mock);
    private static native void nativeSatellites(long handle, int[] used, int[] visible);
}
