package io.cutwatch.detect;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A point-in-time copy of one job's counters on this member.
 *
 * @param job               the job name
 * @param ticks             periods that elapsed while the job ran (each either starts a snapshot or is skipped)
 * @param snapshotsStarted  snapshots the job started
 * @param snapshotsTaken    snapshots that completed and were handed to the detectors
 * @param snapshotsSkipped  periods skipped because the previous snapshot (or its detection) was still in flight
 * @param snapshotsFailed   snapshots that failed (timeout, a process could not record, inconsistent cut...)
 * @param failureReasons    failure kind -> count, for snapshot failures: the {@link io.cutwatch.snapshot.FailureReason}
 *                          name, or the exception's simple class name where there is none
 * @param recentFailures    the messages of the last {@value DetectionJob#RECENT_FAILURES} snapshot failures, oldest first
 * @param detectorFailures  FAILED reports (detectors that threw), over all detectors
 * @param latency           snapshot start -> reports ready, on the job's clock
 * @param lastVerdicts      detector name -> verdict of its latest report, in the job's detector order
 * @param lastSnapshotId    id of the latest snapshot examined, -1 before the first
 */
public record JobMetrics(String job, long ticks, long snapshotsStarted, long snapshotsTaken, long snapshotsSkipped,
                         long snapshotsFailed, Map<String, Long> failureReasons, List<String> recentFailures,
                         long detectorFailures, Latency latency, Map<String, Verdict> lastVerdicts,
                         long lastSnapshotId) {
    public JobMetrics {
        failureReasons = Map.copyOf(failureReasons);
        recentFailures = List.copyOf(recentFailures);
        lastVerdicts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(lastVerdicts));
    }

    /**
     * Detection latency statistics over every completed run.
     *
     * @param count number of runs measured
     * @param last  latest latency (ZERO before the first)
     * @param min   smallest (ZERO before the first)
     * @param max   largest (ZERO before the first)
     * @param mean  arithmetic mean (ZERO before the first)
     */
    public record Latency(long count, Duration last, Duration min, Duration max, Duration mean) {
        public static final Latency NONE = new Latency(0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }

    /** One line for logs. */
    public String summary() {
        return "job " + job + ": " + snapshotsTaken + " snapshots taken, " + snapshotsSkipped + " skipped, "
                + snapshotsFailed + " failed " + failureReasons + ", " + detectorFailures + " detector failures, latency "
                + "last " + latency.last().toMillis() + " ms / mean " + latency.mean().toMillis() + " ms / max "
                + latency.max().toMillis() + " ms, last verdicts " + lastVerdicts;
    }
}
