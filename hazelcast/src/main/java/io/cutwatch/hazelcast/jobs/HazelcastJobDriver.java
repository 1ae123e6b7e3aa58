package io.cutwatch.hazelcast.jobs;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.scheduledexecutor.DuplicateTaskException;
import com.hazelcast.scheduledexecutor.IScheduledExecutorService;
import com.hazelcast.scheduledexecutor.IScheduledFuture;
import io.cutwatch.detect.DetectionJob;
import io.cutwatch.detect.DetectionJobs;
import io.cutwatch.detect.UnknownJobException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * Drives detection jobs on a Hazelcast cluster so that exactly one member ticks each job at a
 * time and another member takes over when it leaves, using Hazelcast's own scheduling: each job
 * is a named task ({@link JobTickTask}) scheduled at a fixed rate on the owner of the job name's
 * partition in the {@value #SCHEDULER} scheduled executor. Hazelcast runs it on that partition's
 * owner only, backs it up, and reschedules it on the new owner when the owner leaves or crashes
 * (after the cluster has noticed: a crash is noticed by the heartbeat failure detector, so
 * takeover time is failure detection plus at most one period). A run is skipped, not queued,
 * while the previous run of the same task still executes.
 *
 * <p>Every member defines the same jobs in its own {@link DetectionJobs} (detectors and report
 * listeners are local objects, never shipped) and calls {@link #drive}; the first call schedules
 * the task with its job's period, later calls find it scheduled (so a different period defined on
 * a later member has no effect until the task is stopped and driven again). The task carries only the job name and ticks the
 * local {@link DetectionJob} of that name on whichever member runs it. Metrics are per member: the
 * driving member's {@link DetectionJob#metrics()} count its periods; for a cluster-wide history
 * use an {@link IMapReportStore}.
 *
 * <pre>{@code
 * HazelcastJobDriver.on(hz, jobs).drive(jobs.define("watch").detectors("termination")
 *         .every(Duration.ofSeconds(5)).build());
 * }</pre>
 *
 * <p>Thread-safe. One driver per member (per {@link HazelcastInstance}).
 */
public final class HazelcastJobDriver {
    private static final Logger LOG = LoggerFactory.getLogger(HazelcastJobDriver.class);

    /** The name of the scheduled executor the job tasks live in. */
    public static final String SCHEDULER = "cutwatch-detection-jobs";
    private static final String CONTEXT_KEY = HazelcastJobDriver.class.getName();

    private final HazelcastInstance hz;
    private final DetectionJobs jobs;
    private final Map<String, Boolean> warnedMissing = new ConcurrentHashMap<>();

    private HazelcastJobDriver(HazelcastInstance hz, DetectionJobs jobs) {
        this.hz = hz;
        this.jobs = jobs;
    }

    /**
     * The driver of this member, ticking jobs of {@code jobs}.
     *
     * @throws IllegalStateException if this member already has a driver for another DetectionJobs
     */
    public static HazelcastJobDriver on(HazelcastInstance hz, DetectionJobs jobs) {
        Objects.requireNonNull(hz, "hz");
        Objects.requireNonNull(jobs, "jobs");
        ConcurrentMap<String, Object> ctx = hz.getUserContext();
        Object existing = ctx.putIfAbsent(CONTEXT_KEY, new HazelcastJobDriver(hz, jobs));
        HazelcastJobDriver d = (HazelcastJobDriver) (existing != null ? existing : ctx.get(CONTEXT_KEY));
        if (d.jobs != jobs) {
            throw new IllegalStateException("member " + hz.getName() + " already has a HazelcastJobDriver for another"
                    + " DetectionJobs; use one DetectionJobs per member");
        }
        return d;
    }

    /** The driver registered on this member, or null. */
    static HazelcastJobDriver local(HazelcastInstance hz) {
        return (HazelcastJobDriver) hz.getUserContext().get(CONTEXT_KEY);
    }

    /**
     * Makes the cluster drive {@code job}: schedules its task unless another member did already.
     * Call it on every member that defines the job, so whichever member owns the task finds it.
     *
     * @throws IllegalArgumentException if the job was defined by another DetectionJobs
     * @throws IllegalStateException    if the job was started with {@link DetectionJob#start()} (it
     *                                  would then tick on its own timer too) or is stopped
     */
    public DetectionJob drive(DetectionJob job) {
        Objects.requireNonNull(job, "job");
        if (jobs.find(job.name()) != job) {
            throw new IllegalArgumentException("job " + job.name() + " was not defined by this member's DetectionJobs");
        }
        if (job.selfTimed()) {
            throw new IllegalStateException("job " + job.name() + " was started with start(); a cluster-driven job"
                    + " must only be built (build()), the driver ticks it");
        }
        if (job.stopped()) {
            throw new IllegalStateException("job " + job.name() + " is stopped");
        }
        long period = job.period().toMillis();
        if (period < 1) {
            throw new IllegalArgumentException("job " + job.name() + ": the cluster driver needs a period of at least"
                    + " 1 ms, got " + job.period());
        }
        if (scheduled(job.name())) {
            LOG.info("job {} is already scheduled on the cluster; this member takes over if its owner leaves",
                    job.name());
            return job;
        }
        try {
            scheduler().scheduleOnKeyOwnerAtFixedRate(new JobTickTask(job.name()), job.name(), period, period,
                    TimeUnit.MILLISECONDS);
            LOG.info("job {} scheduled on the cluster every {} (task {} in {})", job.name(), job.period(),
                    JobTickTask.taskName(job.name()), SCHEDULER);
        } catch (DuplicateTaskException e) {
            // Another member scheduled it between our check and our call.
            LOG.info("job {} is already scheduled on the cluster; this member takes over if its owner leaves",
                    job.name());
        }
        return job;
    }

    /** True when the task of {@code jobName} is scheduled somewhere in the cluster. */
    private boolean scheduled(String jobName) {
        String task = JobTickTask.taskName(jobName);
        for (List<IScheduledFuture<Object>> futures : scheduler().<Object>getAllScheduledFutures().values()) {
            for (IScheduledFuture<Object> f : futures) {
                if (task.equals(f.getHandler().getTaskName()) && !f.isCancelled()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The member currently owning (driving) job {@code jobName}: the owner of its partition. */
    public Member driver(String jobName) {
        return hz.getPartitionService().getPartition(jobName).getOwner();
    }

    /** True when this member currently drives {@code jobName}. */
    public boolean drivesHere(String jobName) {
        Member m = driver(jobName);
        return m != null && m.localMember();
    }

    /**
     * Stops driving {@code jobName} cluster-wide (disposes its task) and stops the local job.
     * Other members' job objects stay defined but are never ticked again.
     *
     * @throws UnknownJobException if the job is not defined here
     */
    public void stop(String jobName) {
        DetectionJob job = jobs.job(jobName);
        String task = JobTickTask.taskName(jobName);
        for (List<IScheduledFuture<Object>> futures : scheduler().<Object>getAllScheduledFutures().values()) {
            for (IScheduledFuture<Object> f : futures) {
                if (task.equals(f.getHandler().getTaskName())) {
                    f.dispose();
                }
            }
        }
        job.stop();
    }

    void tickLocal(String jobName) {
        DetectionJob job = jobs.find(jobName);
        if (job == null) {
            if (warnedMissing.putIfAbsent(jobName, Boolean.TRUE) == null) {
                LOG.warn("detection job {} is due on member {} but is not defined there; define it on every member."
                        + " Periods are skipped until it is", jobName, hz.getCluster().getLocalMember());
            }
            return;
        }
        job.tick();
    }

    private IScheduledExecutorService scheduler() {
        return hz.getScheduledExecutorService(SCHEDULER);
    }
}
