package io.cutwatch.hazelcast;

import com.hazelcast.map.IMap;
import io.cutwatch.model.Topology;
import io.cutwatch.snapshot.GlobalSnapshot;
import io.cutwatch.snapshot.LocalSnapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Comparator;

/**
 * The central location of one namespace: every process's local snapshot in the IMap
 * {@code cutwatch.<ns>.pieces} keyed by (snapshot id, process id), and an index of completed
 * snapshots in {@code cutwatch.<ns>.snapshots}. Completed snapshots are kept up to
 * {@link HazelcastOptions#retainSnapshots()}: within about a second of a completion the
 * initiating member deletes the oldest beyond that. Pieces of failed snapshots are deleted by the initiating member within seconds.
 *
 * <p>Reads go to the cluster (blocking calls; do not call from a process handler). A fetched
 * snapshot is re-assembled from its stored pieces and re-checked (coverage and consistency), so a
 * damaged store can not produce an inconsistent snapshot. Ids are flake ids: ordered by time of
 * initiation only within one member; {@link #list()} orders by completion time. Thread-safe.
 */
public final class SnapshotStore {
    private final HazelcastBackend backend;

    SnapshotStore(HazelcastBackend backend) {
        this.backend = backend;
    }

    /**
     * Ids of the retained completed snapshots, oldest first: by completion time at the assembling
     * member, then id. (Flake ids are unique but, with per-member prefetching, not ordered across
     * members.) O(r log r) for r retained.
     */
    public List<Long> list() {
        List<SnapshotInfo> infos = new ArrayList<>(backend.index().values());
        infos.sort(Comparator.comparingLong(SnapshotInfo::completedAtMillis).thenComparingLong(SnapshotInfo::snapshotId));
        return infos.stream().map(SnapshotInfo::snapshotId).toList();
    }

    /** The index entry of snapshot {@code id}, if it is retained. */
    public Optional<SnapshotInfo> info(long id) {
        return Optional.ofNullable(backend.index().get(id));
    }

    /**
     * Snapshot {@code id} re-assembled from the store, or empty if it is not retained (never
     * completed, failed, deleted or evicted).
     *
     * @throws io.cutwatch.snapshot.InconsistentCutException if the stored pieces do not form a consistent snapshot
     * @throws MalformedWireException                         if a stored piece cannot be decoded
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <S> Optional<GlobalSnapshot<S>> fetch(long id) {
        if (!backend.index().containsKey(id)) {
            return Optional.empty();
        }
        Topology topology = backend.topology();
        IMap<PieceKey, StoredPiece> pieces = backend.pieces();
        List<LocalSnapshot<Object>> out = new ArrayList<>();
        for (String p : topology.processes()) {
            StoredPiece sp = pieces.get(new PieceKey(id, p));
            if (sp == null) {
                return Optional.empty();
            }
            out.add(backend.codec().decodePieceFully(sp, topology));
        }
        GlobalSnapshot<Object> snapshot = GlobalSnapshot.assemble(id, topology, out);
        return Optional.of((GlobalSnapshot<S>) (GlobalSnapshot) snapshot);
    }

    /** Deletes snapshot {@code id} (index entry and pieces); true if it was retained. */
    public boolean delete(long id) {
        boolean was = backend.index().remove(id) != null;
        for (String p : backend.topology().processes()) {
            backend.pieces().delete(new PieceKey(id, p));
        }
        return was;
    }

    /**
     * The failed snapshots of this namespace, newest first, with their typed reasons: kept in the
     * cluster (they outlive the member that assembled them), up to {@link #retain()} of them.
     * O(f log f) for f kept.
     */
    public List<FailedSnapshot> failures() {
        List<FailedSnapshot> out = new ArrayList<>(backend.failures().values());
        out.sort(Comparator.comparingLong(FailedSnapshot::failedAtMillis).thenComparingLong(FailedSnapshot::snapshotId)
                .reversed());
        return out;
    }

    /** Deletes the oldest kept failures beyond {@link #retain()}; returns how many. */
    int trimFailures() {
        List<FailedSnapshot> all = failures();
        for (int i = retain(); i < all.size(); i++) {
            backend.failures().delete(all.get(i).snapshotId());
        }
        return Math.max(0, all.size() - retain());
    }

    /** How many completed snapshots are kept. */
    public int retain() {
        return backend.options().retainSnapshots();
    }

    /** Deletes the oldest retained snapshots beyond {@link #retain()}; returns how many. */
    int trim() {
        List<Long> ids = list();
        int excess = ids.size() - retain();
        for (int i = 0; i < excess; i++) {
            delete(ids.get(i));
        }
        return Math.max(0, excess);
    }
}
