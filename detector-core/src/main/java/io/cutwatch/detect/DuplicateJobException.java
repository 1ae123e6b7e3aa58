package io.cutwatch.detect;

import io.cutwatch.model.CutwatchException;

/** A detection job name already in use on this member; pick another name or stop and reuse the existing job. */
public final class DuplicateJobException extends CutwatchException {
    private final String jobName;

    public DuplicateJobException(String jobName) {
        super("a detection job named '" + jobName + "' is already defined here; job names must be unique"
                + " (they name the job's reports, metrics and, on a cluster, its scheduled task)");
        this.jobName = jobName;
    }

    public String jobName() {
        return jobName;
    }
}
