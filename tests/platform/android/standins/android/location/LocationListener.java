// SPDX-License-Identifier: GPL-3.0-or-later
// Desktop stand-in (tests only): API 29's interface, all four methods abstract.
package android.location;

import android.os.Bundle;

public interface LocationListener {
    void onLocationChanged(Location location);
    void onStatusChanged(String provider, int status, Bundle extras);
    void onProviderEnabled(String provider);
    void onProviderDisabled(String provider);
}
