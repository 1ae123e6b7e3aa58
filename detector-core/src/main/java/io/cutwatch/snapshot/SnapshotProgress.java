package io.cutwatch.snapshot;

import io.cutwatch.channel.ChannelBacklog;
import io.cutwatch.model.ChannelId;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A snapshot in flight, as the assembling member sees it now, before any timeout: which
 * processes' local snapshots have arrived, which are missing, and for the missing ones hosted on
 * the members that told, the incoming channels still awaiting a marker (empty: it has not
 * processed its first marker yet), and what waits on the channels into the missing processes
 * (envelopes queued at the sender, items not yet acknowledged by the receiver), which is where a
 * marker sits when a receiver is slow or paused. {@code Snapshots.progress} tells what this member
 * knows at once; {@code Snapshots.inspect} asks the other members too. A point-in-time copy.
 *
 * @param snapshotId       the snapshot
 * @param recorded         processes whose local snapshot arrived
 * @param missing          processes whose local snapshot has not arrived
 * @param awaitingMarkers  for each missing process whose member told, its channels still awaiting a marker
 * @param backlogs         for channels into missing processes whose sending member told, what waits on them
 */
public record SnapshotProgress(long snapshotId, Set<String> recorded, Set<String> missing,
                               Map<String, Set<ChannelId>> awaitingMarkers, Map<ChannelId, ChannelBacklog> backlogs) {
    public SnapshotProgress {
        recorded = Set.copyOf(recorded);
        missing = Set.copyOf(missing);
        awaitingMarkers = Map.copyOf(awaitingMarkers);
        backlogs = Map.copyOf(backlogs);
    }

    /** Progress with no channel backlogs known. */
    public SnapshotProgress(long snapshotId, Set<String> recorded, Set<String> missing,
                            Map<String, Set<ChannelId>> awaitingMarkers) {
        this(snapshotId, recorded, missing, awaitingMarkers, Map.of());
    }

    /**
     * E.g. {@code snapshot 7: 2 of 3 recorded; c awaits markers on [b->c]; b->c: 0 queued at the
     * sender, 5 items unacknowledged, 4 items unprocessed by c}: the missing processes, then every
     * channel into one of them where envelopes wait ({@link ChannelBacklog#holdsBack}).
     */
    public String describe() {
        StringBuilder b = new StringBuilder("snapshot " + snapshotId + ": " + recorded.size() + " of "
                + (recorded.size() + missing.size()) + " recorded");
        for (String p : new TreeSet<>(missing)) {
            Set<ChannelId> open = awaitingMarkers.get(p);
            b.append("; ").append(p);
            if (open == null) {
                b.append(" has not reported (hosted elsewhere, or its piece is on its way)");
            } else if (open.isEmpty()) {
                b.append(" has not received a marker");
            } else {
                b.append(" awaits markers on ").append(new TreeSet<>(open));
            }
        }
        for (ChannelBacklog backlog : holdingBack()) {
            b.append("; ").append(backlog.describe());
        }
        return b.toString();
    }

    /** The backlogs where envelopes wait ({@link ChannelBacklog#holdsBack}), in channel order. */
    public List<ChannelBacklog> holdingBack() {
        List<ChannelBacklog> out = new ArrayList<>();
        for (ChannelId c : new TreeSet<>(backlogs.keySet())) {
            ChannelBacklog backlog = backlogs.get(c);
            if (backlog.holdsBack()) {
                out.add(backlog);
            }
        }
        return out;
    }
}
