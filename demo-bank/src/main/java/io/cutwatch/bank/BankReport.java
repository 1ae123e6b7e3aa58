package io.cutwatch.bank;

import java.util.List;
import java.util.Map;

/**
 * What a bank run did: the figures of the end table and the JSON report.
 * <p>The snapshot figures ({@code snapshots}, {@code failed}, {@code failedByReason}, the latency
 * percentiles, {@code markersSent}, {@code inFlightRecorded}, and the started snapshots behind
 * {@code snapshotsAsked} and {@code snapshotsUnfinished}) are read from the run's Micrometer meters
 * ({@link BankRun#meters()}), the ones {@code docs/metrics.md} lists, so the table, the JSON and a
 * scrape agree.
 *
 * @param seconds        the window: from the first transfer to the deadline (or to the stop)
 * @param transfers      transfers actually sent in the window (a branch with no money sends none)
 * @param snapshotsAsked periods that came due in the run (one snapshot asked at each)
 * @param snapshots      snapshots taken (completed and checked)
 * @param snapshotsSkipped periods skipped because the previous snapshot was still in flight (or
 *                       the scheduler could not run them on time)
 * @param snapshotsUnfinished snapshots still in flight after the grace that follows the deadline
 * @param interrupted    whether the run was stopped early (Ctrl-C, SIGTERM)
 * @param violations     Chandy-Lamport snapshots whose total differed from the expected total
 * @param naiveViolations strawman snapshots (balances polled one by one, channels ignored) that did
 * @param failures       reasons of snapshots that failed (timeouts, faults)
 * @param violationDetails the first violations, with per-branch and per-channel figures
 * @param failedByReason failed snapshots by typed reason ({@code TIMEOUT}, {@code MEMBER_LOST}, ...), reasons
 *                       that occurred only; the values add up to {@code failed}
 */
public record BankReport(int branches, int members, boolean simulated, long seed, double seconds,
                         long expectedTotal, long transfers, double transfersPerSecond,
                         long snapshotsAsked, long snapshots, long snapshotsSkipped, long snapshotsUnfinished,
                         boolean interrupted, long violations, long failed, List<String> failures,
                         long naiveSnapshots, long naiveViolations,
                         double latencyMedianMillis, double latencyP99Millis, long markersSent,
                         long inFlightRecorded, List<String> violationDetails, List<String> savedFiles,
                         Map<String, Long> failedByReason) {

    /** Exit status of the demo: 0 iff no violation and no failed snapshot. */
    public int exitCode() {
        return violations == 0 && failed == 0 && snapshots > 0 ? 0 : 1;
    }
}
