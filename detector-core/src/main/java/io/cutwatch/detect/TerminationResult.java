package io.cutwatch.detect;

import java.util.List;
import java.util.Map;

/**
 * What the {@link TerminationDetector} found.
 *
 * @param terminated       true iff every process is passive and every channel is empty
 * @param processes        number of processes in the snapshot
 * @param activeProcesses  the processes recorded active, in topology order
 * @param channelsInUse    channel ("from->to") -> number of messages in transit on it, for
 *                         non-empty channels only, in topology order
 */
public record TerminationResult(boolean terminated, int processes, List<String> activeProcesses,
                                Map<String, Integer> channelsInUse) implements DetectionResult {
    public TerminationResult {
        activeProcesses = List.copyOf(activeProcesses);
        channelsInUse = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(channelsInUse));
        if (terminated != (activeProcesses.isEmpty() && channelsInUse.isEmpty())) {
            throw new IllegalArgumentException("terminated=" + terminated + " contradicts active processes "
                    + activeProcesses + " and channels in use " + channelsInUse);
        }
    }

    @Override
    public boolean found() {
        return terminated;
    }

    @Override
    public String summary() {
        if (terminated) {
            return "terminated: " + processes + " processes passive, no message in transit";
        }
        int inTransit = channelsInUse.values().stream().mapToInt(Integer::intValue).sum();
        return "running: " + activeProcesses.size() + " of " + processes + " processes active " + activeProcesses
                + ", " + inTransit + " messages in transit on " + channelsInUse.size() + " channels";
    }
}
