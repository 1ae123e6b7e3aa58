package io.cutwatch.snapshot;

import io.cutwatch.model.ChannelId;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Why one snapshot failed: a typed {@link FailureReason}, the processes, channels and member it
 * concerns, and a sentence for people. Immutable; travels between members as it is.
 *
 * @param snapshotId the snapshot that failed
 * @param reason     what went wrong, as a constant
 * @param processes  the processes at fault or missing (may be empty)
 * @param channels   the channels at fault or still awaiting markers (may be empty)
 * @param member     the member that left, for {@link FailureReason#MEMBER_LOST}
 * @param detail     what happened, in words, naming the same parties
 */
public record SnapshotFailure(long snapshotId, FailureReason reason, Set<String> processes, Set<ChannelId> channels,
                              Optional<String> member, String detail) {
    public SnapshotFailure {
        Objects.requireNonNull(reason, "reason");
        processes = Set.copyOf(processes);
        channels = Set.copyOf(channels);
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(detail, "detail");
    }

    /** A failure concerning one process. */
    public static SnapshotFailure ofProcess(long snapshotId, FailureReason reason, String processId, String detail) {
        return new SnapshotFailure(snapshotId, reason, Set.of(processId), Set.of(), Optional.empty(), detail);
    }

    /** A failure concerning one channel, observed by its receiving process. */
    public static SnapshotFailure ofChannel(long snapshotId, FailureReason reason, ChannelId channel, String detail) {
        return new SnapshotFailure(snapshotId, reason, Set.of(channel.to()), Set.of(channel), Optional.empty(), detail);
    }

    /** {@code "snapshot <id> failed (<REASON>): <detail>"}. */
    public String message() {
        return "snapshot " + snapshotId + " failed (" + reason + "): " + detail;
    }
}
