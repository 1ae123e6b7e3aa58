package io.cutwatch.detect;

import io.cutwatch.Cutwatch;
import io.cutwatch.sim.Simulation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The entry point for scheduled detection on one member: a detector registry, a report store,
 * report listeners and the detection jobs defined here.
 *
 * <pre>{@code
 * DetectionJobs jobs = DetectionJobs.on(cutwatch);          // discovers detectors (ServiceLoader)
 * jobs.registry().register(new MyDetector());
 * DetectionJob job = jobs.define("watch")
 *         .detectors("termination", "my-detector")
 *         .every(Duration.ofSeconds(5)).snapshotTimeout(Duration.ofSeconds(2))
 *         .onReport(r -> log.info("{}", r))
 *         .start();                                      // self-timed on the backend's clock
 * }</pre>
 *
 * <p>On a cluster every member defines the same jobs and a driver (e.g.
 * {@code io.cutwatch.hazelcast.jobs.HazelcastJobDriver}) ticks each job on exactly one member
 * instead of {@link DetectionJob#start()}.
 *
 * <p>Threading: thread-safe. Detectors run on the detection executor: the simulator's thread on
 * the simulator (deterministic), otherwise one daemon thread per {@code DetectionJobs}, so a slow
 * detector never blocks a backend thread. {@link #close()} stops every job and that thread.
 */
public final class DetectionJobs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DetectionJobs.class);

    private final SnapshotSource source;
    private final JobClock clock;
    private final Executor detection;
    private final ExecutorService ownedExecutor;
    private final List<String> defaultProcesses;
    private final DetectorRegistry registry;
    private final Map<String, DetectionJob> jobs = new LinkedHashMap<>();
    private final List<Consumer<Report>> listeners = new CopyOnWriteArrayList<>();
    private volatile ReportStore store = new InMemoryReportStore();

    private DetectionJobs(SnapshotSource source, JobClock clock, Executor detection, ExecutorService owned,
                          List<String> defaultProcesses, DetectorRegistry registry) {
        this.source = source;
        this.clock = clock;
        this.detection = detection;
        this.ownedExecutor = owned;
        this.defaultProcesses = defaultProcesses;
        this.registry = registry;
    }

    /**
     * Jobs over {@code cutwatch}'s snapshots and clock, with a registry of the detectors
     * {@link DetectorRegistry#discover() discovered} on the class path, an in-memory report store
     * of {@value InMemoryReportStore#DEFAULT_CAPACITY} reports, and (by default) every process of
     * the topology as initiator, in turn.
     */
    public static DetectionJobs on(Cutwatch cutwatch) {
        Objects.requireNonNull(cutwatch, "cutwatch");
        boolean sim = cutwatch.backend() instanceof Simulation;
        ExecutorService owned = sim ? null : Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "cutwatch-detection");
            t.setDaemon(true);
            return t;
        });
        return new DetectionJobs(SnapshotSource.of(cutwatch), JobClock.of(cutwatch.backend()),
                sim ? Runnable::run : owned, owned, cutwatch.topology().processes(), DetectorRegistry.discovered());
    }

    /**
     * Jobs over any snapshot source (a runtime other than {@link Cutwatch}, or a test double).
     * Detectors run on {@code detection}; jobs must name their initiators with
     * {@link DetectionJob.Builder#processes}. The registry starts empty.
     */
    public static DetectionJobs using(SnapshotSource source, JobClock clock, Executor detection) {
        return new DetectionJobs(Objects.requireNonNull(source, "source"), Objects.requireNonNull(clock, "clock"),
                Objects.requireNonNull(detection, "detection"), null, List.of(), new DetectorRegistry());
    }

    public DetectorRegistry registry() {
        return registry;
    }

    /** Replaces the report store (e.g. with a cluster-wide one); affects reports produced from now on. */
    public DetectionJobs reportStore(ReportStore store) {
        this.store = Objects.requireNonNull(store, "store");
        return this;
    }

    /** The report store: the bounded history of every job's reports. */
    public ReportStore reports() {
        return store;
    }

    /** Calls {@code listener} with every report of every job here, after it is stored. */
    public DetectionJobs onReport(Consumer<Report> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** Removes a listener added with {@link #onReport}; true if it was registered. */
    public boolean removeReportListener(Consumer<Report> listener) {
        return listeners.remove(listener);
    }

    /** Starts defining a job; {@link DetectionJob.Builder#build()} or {@code start()} registers it. */
    public DetectionJob.Builder define(String name) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException("invalid detection job name '" + name
                    + "': use letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        synchronized (this) {
            if (jobs.containsKey(name)) {
                throw new DuplicateJobException(name);
            }
        }
        return new DetectionJob.Builder(this, name);
    }

    /** The job {@code name} defined here. */
    public synchronized DetectionJob job(String name) {
        DetectionJob j = jobs.get(name);
        if (j == null) {
            throw new UnknownJobException(name, "job lookup", jobs.keySet());
        }
        return j;
    }

    /** The job {@code name} if defined here, else null (for drivers that tolerate members without it). */
    public synchronized DetectionJob find(String name) {
        return jobs.get(name);
    }

    /** Every job defined here, in definition order. */
    public synchronized List<DetectionJob> jobs() {
        return List.copyOf(jobs.values());
    }

    /** The metrics of every job defined here, in definition order. */
    public List<JobMetrics> metrics() {
        List<JobMetrics> out = new ArrayList<>();
        for (DetectionJob j : jobs()) {
            out.add(j.metrics());
        }
        return out;
    }

    /** Stops every job; shuts down the detection thread this instance created, if any. */
    @Override
    public void close() {
        for (DetectionJob j : jobs()) {
            j.stop();
        }
        if (ownedExecutor != null) {
            ownedExecutor.shutdownNow();
        }
    }

    // ---- used by DetectionJob ----

    synchronized DetectionJob register(DetectionJob job) {
        if (jobs.putIfAbsent(job.name(), job) != null) {
            throw new DuplicateJobException(job.name());
        }
        return job;
    }

    SnapshotSource source() {
        return source;
    }

    JobClock clock() {
        return clock;
    }

    Executor detectionExecutor() {
        return detection;
    }

    List<String> defaultProcesses() {
        return defaultProcesses;
    }

    void publish(Report report) {
        for (Consumer<Report> l : listeners) {
            try {
                l.accept(report);
            } catch (RuntimeException e) {
                LOG.warn("report listener threw on {}", report, e);
            }
        }
    }

    static List<String> copyNames(String what, String job, String... names) {
        List<String> out = new ArrayList<>(Arrays.asList(names));
        for (String n : out) {
            if (n == null || n.isBlank()) {
                throw new IllegalArgumentException("job " + job + ": blank " + what + " in " + out);
            }
        }
        if (out.stream().distinct().count() != out.size()) {
            throw new IllegalArgumentException("job " + job + ": " + what + " names repeat in " + out);
        }
        return List.copyOf(out);
    }

    static Duration requirePositive(String what, String job, Duration d) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("job " + job + ": " + what + " must be positive, got " + d);
        }
        return d;
    }
}
