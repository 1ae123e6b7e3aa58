package io.cutwatch.hazelcast.jobs;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.scheduledexecutor.NamedTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduled task behind {@link HazelcastJobDriver}: each run ticks the job of its name on the
 * member it runs on. It carries only the job name (Hazelcast serialises it with zero-config
 * Compact, so no Java serialization is involved) and finds the member's {@link HazelcastJobDriver}
 * through the instance's user context.
 */
public final class JobTickTask implements Runnable, NamedTask, HazelcastInstanceAware {
    private static final Logger LOG = LoggerFactory.getLogger(JobTickTask.class);

    private String job;
    private transient HazelcastInstance hz;

    /** For deserialization. */
    public JobTickTask() {
    }

    JobTickTask(String job) {
        this.job = job;
    }

    /** The task name of job {@code job} in the scheduler. */
    static String taskName(String job) {
        return "cutwatch-job:" + job;
    }

    @Override
    public String getName() {
        return taskName(job);
    }

    /** The job this task ticks. */
    public String job() {
        return job;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.hz = hazelcastInstance;
    }

    @Override
    public void run() {
        HazelcastJobDriver driver = hz == null ? null : HazelcastJobDriver.local(hz);
        if (driver == null) {
            LOG.warn("detection job {} is due on member {} but no HazelcastJobDriver runs there; period skipped",
                    job, hz == null ? "?" : hz.getCluster().getLocalMember());
            return;
        }
        driver.tickLocal(job);
    }
}
