package io.cutwatch.bank;

import io.cutwatch.detect.DetectionResult;
import io.cutwatch.detect.Viewable;

import java.util.Map;

/**
 * The money in one snapshot: per-branch balances, per-channel amounts in flight, and whether
 * their sum differs from the expected total (a violation: {@link #found()}).
 */
public record ConservationResult(long snapshotId, long expected, long actual, Map<String, Long> balances,
                                 Map<String, Long> inFlight) implements DetectionResult, Viewable {
    public ConservationResult {
        balances = Map.copyOf(balances);
        inFlight = Map.copyOf(inFlight);
    }

    @Override
    public boolean found() {
        return expected != actual;
    }

    /** {@code total} (balances plus amounts in flight) and {@code expected}: one point each per snapshot on a chart. */
    @Override
    public Map<String, Double> measures() {
        Map<String, Double> m = new java.util.LinkedHashMap<>();
        m.put("total", (double) actual);
        m.put("expected", (double) expected);
        return m;
    }

    @Override
    public String summary() {
        if (!found()) {
            return "snapshot " + snapshotId + ": total " + actual + " conserved";
        }
        return "snapshot " + snapshotId + ": CONSERVATION VIOLATED, expected " + expected + " found " + actual
                + " (difference " + (actual - expected) + "); balances " + new java.util.TreeMap<>(balances)
                + ", in flight " + new java.util.TreeMap<>(inFlight);
    }
}
