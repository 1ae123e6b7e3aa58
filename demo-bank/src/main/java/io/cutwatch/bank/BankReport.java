package io.cutwatch.bank;

import java.util.List;

/**
 * What a bank run did: the figures of the end table and the JSON report.
 *
 * @param violations     Chandy-Lamport snapshots whose total differed from the expected total
 * @param naiveViolations strawman snapshots (balances polled one by one, channels ignored) that did
 * @param failures       reasons of snapshots that failed (timeouts, faults)
 * @param violationDetails the first violations, with per-branch and per-channel figures
 */
public record BankReport(int branches, int members, boolean simulated, long seed, double seconds,
                         long expectedTotal, long transfers, double transfersPerSecond,
                         long snapshots, long violations, long failed, List<String> failures,
                         long naiveSnapshots, long naiveViolations,
                         double latencyMedianMillis, double latencyP99Millis, long markersSent,
                         long inFlightRecorded, List<String> violationDetails, List<String> savedFiles) {

    /** Exit status of the demo: 0 iff no violation and no failed snapshot. */
    public int exitCode() {
        return violations == 0 && failed == 0 && snapshots > 0 ? 0 : 1;
    }
}
