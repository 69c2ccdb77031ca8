// SPDX-License-Identifier: GPL-3.0-or-later
// Desktop stand-in (tests only): records jobFinished so the test can wait for it.
package android.app.job;

public abstract class JobService {
    private Boolean finishedWithReschedule;

    public abstract boolean onStartJob(JobParameters params);
    public abstract boolean onStopJob(JobParameters params);

    public final synchronized void jobFinished(JobParameters params, boolean wantsReschedule) {
        finishedWithReschedule = wantsReschedule;
        notifyAll();
    }

    // Not Android API: waits for jobFinished; null when it did not come in time.
    public final synchronized Boolean awaitFinished(long timeoutMs) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMs;
        while (finishedWithReschedule == null && System.currentTimeMillis() < end)
            wait(Math.max(1, end - System.currentTimeMillis()));
        return finishedWithReschedule;
    }
}
