package io.cutwatch.hazelcast;

import com.hazelcast.map.IMap;
import com.hazelcast.ringbuffer.ReadResultSet;
import com.hazelcast.ringbuffer.Ringbuffer;
import com.hazelcast.ringbuffer.StaleSequenceException;
import io.cutwatch.channel.Envelope;
import io.cutwatch.clock.VectorClock;
import io.cutwatch.model.ChannelId;
import io.cutwatch.model.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The receiving end of one member pair's marker link: one ringbuffer per ordered pair of
 * members ({@code cutwatch.<ns>.ch.member:<from>-><to>}) carrying early copies of the markers
 * of every channel from a process on the first member to a process on the second. Written by a
 * {@link ChannelSender} with {@link #encode} (markers queued before the write starts, or while
 * one is in flight, share the next write, whatever their channel; the write starts when the
 * sending process's task ends, so a process's markers of one snapshot go together), read here
 * with long polls and handed to each channel's {@link InboundChannel}, which keeps the channel
 * FIFO; the marker's copy in the channel's own stream makes the stream complete without a write
 * of its own. The markers of one read are handed over in one {@link DeferredWork} unit: each
 * receiving process is woken once for the read, not once per marker.
 *
 * <p>Why: a snapshot sends one marker on each of the n(n-1) channels of a complete topology;
 * written one per channel, that is n(n-1) ringbuffer writes and long-poll wake-ups. On links,
 * markers to processes of the same member need no write at all, and the markers of one member
 * to another share writes, so a snapshot costs at most n(m-1) link writes for m members and
 * usually far fewer (every marker a member emits while a write is in flight goes in the next).
 * Jet's network layer multiplexes the edges between two members over one connection the same way.
 *
 * <p>Acknowledgements: every {@code ackEvery} items read, in the acknowledgement IMap under the
 * link's name (the sender's receive window, as for a channel). Items are handed over when read:
 * an early marker not yet due waits in its {@link InboundChannel}, not in the ringbuffer.
 */
final class MarkerLink {
    private static final Logger LOG = LoggerFactory.getLogger(MarkerLink.class);
    /** Ringbuffer names of links start with {@code <prefix>} followed by this. */
    static final String NAME_PART = "ch.member:";

    private final String name;
    private final Ringbuffer<Object> ringbuffer;
    private final IMap<String, Long> acks;
    private final Topology topology;
    /** The clock every early marker is handed over with (markers carry none on the link). */
    private final VectorClock zero;
    private final Function<ChannelId, InboundChannel> inbounds;
    private final Executor pool;
    private final ScheduledExecutorService timer;
    private final int maxRead;
    private final int ackEvery;
    private volatile boolean closed;
    private long next;
    private long ackSent;
    private volatile long itemsRead;
    private volatile long rejected;

    MarkerLink(String name, Ringbuffer<Object> ringbuffer, IMap<String, Long> acks, Topology topology,
               Function<ChannelId, InboundChannel> inbounds, Executor pool, ScheduledExecutorService timer,
               int maxRead, int ackEvery) {
        this.name = name;
        this.ringbuffer = ringbuffer;
        this.acks = acks;
        this.topology = topology;
        this.zero = VectorClock.zero(topology.size());
        this.inbounds = inbounds;
        this.pool = pool;
        this.timer = timer;
        this.maxRead = maxRead;
        this.ackEvery = ackEvery;
        this.next = RingbufferReads.firstToRead(acks, name, ringbuffer);
        this.ackSent = next - 1;
    }

    /** The ringbuffer name of the link from member {@code from} to member {@code to}. */
    static String name(String prefix, String from, String to) {
        return prefix + NAME_PART + from + "->" + to;
    }

    /** One link item for {@code markers} (any channels of {@code topology}, send order). O(markers). */
    static LinkBatch encode(String fromMember, Topology topology, List<Envelope> markers) {
        int n = markers.size();
        int[] froms = new int[n];
        int[] tos = new int[n];
        long[] seqs = new long[n];
        long[] sids = new long[n];
        for (int i = 0; i < n; i++) {
            Envelope e = markers.get(i);
            froms[i] = topology.indexOf(e.channel().from());
            tos[i] = topology.indexOf(e.channel().to());
            seqs[i] = e.seq();
            sids[i] = e.snapshotId();
        }
        return new LinkBatch(fromMember, froms, tos, seqs, sids);
    }

