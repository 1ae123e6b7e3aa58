package io.cutwatch.hazelcast;

import io.cutwatch.model.ChannelId;
import io.cutwatch.snapshot.FailureReason;
import io.cutwatch.snapshot.SnapshotFailure;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link SnapshotFailure} on the wire: the typed reason by name, the processes, the channels
 * (as parallel arrays of their ends) and the member it names. Compact, zero-config (strings and
 * string arrays only, so members of other versions can read what they know).
 */
public record FailureNotice(long snapshotId, String reason, String[] processes, String[] channelFroms,
                            String[] channelTos, String member, String detail, String fromMember)
        implements ControlMessage {

    static FailureNotice of(SnapshotFailure f, String fromMember) {
        String[] froms = new String[f.channels().size()];
        String[] tos = new String[froms.length];
        int i = 0;
        for (ChannelId c : f.channels()) {
            froms[i] = c.from();
            tos[i++] = c.to();
        }
        return new FailureNotice(f.snapshotId(), f.reason().name(), f.processes().toArray(String[]::new), froms, tos,
                f.member().orElse(null), f.detail(), fromMember);
    }

    /**
     * The failure this notice carries.
     *
     * @throws MalformedWireException if a field is missing or the reason is not one this version knows
     */
    SnapshotFailure toFailure() {
        FailureReason r;
        try {
            r = FailureReason.valueOf(reason);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new MalformedWireException("failure notice for snapshot " + snapshotId + " has unknown reason '"
                    + reason + "'");
        }
        if (processes == null || channelFroms == null || channelTos == null || channelFroms.length != channelTos.length
                || detail == null) {
            throw new MalformedWireException("failure notice for snapshot " + snapshotId + " is incomplete");
        }
        Set<ChannelId> channels = new LinkedHashSet<>();
        for (int i = 0; i < channelFroms.length; i++) {
            channels.add(ChannelId.of(channelFroms[i], channelTos[i]));
        }
        return new SnapshotFailure(snapshotId, r, Set.copyOf(Arrays.asList(processes)), channels,
                Optional.ofNullable(member), detail);
    }
}
