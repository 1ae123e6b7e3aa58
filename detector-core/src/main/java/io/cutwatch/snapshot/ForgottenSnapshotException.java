package io.cutwatch.snapshot;

import io.cutwatch.model.ChannelId;
import io.cutwatch.model.CutwatchException;

import java.util.Optional;

/**
 * A marker or an initiation for a snapshot id that a {@link ChandyLamport} engine no longer
 * remembers: the id is not in flight there and is at or below its
 * {@link ChandyLamport#forgottenUpTo() horizon}, so the engine cannot tell a late duplicate from
 * a first marker and refuses it. Nothing is recorded and no marker is sent. Most often a late
 * duplicate marker; otherwise the snapshot is older than the last
 * {@link ChandyLamport#rememberedIds() rememberedIds} snapshots finished there, and has almost
 * certainly timed out at its assembler already.
 */
public final class ForgottenSnapshotException extends CutwatchException {
    private final long snapshotId;
    private final String processId;
    private final long forgottenUpTo;
    private final ChannelId channel;

    ForgottenSnapshotException(long snapshotId, String processId, long forgottenUpTo, int rememberedIds,
                               ChannelId channel) {
        super((channel == null
                ? "snapshot id " + snapshotId + " cannot be started at " + processId
                : "marker for snapshot " + snapshotId + " on " + channel + " refused at " + processId)
                + ": " + processId + " no longer remembers snapshot ids <= " + forgottenUpTo
                + " (it keeps the last " + rememberedIds + " finished ids); "
                + (channel == null
                ? "pick a fresh, larger id"
                : "a late duplicate, or a snapshot abandoned long ago; nothing is recorded, no marker is sent"));
        this.snapshotId = snapshotId;
        this.processId = processId;
        this.forgottenUpTo = forgottenUpTo;
        this.channel = channel;
    }

    /** @return the refused snapshot id */
    public long snapshotId() {
        return snapshotId;
    }

    /** @return the process whose engine refused the id */
    public String processId() {
        return processId;
    }

    /** @return the engine's horizon when it refused: every id at or below it that is not in flight is forgotten */
    public long forgottenUpTo() {
        return forgottenUpTo;
    }

    /** @return the channel the refused marker arrived on; empty for a refused initiation */
    public Optional<ChannelId> channel() {
        return Optional.ofNullable(channel);
    }
}
