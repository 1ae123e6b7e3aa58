package io.cutwatch.process;

import io.cutwatch.model.ChannelId;
import io.cutwatch.clock.VectorClock;

/**
 * One application event at a process, stamped with the process's vector clock after it.
 * Markers are not application events and do not appear. For LOCAL events channel is null and
 * seq is 0. The message id of a SEND/RECEIVE is {@code channel#seq}.
 */
public record ProcessEvent(String process, Kind kind, ChannelId channel, long seq, Object payload,
                           VectorClock clock) {
    public enum Kind { LOCAL, SEND, RECEIVE }

    /** {@code from->to#seq} for SEND/RECEIVE, null for LOCAL. */
    public String messageId() {
        return channel == null ? null : channel + "#" + seq;
    }
}
