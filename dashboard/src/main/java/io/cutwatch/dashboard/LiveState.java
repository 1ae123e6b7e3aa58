package io.cutwatch.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutwatch.Cutwatch;
import io.cutwatch.SnapshotObserver;
import io.cutwatch.clock.VectorClock;
import io.cutwatch.detect.JobClock;
import io.cutwatch.detect.Report;
import io.cutwatch.detect.ReportJson;
import io.cutwatch.detect.ResultGraph;
import io.cutwatch.detect.Verdict;
import io.cutwatch.detect.Viewable;
import io.cutwatch.channel.ChannelBacklog;
import io.cutwatch.model.ChannelId;
import io.cutwatch.snapshot.GlobalSnapshot;
import io.cutwatch.snapshot.SnapshotFailure;
import io.cutwatch.snapshot.SnapshotProgress;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What the dashboard knows, kept by its own thread. Process and backend threads only append to
 * two lock-free queues (snapshot outcomes from the {@link SnapshotObserver}, reports from the job
 * listener or {@link CutwatchDashboard#report}), which costs them one small allocation and a CAS;
 * everything else (draining, bookkeeping, progress of snapshots in flight, JSON) runs in
 * {@link #tick()} on the dashboard thread, and HTTP threads read under this object's lock.
 */
final class LiveState implements SnapshotObserver {
    /** A snapshot outcome as it arrives from the snapshot service. */
    private record Event(long id, long nanos, long wallMillis, GlobalSnapshot<?> snapshot, SnapshotFailure failure) {
    }

    /** One snapshot on the timeline. */
    static final class Entry {
        final long id;
        final long initiatedNanos;
        final long initiatedWallMillis;
        String status = "IN_FLIGHT";
        long latencyNanos = -1;
        int messages = -1;
        SnapshotFailure failure;

        Entry(long id, long initiatedNanos, long initiatedWallMillis) {
            this.id = id;
            this.initiatedNanos = initiatedNanos;
            this.initiatedWallMillis = initiatedWallMillis;
        }
    }

    /** A report as kept: its arrival order and the report. */
    record Kept(long seq, long wallMillis, Report report) {
    }

    /** How long a snapshot is in flight before the dashboard asks the other members about it. */
    static final long INSPECT_AFTER_NANOS = 500_000_000L;

    private final Cutwatch cw;
    /** The latest cluster-wide view of each snapshot in flight, from {@code Snapshots.inspect}. */
    private final Map<Long, SnapshotProgress> inspected = new ConcurrentHashMap<>();
    /** Snapshots with an inspection outstanding (at most one each). */
    private final Set<Long> inspecting = ConcurrentHashMap.newKeySet();
    private final DashboardOptions options;
    private final JobClock clock;
    private final ConcurrentLinkedQueue<Event> events = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Report> incoming = new ConcurrentLinkedQueue<>();
    /** Oldest first; at most {@code timelineLength}. */
    private final LinkedHashMap<Long, Entry> timeline = new LinkedHashMap<>();
    /** Completed snapshots kept whole, oldest first. */
    private final LinkedHashMap<Long, GlobalSnapshot<?>> retained = new LinkedHashMap<>();
    /** Per "job\u0000detector", sorted by job then detector: reports oldest first. */
    private final TreeMap<String, Deque<Kept>> reports = new TreeMap<>();
    private long reportSeq;

    LiveState(Cutwatch cw, DashboardOptions options) {
        this.cw = cw;
        this.options = options;
        this.clock = JobClock.of(cw.backend());
    }

    // ---- called on process, backend and job threads: append only ----

    @Override
    public void initiated(long snapshotId) {
        events.add(new Event(snapshotId, clock.nanoTime(), System.currentTimeMillis(), null, null));
    }

    @Override
    public void completed(GlobalSnapshot<?> snapshot) {
        events.add(new Event(snapshot.id(), clock.nanoTime(), System.currentTimeMillis(), snapshot, null));
    }

    @Override
    public void failed(SnapshotFailure failure) {
        events.add(new Event(failure.snapshotId(), clock.nanoTime(), System.currentTimeMillis(), null, failure));
    }

    void offer(Report report) {
        incoming.add(report);
    }

    // ---- the dashboard thread ----

    /** Drains what arrived since the last tick; true if anything changed. */
    synchronized boolean tick() {
        boolean changed = false;
        for (Event e; (e = events.poll()) != null; ) {
            changed = true;
            Entry entry = timeline.get(e.id());
            if (entry == null) {
                entry = new Entry(e.id(), e.snapshot() == null && e.failure() == null ? e.nanos() : -1,
                        e.wallMillis());
                timeline.put(e.id(), entry);
            }
            if (e.snapshot() != null) {
                entry.status = "COMPLETED";
                entry.messages = e.snapshot().inTransitCount();
                if (entry.initiatedNanos >= 0) {
                    entry.latencyNanos = Math.max(0, e.nanos() - entry.initiatedNanos);
                }
                retained.put(e.id(), e.snapshot());
            } else if (e.failure() != null) {
                entry.status = "FAILED";
                entry.failure = e.failure();
                if (entry.initiatedNanos >= 0) {
                    entry.latencyNanos = Math.max(0, e.nanos() - entry.initiatedNanos);
                }
            }
        }
        trim(timeline, options.timelineLength());
        trim(retained, options.retainedSnapshots());
        for (Report r; (r = incoming.poll()) != null; ) {
            changed = true;
            Deque<Kept> q = reports.computeIfAbsent(r.job() + '\u0000' + r.detector(), k -> new ArrayDeque<>());
            q.addLast(new Kept(reportSeq++, System.currentTimeMillis(), r));
            while (q.size() > options.reportsPerJob()) {
                q.removeFirst();
            }
        }
        return changed;
    }

    private static void trim(LinkedHashMap<Long, ?> map, int max) {
        Iterator<Long> it = map.keySet().iterator();
        while (map.size() > max && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    // ---- JSON, on the dashboard thread or an HTTP thread ----

    /** Timeline entries, newest first, at most {@code limit}. */
    synchronized ArrayNode snapshots(int limit) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        List<Entry> all = new ArrayList<>(timeline.values());
        for (int i = all.size() - 1; i >= 0 && out.size() < limit; i--) {
            out.add(summary(all.get(i)));
        }
        return out;
    }

    /** Timeline entries oldest first, the last {@code n}. */
    synchronized ArrayNode timeline(int n) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        List<Entry> all = new ArrayList<>(timeline.values());
        for (Entry e : all.subList(Math.max(0, all.size() - n), all.size())) {
            out.add(summary(e));
        }
        return out;
    }

    private ObjectNode summary(Entry e) {
        ObjectNode n = Json.object();
        n.put("id", Long.toString(e.id));
        n.put("status", e.status);
        n.put("initiatedAt", e.initiatedWallMillis);
        if (e.latencyNanos >= 0) {
            n.put("latencyMillis", e.latencyNanos / 1e6);
        } else {
            n.putNull("latencyMillis");
        }
        if (e.messages >= 0) {
            n.put("messagesInTransit", e.messages);
        }
        n.put("retained", retained.containsKey(e.id));
        if (e.failure != null) {
            n.set("failure", failure(e.failure));
        }
        return n;
    }

    private static ObjectNode failure(SnapshotFailure f) {
        ObjectNode n = Json.object();
        n.put("reason", f.reason().name());
        n.put("detail", f.detail());
        n.put("message", f.message());
        f.member().ifPresentOrElse(m -> n.put("member", m), () -> n.putNull("member"));
        ArrayNode ps = n.putArray("processes");
        new TreeSet<>(f.processes()).forEach(ps::add);
        ArrayNode cs = n.putArray("channels");
        f.channels().stream().map(ChannelId::toString).sorted().forEach(cs::add);
        return n;
    }

    /**
     * The snapshots in flight now, with what each still waits for. A snapshot in flight for longer
     * than {@link #INSPECT_AFTER_NANOS} is also inspected across the cluster
     * ({@code Snapshots.inspect}, asynchronously: never waited on here); its latest answer is shown
     * when it is newer than what this member alone knows.
     */
    ArrayNode inFlight() {
        ArrayNode out = Json.MAPPER.createArrayNode();
        long now = clock.nanoTime();
        Set<Long> ids = new TreeSet<>(cw.snapshots().inFlight());
        inspected.keySet().retainAll(ids);
        for (long id : ids) {
            Optional<SnapshotProgress> p = cw.snapshots().progress(id);
            if (p.isEmpty()) {
                continue;
            }
            Long started;
            synchronized (this) {
                Entry e = timeline.get(id);
                started = e == null || e.initiatedNanos < 0 ? null : e.initiatedNanos;
            }
            long age = started == null ? 0 : Math.max(0, now - started);
            if (started != null && age >= INSPECT_AFTER_NANOS && inspecting.add(id)) {
                cw.snapshots().inspect(id).whenComplete((r, err) -> {
                    inspecting.remove(id);
                    if (r != null) {
                        r.ifPresent(v -> inspected.put(id, v));
                    }
                });
            }
            SnapshotProgress cluster = inspected.get(id);
            SnapshotProgress sp = cluster != null && cluster.recorded().size() >= p.get().recorded().size()
                    ? cluster : p.get();
            ObjectNode n = out.addObject();
            n.put("id", Long.toString(id));
            n.put("acrossCluster", sp == cluster);
            if (started != null) {
                n.put("ageMillis", age / 1e6);
            }
            ArrayNode rec = n.putArray("recorded");
            new TreeSet<>(sp.recorded()).forEach(rec::add);
            ArrayNode miss = n.putArray("missing");
            new TreeSet<>(sp.missing()).forEach(miss::add);
            ObjectNode aw = n.putObject("awaiting");
            for (String proc : new TreeSet<>(sp.awaitingMarkers().keySet())) {
                ArrayNode chans = aw.putArray(proc);
                sp.awaitingMarkers().get(proc).stream().map(ChannelId::toString).sorted().forEach(chans::add);
            }
            ArrayNode waiting = n.putArray("backlogs");
            for (ChannelBacklog b : sp.holdingBack()) {
                waiting.addObject().put("channel", b.channel().toString()).put("queuedAtSender", b.queuedAtSender())
                        .put("unacknowledgedItems", b.unacknowledgedItems())
                        .put("unprocessedItems", b.unprocessedItems());
            }
            n.put("describe", sp.describe());
        }
        return out;
    }

    /** Detail of one snapshot, or empty when the dashboard does not know it. */
    synchronized Optional<ObjectNode> snapshot(long id) {
        Entry e = timeline.get(id);
        GlobalSnapshot<?> s = retained.get(id);
        if (e == null && s == null) {
            return Optional.empty();
        }
        ObjectNode n = e != null ? summary(e) : Json.object().put("id", Long.toString(id)).put("status", "COMPLETED");
        if (s == null) {
            n.put("note", "COMPLETED".equals(n.path("status").asText())
                    ? "not retained: the dashboard keeps the last " + options.retainedSnapshots() + " completed snapshots whole"
                    : "no recorded state: the snapshot did not complete");
            return Optional.of(n);
        }
        ArrayNode procs = n.putArray("processes");
        Map<String, VectorClock> frontier = s.frontier();
        for (String p : s.processes()) {
            ObjectNode pn = procs.addObject();
            pn.put("process", p);
            pn.put("state", render(s.state(p)));
            ObjectNode clockNode = pn.putObject("frontier");
            VectorClock vc = frontier.get(p);
            List<String> all = s.processes();
            for (int i = 0; i < all.size(); i++) {
                clockNode.put(all.get(i), vc.get(i));
            }
        }
        ArrayNode chans = n.putArray("channels");
        for (ChannelId c : new TreeSet<>(s.channels().keySet())) {
            List<Object> msgs = s.channels().get(c);
            ObjectNode cn = chans.addObject();
            cn.put("channel", c.toString());
            cn.put("messages", msgs.size());
            long bytes = 0;
            boolean known = true;
            ArrayNode shown = cn.putArray("shown");
            for (Object m : msgs) {
                long b = options.sizeOf().applyAsLong(m);
                if (b < 0) {
                    known = false;
                } else {
                    bytes += b;
                }
                if (shown.size() < 20) {
                    shown.add(render(m));
                }
            }
            if (known) {
                cn.put("bytes", bytes);
            } else {
                cn.putNull("bytes");
            }
        }
        return Optional.of(n);
    }

    private String render(Object o) {
        try {
            return options.stateRenderer().apply(o);
        } catch (RuntimeException ex) {
            return "(the rendering hook threw " + ex.getClass().getSimpleName() + ": " + ex.getMessage() + ")";
        }
    }

    /** Per job and detector: counts by verdict and the last report. */
    synchronized ArrayNode jobs() {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (Deque<Kept> q : reports.values()) {
            Report last = q.getLast().report();
            ObjectNode n = out.addObject();
            n.put("job", last.job());
            n.put("detector", last.detector());
            n.put("reports", q.size());
            long found = 0;
            long clean = 0;
            long failed = 0;
            for (Kept k : q) {
                Verdict v = k.report().verdict();
                found += v == Verdict.FOUND ? 1 : 0;
                clean += v == Verdict.CLEAN ? 1 : 0;
                failed += v == Verdict.FAILED ? 1 : 0;
            }
            n.put("found", found);
            n.put("clean", clean);
            n.put("failed", failed);
            n.put("lastVerdict", last.verdict().name());
            n.put("lastSummary", last.summary());
            n.put("lastSnapshotId", Long.toString(last.snapshotId()));
        }
        return out;
    }

    /** Whether a job of this name has reports. */
    synchronized boolean hasJob(String job) {
        return reports.values().stream().anyMatch(q -> q.getLast().report().job().equals(job));
    }

    /** Reports newest first, of {@code job} (all when null), at most {@code limit}, with their drawings and measures. */
    synchronized ArrayNode reports(String job, int limit) {
        List<Kept> all = new ArrayList<>();
        for (Deque<Kept> q : reports.values()) {
            if (job == null || q.getLast().report().job().equals(job)) {
                all.addAll(q);
            }
        }
        all.sort((a, b) -> Long.compare(b.seq(), a.seq()));
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (Kept k : all.subList(0, Math.min(limit, all.size()))) {
            ObjectNode n = ReportJson.toTree(k.report());
            n.put("snapshotId", Long.toString(k.report().snapshotId()));
            n.put("seq", k.seq());
            n.put("receivedAt", k.wallMillis());
            Report r = k.report();
            if (r.result() instanceof Viewable v) {
                v.drawing().ifPresent(g -> n.set("graph", graph(g)));
                ObjectNode m = n.putObject("measures");
                v.measures().forEach(m::put);
            }
            out.add(n);
        }
        return out;
    }

    /** Charts: per job and detector whose results have measures, the last {@code n} points oldest first. */
    synchronized ArrayNode charts(int n) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (Deque<Kept> q : reports.values()) {
            ArrayNode points = Json.MAPPER.createArrayNode();
            List<Kept> list = new ArrayList<>(q);
            for (Kept k : list.subList(Math.max(0, list.size() - n), list.size())) {
                if (k.report().result() instanceof Viewable v && !v.measures().isEmpty()) {
                    ObjectNode p = points.addObject();
                    p.put("snapshotId", Long.toString(k.report().snapshotId()));
                    p.put("verdict", k.report().verdict().name());
                    ObjectNode vals = p.putObject("values");
                    v.measures().forEach(vals::put);
                }
            }
            if (!points.isEmpty()) {
                ObjectNode c = out.addObject();
                Report last = q.getLast().report();
                c.put("job", last.job());
                c.put("detector", last.detector());
                c.set("points", points);
            }
        }
        return out;
    }

    private static JsonNode graph(ResultGraph g) {
        return Json.MAPPER.valueToTree(g);
    }
}
