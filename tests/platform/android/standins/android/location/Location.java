// SPDX-License-Identifier: GPL-3.0-or-later
// Desktop stand-in (tests only): the getters LocationRelay reads. isMock is API 31; below it
// only isFromMockProvider answers (the stand-in throws, as a phone would lack the method).
package android.location;

import android.os.Build;

public class Location {
    private final String provider;
    private double latitude;
    private double longitude;
    private float accuracy;
    private boolean hasAccuracy;
    private long time;
    private boolean mock;

    public Location(String provider) { this.provider = provider; }

    public String getProvider() { return provider; }
    public double getLatitude() { return latitude; }
    public double getLongitude() { return longitude; }
    public boolean hasAccuracy() { return hasAccuracy; }
    public float getAccuracy() { return accuracy; }
    public long getTime() { return time; }
    public boolean isFromMockProvider() { return mock; }
    public boolean isMock() {
        if (Build.VERSION.SDK_INT < 31)
            throw new NoSuchMethodError("Location.isMock needs API 31");
        return mock;
    }

    public void setLatitude(double v) { latitude = v; }
    public void setLongitude(double v) { longitude = v; }
    public void setAccuracy(float v) { accuracy = v; hasAccuracy = true; }
    public void setTime(long v) { time = v; }
    // Not Android API below 31 (there it is setMock): the test's way in.
    public void setMockForTest(boolean v) { mock = v; }
}
