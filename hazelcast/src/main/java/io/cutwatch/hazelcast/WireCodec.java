package io.cutwatch.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.internal.serialization.impl.HeapData;
import com.hazelcast.spi.impl.SerializationServiceSupport;
import io.cutwatch.model.Topology;
import io.cutwatch.model.ChannelId;
import io.cutwatch.channel.Envelope;
import io.cutwatch.clock.VectorClock;
import io.cutwatch.snapshot.LocalSnapshot;
import io.cutwatch.snapshot.RecordedMessages;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Converts envelopes and local snapshots to their Compact wire records and back. Application
 * objects (payloads, captured states) travel as their Hazelcast serialized form, so they may be
 * anything the member's serialization handles: Compact (plain records and classes, or registered
 * serializers), DataSerializable, or Java-serializable classes the deserialization filter allows.
 *
 * <p>Uses Hazelcast's internal {@code SerializationService} of the instance (the same one its
 * data structures use). Thread-safe. Encoding is O(total bytes).
 */
final class WireCodec {
    private static final int MAX_WIDTH = 1 << 16;

    private final SerializationService serialization;

    WireCodec(HazelcastInstance hz) {
        if (!(hz instanceof SerializationServiceSupport support)) {
            throw new IllegalArgumentException("HazelcastInstance " + hz.getName() + " of type "
                    + hz.getClass().getName() + " exposes no serialization service");
        }
        this.serialization = support.getSerializationService();
    }

    /** Serialized form of {@code o} (Hazelcast {@code Data} bytes). */
    byte[] toBytes(Object o) {
        Data d = serialization.toData(o);
        return d.toByteArray();
    }

    Object fromBytes(byte[] bytes, int offset, int length) {
        return serialization.toObject(new HeapData(Arrays.copyOfRange(bytes, offset, offset + length)));
    }

    WireBatch encode(ChannelId channel, List<Envelope> envelopes) {
        int n = envelopes.size();
        int width = envelopes.get(0).clock().width();
        long[] seqs = new long[n];
        long[] sids = new long[n];
        long[] clocks = new long[n * width];
        int[] lengths = new int[n];
        Bytes out = new Bytes(n * 64);
        for (int i = 0; i < n; i++) {
            Envelope e = envelopes.get(i);
            seqs[i] = e.seq();
            sids[i] = e.snapshotId();
            for (int k = 0; k < width; k++) {
                clocks[i * width + k] = e.clock().get(k);
            }
            if (!e.isMarker()) {
                byte[] b = toBytes(e.payload());
                lengths[i] = b.length;
                out.write(b);
            }
        }
        return new WireBatch(channel.from(), channel.to(), seqs, sids, clocks, lengths, out.toArray());
    }

