// SPDX-License-Identifier: GPL-3.0-or-later
package org.hearth.platform;

import android.app.job.JobInfo;
import android.app.job.JobParameters;
import android.app.job.JobScheduler;
import android.app.job.JobService;
import android.content.ComponentName;
import android.content.Context;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Background sync through the platform's JobScheduler (no androidx): when the phone has a network
 * and the battery is not low, at most every 15 minutes, the app's own sync round runs
 * (platforms/android/jni/backgroundjob.cpp calls the round the app registered). A round needs an
 * unlocked store; when the app is locked the job ends at once and the next one tries again.
 * Qt keeps the app's event loop running in the background (android.app.background_running in
 * the manifest), which the round needs; the app still locks itself after five minutes there.
 */
public final class SyncJobService extends JobService {
    public static final int JOB_ID = 0x4865;
    // What a round reports (platform::RoundOutcome).
    public static final int DONE = 0;
    public static final int RETRY = 1;
    public static final int LOCKED = 2;
    // The app's library is not loaded: JobScheduler started this process on its own (after a
    // reboot, or after the system killed the app). No store can be unlocked here; nothing to do.
    public static final int NOT_LOADED = 3;
    /** What the last round reported (for the log and the tests). */
    public static volatile int lastOutcome = -1;

    // Names each run, so a stop that comes before the round has started still stops it.
    private static final AtomicLong RUNS = new AtomicLong();
    private volatile long currentRun;

    @Override
    public boolean onStartJob(final JobParameters params) {
        final long run = RUNS.incrementAndGet();
        currentRun = run;
        Thread worker = new Thread(new Runnable() {
            @Override
            public void run() {
                int outcome;
                try {
                    outcome = nativeRunRound(run);
                } catch (UnsatisfiedLinkError notLoaded) {
                    outcome = NOT_LOADED;
                }
                lastOutcome = outcome;
                jobFinished(params, outcome == RETRY);
            }
        }, "hearth-sync-job");
        worker.start();
        return true; // still working, on the thread
    }

    @Override
    public boolean onStopJob(JobParameters params) {
        try {
            nativeCancelRound(currentRun); // the round stops at its next step; nothing half-written is kept
        } catch (UnsatisfiedLinkError notLoaded) {
            // nothing runs without the library
        }
        return true; // try again later
    }

    /** Schedules the periodic round; false when the scheduler refused it. */
    @SuppressWarnings("deprecation") // getNetworkType: what setRequiredNetworkType set, read back
    public static boolean schedule(Context context, long periodMs) {
        JobScheduler scheduler = (JobScheduler) context.getSystemService(Context.JOB_SCHEDULER_SERVICE);
        if (scheduler == null)
            return false;
        long interval = Math.max(periodMs, JobInfo.getMinPeriodMillis());
        // Already scheduled as wanted: scheduling again would restart its period at every launch.
        JobInfo pending = scheduler.getPendingJob(JOB_ID);
        if (pending != null && pending.getIntervalMillis() == interval
                && pending.getNetworkType() == JobInfo.NETWORK_TYPE_ANY && pending.isRequireBatteryNotLow()
                && pending.isPersisted())
            return true;
        JobInfo job = new JobInfo.Builder(JOB_ID, new ComponentName(context, SyncJobService.class))
                .setRequiredNetworkType(JobInfo.NETWORK_TYPE_ANY)
                .setRequiresBatteryNotLow(true)
                .setPeriodic(interval)
                .setPersisted(true) // survives a reboot (RECEIVE_BOOT_COMPLETED)
                .build();
        return scheduler.schedule(job) == JobScheduler.RESULT_SUCCESS;
    }

    public static void cancel(Context context) {
        JobScheduler scheduler = (JobScheduler) context.getSystemService(Context.JOB_SCHEDULER_SERVICE);
        if (scheduler != null)
            scheduler.cancel(JOB_ID);
    }

    private static native int nativeRunRound(long run);
    private static native void nativeCancelRound(long run);
}
