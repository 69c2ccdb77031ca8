// SPDX-License-Identifier: GPL-3.0-or-later
// Desktop stand-in (tests only).
package android.app.job;

public final class JobParameters {
    public final int jobId;

    public JobParameters(int jobId) { this.jobId = jobId; }
    public int getJobId() { return jobId; }
}
