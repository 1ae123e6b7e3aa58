package io.cutwatch.snapshot;

import io.cutwatch.model.ChannelId;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A snapshot in flight, as the assembling member sees it now, before any timeout: which
 * processes' local snapshots have arrived, which are missing, and for the missing ones hosted on
 * this member, the incoming channels still awaiting a marker (empty: it has not received its
 * first marker yet). A point-in-time copy.
 *
 * @param snapshotId       the snapshot
 * @param recorded         processes whose local snapshot arrived
 * @param missing          processes whose local snapshot has not arrived
 * @param awaitingMarkers  for each missing process hosted here, its channels still awaiting a marker
 */
public record SnapshotProgress(long snapshotId, Set<String> recorded, Set<String> missing,
                               Map<String, Set<ChannelId>> awaitingMarkers) {
    public SnapshotProgress {
        recorded = Set.copyOf(recorded);
        missing = Set.copyOf(missing);
        awaitingMarkers = Map.copyOf(awaitingMarkers);
    }

    /** E.g. {@code snapshot 7: 2 of 3 recorded; c awaits markers on [b->c]}. */
    public String describe() {
        StringBuilder b = new StringBuilder("snapshot " + snapshotId + ": " + recorded.size() + " of "
                + (recorded.size() + missing.size()) + " recorded");
        for (String p : new TreeSet<>(missing)) {
            Set<ChannelId> open = awaitingMarkers.get(p);
            b.append("; ").append(p);
            if (open == null) {
                b.append(" is hosted elsewhere and has not reported");
            } else if (open.isEmpty()) {
                b.append(" has not received a marker");
            } else {
                b.append(" awaits markers on ").append(new TreeSet<>(open));
            }
        }
        return b.toString();
    }
}
