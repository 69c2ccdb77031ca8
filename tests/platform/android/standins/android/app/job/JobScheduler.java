// SPDX-License-Identifier: GPL-3.0-or-later
// Desktop stand-in (tests only).
package android.app.job;

import java.util.HashMap;
import java.util.Map;

public class JobScheduler {
    public static final int RESULT_FAILURE = 0;
    public static final int RESULT_SUCCESS = 1;

    // Not Android API: what is scheduled, by id, and how often schedule() replaced a job.
    public final Map<Integer, JobInfo> jobs = new HashMap<>();
    public int scheduled;

    public synchronized int schedule(JobInfo job) {
        jobs.put(job.id, job);
        ++scheduled;
        return RESULT_SUCCESS;
    }
    public synchronized JobInfo getPendingJob(int jobId) { return jobs.get(jobId); }
    public synchronized void cancel(int jobId) { jobs.remove(jobId); }
}