    /**
     * The envelopes of {@code batch}, which was read from the ringbuffer of {@code channel}.
     *
     * @throws MalformedWireException if the batch does not belong to the channel or its arrays do not fit together
     */
    List<Envelope> decode(ChannelId channel, WireBatch b) {
        if (!channel.from().equals(b.from()) || !channel.to().equals(b.to())) {
            throw new MalformedWireException("batch claims channel " + b.from() + "->" + b.to());
        }
        if (b.seqs() == null || b.snapshotIds() == null || b.clocks() == null || b.payloadLengths() == null
                || b.payloads() == null) {
            throw new MalformedWireException("batch has a missing array");
        }
        int n = b.seqs().length;
        if (n == 0 || b.snapshotIds().length != n || b.payloadLengths().length != n || b.clocks().length % n != 0
                || b.clocks().length / n > MAX_WIDTH) {
            throw new MalformedWireException("batch arrays do not fit: " + n + " seqs, " + b.snapshotIds().length
                    + " snapshot ids, " + b.payloadLengths().length + " payload lengths, " + b.clocks().length
                    + " clock entries");
        }
        int width = b.clocks().length / n;
        List<Envelope> out = new ArrayList<>(n);
        int offset = 0;
        byte[] bytes = b.payloads();
        for (int i = 0; i < n; i++) {
            int len = b.payloadLengths()[i];
            if (len < 0 || offset + len > bytes.length) {
                throw new MalformedWireException("payload " + i + " of length " + len + " overruns "
                        + bytes.length + " payload bytes");
            }
            try {
                VectorClock clock = VectorClock.of(Arrays.copyOfRange(b.clocks(), i * width, i * width + width));
                long sid = b.snapshotIds()[i];
                if (sid == Envelope.NO_SNAPSHOT) {
                    if (len == 0) {
                        throw new MalformedWireException("message " + i + " (seq " + b.seqs()[i] + ") has no payload");
                    }
                    out.add(Envelope.message(channel, b.seqs()[i], clock, fromBytes(bytes, offset, len)));
                } else {
                    out.add(Envelope.marker(channel, b.seqs()[i], clock, sid));
                }
            } catch (IllegalArgumentException e) {
                throw new MalformedWireException("envelope " + i + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                if (e instanceof MalformedWireException) {
                    throw e;
                }
                throw new MalformedWireException("envelope " + i + " (seq " + b.seqs()[i]
                        + "): payload cannot be deserialized: " + e, e);
            }
            offset += len;
        }
        if (offset != bytes.length) {
            throw new MalformedWireException((bytes.length - offset) + " trailing payload bytes");
        }
        return out;
    }

    StoredPiece encodePiece(LocalSnapshot<?> piece) {
        return encodePiece(piece, c -> null);
    }

    /**
     * The stored form of {@code piece}. A recorded payload whose received bytes {@code received}
     * still keeps for its channel is stored as those bytes (what arrived on the wire, the
     * serialized form it was decoded from) instead of being serialized again; any other payload
     * is serialized here. {@code received} may answer null for a channel.
     */
    StoredPiece encodePiece(LocalSnapshot<?> piece, Function<ChannelId, ReceivedPayloads> received) {
        int k = piece.channels().size();
        String[] froms = new String[k];
        int[] counts = new int[k];
        int total = 0;
        for (List<Object> msgs : piece.channels().values()) {
            total += msgs.size();
        }
        int[] lens = new int[total];
        Bytes out = new Bytes(256 + total * 32);
        int c = 0;
        int m = 0;
        for (Map.Entry<ChannelId, List<Object>> e : piece.channels().entrySet()) {
            List<Object> msgs = e.getValue();
            froms[c] = e.getKey().from();
            counts[c] = msgs.size();
            ReceivedPayloads kept = msgs.isEmpty() ? null : received.apply(e.getKey());
            ReceivedPayloads.Slices slices = kept == null ? null : kept.find(msgs);
            for (int j = 0; j < msgs.size(); j++) {
                if (slices != null && slices.has(j)) {
                    lens[m++] = slices.lengths()[j];
                    out.write(slices.buffers()[j], slices.offsets()[j], slices.lengths()[j]);
                } else {
                    byte[] b = toBytes(msgs.get(j));
                    lens[m++] = b.length;
                    out.write(b, 0, b.length);
                }
            }
            c++;
        }
        return new StoredPiece(piece.snapshotId(), piece.processId(), piece.frontier().toArray(),
                toBytes(piece.state()), froms, counts, lens, out.toArray(), "");
    }

    /**
     * Decodes a stored piece checked against the topology. The captured state is decoded here;
     * the recorded messages stay in their stored form, each channel's as a {@link RecordedMessages}
     * list decoded when first read (most snapshots are never read message by message). The
     * piece's structure is checked here, so what can fail at read time is only deserializing a
     * payload (e.g. a class the deserialization filter refuses, or members that disagree on a
     * class): then reading that channel throws an {@link io.cutwatch.snapshot.UndecodableMessagesException}
     * naming the snapshot and channel. O(channels + messages) here; the decoding O(bytes) at first read.
     *
     * @throws MalformedWireException naming the snapshot and process if the piece's structure or state does not decode
     */
    LocalSnapshot<Object> decodePiece(StoredPiece sp, Topology topology) {
        if (sp.processId() == null || !topology.contains(sp.processId())) {
            throw new MalformedWireException("stored piece from process " + sp.processId() + " outside " + topology);
        }
        try {
            return decodeChecked(sp);
        } catch (MalformedWireException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MalformedWireException(pieceName(sp) + " cannot be decoded: " + e, e);
        }
    }

    /**
     * {@link #decodePiece(StoredPiece, Topology)} with every recorded message decoded now, for a
     * caller that promises a fully decoded snapshot or a {@link MalformedWireException}.
     */
    LocalSnapshot<Object> decodePieceFully(StoredPiece sp, Topology topology) {
        LocalSnapshot<Object> piece = decodePiece(sp, topology);
        for (List<Object> msgs : piece.channels().values()) {
            try {
                msgs.toArray();
            } catch (RuntimeException e) {
                throw new MalformedWireException(pieceName(sp) + " cannot be decoded: " + e.getMessage(), e);
            }
        }
        return piece;
    }

    private static String pieceName(StoredPiece sp) {
        return "stored piece of " + sp.processId() + " for snapshot " + sp.snapshotId();
    }

    private LocalSnapshot<Object> decodeChecked(StoredPiece sp) {
        if (sp.channelFroms() == null || sp.channelCounts() == null || sp.payloadLengths() == null
                || sp.payloads() == null || sp.state() == null || sp.frontier() == null) {
            throw new MalformedWireException(pieceName(sp) + " has a missing array");
        }
        if (sp.channelFroms().length != sp.channelCounts().length) {
            throw new MalformedWireException(pieceName(sp) + " has " + sp.channelFroms().length + " channels but "
                    + sp.channelCounts().length + " counts");
        }
        int[] lens = sp.payloadLengths();
        byte[] payloads = sp.payloads();
        Map<ChannelId, List<Object>> channels = new LinkedHashMap<>();
        long offset = 0;
        int m = 0;
        for (int k = 0; k < sp.channelFroms().length; k++) {
            int count = sp.channelCounts()[k];
            if (count < 0 || count > lens.length - m) {
                throw new MalformedWireException(pieceName(sp) + " counts " + count + " messages on channel " + k
                        + " but has " + (lens.length - m) + " payload lengths left");
            }
            int first = m;
            long start = offset;
            for (int j = 0; j < count; j++, m++) {
                if (lens[m] < HeapData.HEAP_DATA_OVERHEAD) {
                    throw new MalformedWireException(pieceName(sp) + " has a recorded payload of " + lens[m]
                            + " bytes, shorter than any serialized object");
                }
                offset += lens[m];
            }
            if (offset > payloads.length) {
                throw new MalformedWireException(pieceName(sp) + ": payload lengths overrun " + payloads.length
                        + " payload bytes");
            }
            ChannelId c = new ChannelId(sp.channelFroms()[k], sp.processId());
            channels.put(c, count == 0 ? List.of()
                    : new RecordedMessages(sp.snapshotId(), c, count, () -> decodeMessages(payloads, (int) start, lens,
                            first, count)));
        }
        if (m != lens.length || offset != payloads.length) {
            throw new MalformedWireException(pieceName(sp) + " has " + (lens.length - m) + " payload lengths and "
                    + (payloads.length - offset) + " payload bytes that no channel counts");
        }
        Object state = fromBytes(sp.state(), 0, sp.state().length);
        return new LocalSnapshot<>(sp.snapshotId(), sp.processId(), state, channels, VectorClock.of(sp.frontier()));
    }

    /** The {@code count} payloads whose lengths are {@code lens[first..]}, laid out from {@code offset} of {@code bytes}. */
    private List<Object> decodeMessages(byte[] bytes, int offset, int[] lens, int first, int count) {
        List<Object> out = new ArrayList<>(count);
        for (int j = 0; j < count; j++) {
            int len = lens[first + j];
            try {
                out.add(fromBytes(bytes, offset, len));
            } catch (RuntimeException e) {
                throw new MalformedWireException("message " + j + " cannot be deserialized: " + e, e);
            }
            offset += len;
        }
        return out;
    }

    /** A growable byte buffer without synchronization. */
    private static final class Bytes {
        private byte[] buf;
        private int size;

        Bytes(int initial) {
            buf = new byte[Math.max(16, initial)];
        }

        void write(byte[] b) {
            write(b, 0, b.length);
        }

        void write(byte[] b, int offset, int length) {
            if (size + length > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + length));
            }
            System.arraycopy(b, offset, buf, size, length);
            size += length;
        }

        byte[] toArray() {
            return Arrays.copyOf(buf, size);
        }
    }
}
