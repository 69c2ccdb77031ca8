// SPDX-License-Identifier: GPL-3.0-or-later
// Desktop stand-in (tests only): keeps the listeners, throws SecurityException without the
// permission as Android does, and lets the test deliver fixes and satellite status.
package android.location;

import android.os.Handler;
import android.os.Looper;

import java.util.ArrayList;
import java.util.List;

public class LocationManager {
    public static final String GPS_PROVIDER = "gps";
    public static final String NETWORK_PROVIDER = "network";

    // Not Android API: the test's controls.
    public boolean permissionGranted = true;
    public boolean coarseOnly = false; // Android 12's "approximate": GPS needs the fine permission
    public boolean hasGps = true;
    public final List<String> requested = new ArrayList<>();
    private final List<LocationListener> listeners = new ArrayList<>();
    private final List<GnssStatus.Callback> callbacks = new ArrayList<>();

    public Object getProvider(String name) {
        return (GPS_PROVIDER.equals(name) && hasGps) || NETWORK_PROVIDER.equals(name) ? name : null;
    }

    public synchronized void requestLocationUpdates(String provider, long minTimeMs, float minDistanceM,
                                                    LocationListener listener, Looper looper) {
        if (!permissionGranted || (coarseOnly && GPS_PROVIDER.equals(provider)))
            throw new SecurityException("needs ACCESS_FINE_LOCATION");
        requested.add(provider);
        if (!listeners.contains(listener))
            listeners.add(listener);
    }

    public synchronized boolean registerGnssStatusCallback(GnssStatus.Callback callback, Handler handler) {
        if (!permissionGranted || coarseOnly)
            throw new SecurityException("needs ACCESS_FINE_LOCATION");
        callbacks.add(callback);
        return true;
    }

    public synchronized void removeUpdates(LocationListener listener) { listeners.remove(listener); }
    public synchronized void unregisterGnssStatusCallback(GnssStatus.Callback callback) { callbacks.remove(callback); }

    // Not Android API.
    public synchronized int listenerCount() { return listeners.size() + callbacks.size(); }

    public void deliver(Location location) {
        List<LocationListener> now;
        synchronized (this) { now = new ArrayList<>(listeners); }
        for (LocationListener l : now)
            l.onLocationChanged(location);
    }

    public void deliverSatellites(GnssStatus status) {
        List<GnssStatus.Callback> now;
        synchronized (this) { now = new ArrayList<>(callbacks); }
        for (GnssStatus.Callback c : now)
            c.onSatelliteStatusChanged(status);
    }
}
