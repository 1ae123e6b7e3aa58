package io.cutwatch.hazelcast;

import com.hazelcast.map.IMap;
import com.hazelcast.ringbuffer.ReadResultSet;
import com.hazelcast.ringbuffer.Ringbuffer;
import com.hazelcast.ringbuffer.StaleSequenceException;
import io.cutwatch.channel.Envelope;
import io.cutwatch.clock.VectorClock;
import io.cutwatch.model.ChannelId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

/**
 * The receiving end of one member pair's marker link: one ringbuffer per ordered pair of
 * members ({@code cutwatch.<ns>.ch.member:<from>-><to>}) carrying early copies of the markers
 * of every channel from a process on the first member to a process on the second. Written by a
 * {@link ChannelSender} with {@link #encode} (markers queued before the write starts, or while
 * one is in flight, share the next write, whatever their channel; the write starts from the pool,
 * so a process's markers of one snapshot usually go together), read here with long polls and handed to each
 * channel's {@link InboundChannel}, which keeps the channel FIFO; the marker's copy in the
 * channel's own stream makes the stream complete without a write of its own.
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

    MarkerLink(String name, Ringbuffer<Object> ringbuffer, IMap<String, Long> acks,
               Function<ChannelId, InboundChannel> inbounds, Executor pool, ScheduledExecutorService timer,
               int maxRead, int ackEvery) {
        this.name = name;
        this.ringbuffer = ringbuffer;
        this.acks = acks;
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

    /** One link item for {@code markers} (any channels, send order). O(markers + distinct clock entries). */
    static LinkBatch encode(String fromMember, List<Envelope> markers) {
        int n = markers.size();
        int width = markers.get(0).clock().width();
        String[] froms = new String[n];
        String[] tos = new String[n];
        long[] seqs = new long[n];
        long[] sids = new long[n];
        int[] clockOf = new int[n];
        List<VectorClock> distinct = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Envelope e = markers.get(i);
            froms[i] = e.channel().from();
            tos[i] = e.channel().to();
            seqs[i] = e.seq();
            sids[i] = e.snapshotId();
            int k = distinct.size() - 1;
            if (k < 0 || !distinct.get(k).equals(e.clock())) {
                distinct.add(e.clock());
                k++;
            }
            clockOf[i] = k;
        }
        long[] clocks = new long[distinct.size() * width];
        for (int k = 0; k < distinct.size(); k++) {
            for (int j = 0; j < width; j++) {
                clocks[k * width + j] = distinct.get(k).get(j);
            }
        }
        return new LinkBatch(fromMember, froms, tos, seqs, sids, clockOf, width, clocks);
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
        SerialExecutor.DELIVERING.set(Boolean.TRUE);
        // One wake-up per receiving process for the whole read, not one per marker.
        boolean unit = DeferredWork.open();
        try {
            for (int i = 0; i < rs.size(); i++) {
                itemsRead++;
                deliver(rs.getSequence(i), rs, i);
            }
        } finally {
            SerialExecutor.DELIVERING.set(Boolean.FALSE);
            if (unit) {
                DeferredWork.close();
            }
        }
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
        int n = link.seqs() == null ? -1 : link.seqs().length;
        int width = link.width();
        if (n <= 0 || width <= 0 || link.froms() == null || link.froms().length != n || link.tos() == null
                || link.tos().length != n || link.snapshotIds() == null || link.snapshotIds().length != n
                || link.clockOf() == null || link.clockOf().length != n || link.clocks() == null
                || link.clocks().length % width != 0) {
            reject(seq, "malformed batch: its arrays do not fit together");
            return;
        }
        VectorClock[] clocks = new VectorClock[link.clocks().length / width];
        for (int i = 0; i < n; i++) {
            Envelope m;
            InboundChannel in;
            try {
                ChannelId c = ChannelId.of(link.froms()[i], link.tos()[i]);
                in = inbounds.apply(c);
                if (in == null) {
                    reject(seq, "channel " + c + " has no receiver on this member");
                    continue;
                }
                int k = link.clockOf()[i];
                if (clocks[k] == null) {
                    clocks[k] = VectorClock.of(Arrays.copyOfRange(link.clocks(), k * width, k * width + width));
                }
                m = Envelope.marker(c, link.seqs()[i], clocks[k], link.snapshotIds()[i]);
            } catch (RuntimeException e) {
                reject(seq, "malformed marker " + i + ": " + e.getMessage());
                continue;
            }
            in.fromLink(m);
        }
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