    void start() {
        read();
    }

    void close() {
        closed = true;
    }

    long itemsRead() {
        return itemsRead;
    }

    long rejected() {
        return rejected;
    }

    private void read() {
        if (closed) {
            return;
        }
        try {
            ringbuffer.readManyAsync(next, 1, maxRead, null).whenCompleteAsync(this::onRead, pool);
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.warn("marker link {}: cannot read: {}", name, e.toString());
            }
        }
    }

    private void onRead(ReadResultSet<Object> rs, Throwable err) {
        if (closed) {
            return;
        }
        if (err != null) {
            onReadError(err instanceof CompletionException && err.getCause() != null ? err.getCause() : err);
            return;
        }
        // One wake-up per receiving process for the whole read, not one per marker.
        SerialExecutor.handOverAsOneUnit(() -> {
            for (int i = 0; i < rs.size(); i++) {
                itemsRead++;
                deliver(rs.getSequence(i), rs, i);
            }
        });
        long last = rs.getNextSequenceToReadFrom() - 1;
        next = last + 1;
        if (last - ackSent >= ackEvery) {
            ackSent = last;
            acks.setAsync(name, last);
        }
        read();
    }

    private void deliver(long seq, ReadResultSet<Object> rs, int index) {
        LinkBatch link = RingbufferReads.item(rs, index, LinkBatch.class, why -> reject(seq, why));
        if (link == null) {
            return;
        }
        for (Envelope m : decode(link, topology, zero, why -> reject(seq, why))) {
            InboundChannel in = inbounds.apply(m.channel());
            if (in == null) {
                reject(seq, "channel " + m.channel() + " has no receiver on this member");
                continue;
            }
            in.fromLink(m);
        }
    }

    /**
     * The markers of {@code link}, in order, each with clock {@code zero}; a batch whose arrays do
     * not fit together is rejected whole, a marker that is not on a channel of {@code topology}
     * alone (each told to {@code reject}). O(markers).
     */
    static List<Envelope> decode(LinkBatch link, Topology topology, VectorClock zero, Consumer<String> reject) {
        int n = link.seqs() == null ? -1 : link.seqs().length;
        if (n <= 0 || link.froms() == null || link.froms().length != n || link.tos() == null
                || link.tos().length != n || link.snapshotIds() == null || link.snapshotIds().length != n) {
            reject.accept("malformed batch: its arrays do not fit together");
            return List.of();
        }
        int size = topology.size();
        List<Envelope> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int from = link.froms()[i];
            int to = link.tos()[i];
            if (from < 0 || from >= size || to < 0 || to >= size) {
                reject.accept("malformed marker " + i + ": process indices " + from + " -> " + to
                        + " outside a topology of " + size);
                continue;
            }
            ChannelId c;
            try {
                c = ChannelId.of(topology.process(from), topology.process(to));
                if (!topology.contains(c)) {
                    reject.accept("malformed marker " + i + ": " + c + " is not a channel of the topology");
                    continue;
                }
                out.add(Envelope.marker(c, link.seqs()[i], zero, link.snapshotIds()[i]));
            } catch (RuntimeException e) {
                reject.accept("malformed marker " + i + ": " + e.getMessage());
            }
        }
        return out;
    }

    private void onReadError(Throwable err) {
        if (err instanceof StaleSequenceException stale) {
            // Overwritten unread (only if something bypassed the window): the markers' copies in
            // their channels' streams still arrive.
            LOG.warn("marker link {}: items {}..{} were overwritten before they were read", name, next,
                    stale.getHeadSeq() - 1);
            next = stale.getHeadSeq();
            read();
            return;
        }
        if (RingbufferReads.ends(err)) {
            LOG.debug("marker link {}: reader stops: {}", name, err.toString());
            return;
        }
        LOG.warn("marker link {}: read from item {} failed, retrying: {}", name, next, err.toString());
        RingbufferReads.retrySoon(timer, this::read, "marker link " + name);
    }

    private void reject(long seq, String why) {
        rejected++;
        LOG.warn("marker link {}: item {} rejected, {}", name, seq, why);
    }
}
