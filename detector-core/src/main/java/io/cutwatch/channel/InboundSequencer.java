package io.cutwatch.channel;

import io.cutwatch.model.ChannelId;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The receiver's per-channel sequence check.
 *
 * <p>For each channel it expects 1, 2, 3, ... and classifies anything else as a
 * {@link ChannelFault}: a gap (some messages missing), a duplicate (already delivered) or a
 * reorder (a missing message arriving late). The verdict says whether the envelope should still
 * be delivered: gaps and reorders carry data the application has not seen, so they are
 * delivered (nothing more is lost); duplicates are dropped. Missing sequence numbers are kept as
 * ranges, so memory is O(number of gaps), not O(messages). Not thread-safe: one owner thread.
 */
public final class InboundSequencer {
    /** The outcome of {@link #check}: deliver or not, and the fault if there was one. */
    public record Verdict(boolean deliver, ChannelFault fault) {
        static final Verdict IN_ORDER = new Verdict(true, null);

        public boolean inOrder() {
            return fault == null;
        }
    }

    private final Map<ChannelId, Long> expected = new HashMap<>();
    /** Per channel: missing ranges start -> end (inclusive). */
    private final Map<ChannelId, TreeMap<Long, Long>> missing = new HashMap<>();

    /** The next sequence number expected on {@code channel}. */
    public long expected(ChannelId channel) {
        return expected.getOrDefault(channel, 1L);
    }

    public Verdict check(ChannelId channel, long seq) {
        long want = expected(channel);
        if (seq == want) {
            expected.put(channel, want + 1);
            return Verdict.IN_ORDER;
        }
        if (seq > want) {
            missing.computeIfAbsent(channel, c -> new TreeMap<>()).put(want, seq - 1);
            expected.put(channel, seq + 1);
            return new Verdict(true, new ChannelFault(channel, ChannelFault.Kind.GAP, want, seq));
        }
        if (takeMissing(channel, seq)) {
            return new Verdict(true, new ChannelFault(channel, ChannelFault.Kind.REORDER, want, seq));
        }
        return new Verdict(false, new ChannelFault(channel, ChannelFault.Kind.DUPLICATE, want, seq));
    }

    private boolean takeMissing(ChannelId channel, long seq) {
        TreeMap<Long, Long> ranges = missing.get(channel);
        if (ranges == null) {
            return false;
        }
        Map.Entry<Long, Long> r = ranges.floorEntry(seq);
        if (r == null || r.getValue() < seq) {
            return false;
        }
        long start = r.getKey();
        long end = r.getValue();
        ranges.remove(start);
        if (start < seq) {
            ranges.put(start, seq - 1);
        }
        if (seq < end) {
            ranges.put(seq + 1, end);
        }
        return true;
    }
}
