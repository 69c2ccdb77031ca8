// SPDX-License-Identifier: GPL-3.0-or-later
package org.hearth.fake;

import android.app.job.JobInfo;
import android.app.job.JobParameters;
import android.app.job.JobScheduler;
import android.content.Context;
import android.location.GnssStatus;
import android.location.Location;
import android.location.LocationManager;
import android.os.Build;
import android.security.keystore.KeyGenParameterSpec;

import org.hearth.platform.SyncJobService;

/** What tst_android_jvm does on the Java side: the phone's part of each scenario (tests only). */
public final class Driver {
    private Driver() {}

    public static Context newContext() {
        FakeAndroidKeyStore.install();
        Context context = new Context();
        context.putService(Context.LOCATION_SERVICE, new LocationManager());
        context.putService(Context.JOB_SCHEDULER_SERVICE, new JobScheduler());
        return context;
    }

    public static void setSdk(int level) { Build.VERSION.SDK_INT = level; }

    static LocationManager locations(Context context) {
        return (LocationManager) context.getSystemService(Context.LOCATION_SERVICE);
    }

    public static void setLocationPermission(Context context, boolean granted) {
        locations(context).permissionGranted = granted;
    }

    public static void setCoarseOnly(Context context, boolean coarse) {
        locations(context).coarseOnly = coarse;
    }

    public static int locationListeners(Context context) { return locations(context).listenerCount(); }

    public static void emitFix(Context context, double lat, double lon, float accuracy, long timeMs,
                               String provider, boolean mock) {
        Location l = new Location(provider);
        l.setLatitude(lat);
        l.setLongitude(lon);
        if (accuracy >= 0)
            l.setAccuracy(accuracy);
        l.setTime(timeMs);
        l.setMockForTest(mock);
        locations(context).deliver(l);
    }

    /** Fixes from another thread, as the main looper would deliver them. */
    public static void emitFixesFromThread(final Context context, final int count) throws InterruptedException {
        Thread t = new Thread(new Runnable() {
            @Override public void run() {
                for (int i = 0; i < count; ++i)
                    emitFix(context, 30.0 + i * 1e-5, 104.0, 5f, System.currentTimeMillis(), "gps", false);
            }
        });
        t.start();
        t.join();
    }

    public static void emitSatellites(Context context, int[] types, boolean[] used) {
        locations(context).deliverSatellites(new GnssStatus(types, used));
    }

    /** The JVM loads a native library as Android's loader does; it runs the library's JNI_OnLoad. */
    public static void loadNative(String path) { System.load(path); }

    public static int lastJobOutcome() { return SyncJobService.lastOutcome; }

    public static int timesScheduled(Context context) {
        return ((JobScheduler) context.getSystemService(Context.JOB_SCHEDULER_SERVICE)).scheduled;
    }

    public static String scheduledJob(Context context) {
        JobScheduler scheduler = (JobScheduler) context.getSystemService(Context.JOB_SCHEDULER_SERVICE);
        JobInfo job = scheduler.jobs.get(SyncJobService.JOB_ID);
        if (job == null)
            return "";
        return "service=" + job.service.getClassName() + " network=" + job.networkType + " batteryNotLow="
                + job.batteryNotLow + " periodMs=" + job.periodMs + " persisted=" + job.persisted;
    }

    /** Runs one job as JobScheduler would; 0 finished, 1 finished asking to be rescheduled, -1 hung. */
    public static int runJob(boolean stopMidway) throws InterruptedException {
        SyncJobService service = new SyncJobService();
        JobParameters params = new JobParameters(SyncJobService.JOB_ID);
        if (!service.onStartJob(params))
            return 0;
        if (stopMidway && !service.onStopJob(params))
            return -2;
        Boolean reschedule = service.awaitFinished(10_000);
        return reschedule == null ? -1 : (reschedule ? 1 : 0);
    }

    public static void resetKeyStore(boolean strongBox) {
        FakeAndroidKeyStore.reset();
        FakeAndroidKeyStore.strongBoxAvailable = strongBox;
    }
    public static void forgetKey(String prefix) { FakeAndroidKeyStore.forget(prefix); }
    public static void invalidateKey(String prefix) { FakeAndroidKeyStore.invalidate(prefix); }
    public static void breakKeys(String prefix, boolean broken) { FakeAndroidKeyStore.breakKeys(prefix, broken); }
    public static int keyCount(String prefix) { return FakeAndroidKeyStore.keyCount(prefix); }

    public static String lastKeySpec() {
        KeyGenParameterSpec s = FakeAndroidKeyStore.lastSpec;
        if (s == null)
            return "";
        return "purposes=" + s.purposes + " modes=" + String.join(",", s.blockModes) + " paddings="
                + String.join(",", s.paddings) + " size=" + s.keySize + " randomized=" + s.randomized
                + " strongBox=" + s.strongBox + " unlockedDeviceRequired=" + s.unlockedDeviceRequired;
    }
}
