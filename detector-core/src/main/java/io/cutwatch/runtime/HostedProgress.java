package io.cutwatch.runtime;

import io.cutwatch.channel.ChannelBacklog;
import io.cutwatch.model.ChannelId;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One member's answer to "where does snapshot {@code snapshotId} stand with you": for each asked
 * process hosted there that has not finished its local snapshot, the incoming channels still
 * awaiting a marker (empty: no marker processed yet), and for each asked channel with an end
 * hosted there, its {@link ChannelBacklog} on the side(s) hosted there. Exchanged between a backend and the core through
 * {@link CoreEndpoint#hostedProgress} and {@link Backend#progressElsewhere}.
 *
 * @param member           the member that answered (a backend's name for it; "local" on a single-member backend)
 * @param awaitingMarkers  asked processes hosted there and still recording (or not started), with their open channels
 * @param backlogs         asked channels with an end hosted there, read on that side
 */
public record HostedProgress(String member, Map<String, Set<ChannelId>> awaitingMarkers,
                             Map<ChannelId, ChannelBacklog> backlogs) {
    public HostedProgress {
        Objects.requireNonNull(member, "member");
        awaitingMarkers = Map.copyOf(awaitingMarkers);
        backlogs = Map.copyOf(backlogs);
    }
}
