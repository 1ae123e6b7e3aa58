package io.cutwatch.hazelcast.jobs;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.cutwatch.detect.Report;
import io.cutwatch.detect.ReportJson;
import io.cutwatch.detect.ReportStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A {@link ReportStore} shared by the members of a Hazelcast cluster: an {@link IMap} from a
 * sortable key to the report's JSON ({@link ReportJson}), so any tool can read the map without
 * Cutwatch's classes. Reports read back carry their result as a
 * {@link io.cutwatch.detect.JsonResult}.
 *
 * <p>Keys are {@code <epoch millis, 15 digits>:<member uuid>:<sequence, 12 digits>}: their string
 * order is the order of adding on one member (the clock part never goes backwards there) and the
 * order of wall-clock time across members, up to clock skew. (Flake IDs would not do: members
 * prefetch them in batches, so their order across members is the order of fetching batches.)
 *
 * <p>Bounded: after each add the oldest entries beyond {@code capacity} are removed (a member
 * adding concurrently can leave the map briefly over capacity). Survives member loss as far as the map's
 * backups do (one synchronous backup by default). Thread-safe. Cost: add and recent scan the key
 * set, O(capacity log capacity), which suits a history of hundreds to a few thousand reports.
 */
public final class IMapReportStore implements ReportStore {
    private final IMap<String, String> map;
    private final String member;
    private final int capacity;
    private long lastMillis;
    private long sequence;

    /** A store over map {@code mapName}. */
    public IMapReportStore(HazelcastInstance hz, String mapName, int capacity) {
        Objects.requireNonNull(hz, "hz");
        if (mapName == null || mapName.isBlank()) {
            throw new IllegalArgumentException("report map name must be non-blank");
        }
        if (capacity <= 0) {
            throw new IllegalArgumentException("report store capacity must be positive, got " + capacity
                    + " (map " + mapName + ")");
        }
        this.map = hz.getMap(mapName);
        this.member = hz.getCluster().getLocalMember().getUuid().toString();
        this.capacity = capacity;
    }

    /** The underlying map (sortable key -> report JSON), for tools. */
    public IMap<String, String> map() {
        return map;
    }

    private synchronized String nextKey() {
        lastMillis = Math.max(lastMillis, System.currentTimeMillis());
        return String.format("%015d:%s:%012d", lastMillis, member, ++sequence);
    }

    @Override
    public void add(Report report) {
        map.set(nextKey(), ReportJson.toJson(Objects.requireNonNull(report, "report")));
        int excess = map.size() - capacity;
        if (excess > 0) {
            TreeSet<String> keys = new TreeSet<>(map.keySet());
            for (int i = 0; i < excess && !keys.isEmpty(); i++) {
                map.delete(keys.pollFirst());
            }
        }
    }

    @Override
    public List<Report> recent(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("max must not be negative, got " + max);
        }
        TreeSet<String> keys = new TreeSet<>(map.keySet());
        List<String> wanted = new ArrayList<>(keys.descendingSet()).subList(0, Math.min(max, keys.size()));
        Map<String, String> found = map.getAll(new java.util.HashSet<>(wanted));
        List<Report> out = new ArrayList<>(wanted.size());
        for (int i = wanted.size() - 1; i >= 0; i--) {
            String json = found.get(wanted.get(i));
            if (json != null) { // trimmed meanwhile by another member
                out.add(ReportJson.fromJson(json));
            }
        }
        return out;
    }

    @Override
    public int size() {
        return Math.min(map.size(), capacity);
    }

    @Override
    public int capacity() {
        return capacity;
    }
}
