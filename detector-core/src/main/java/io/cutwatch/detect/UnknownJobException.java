package io.cutwatch.detect;

import io.cutwatch.model.CutwatchException;

import java.util.Collection;

/** No detection job of that name is defined on this member; define it with {@link DetectionJobs#define} first. */
public final class UnknownJobException extends CutwatchException {
    private final String jobName;

    public UnknownJobException(String jobName, String where, Collection<String> known) {
        super("unknown detection job '" + jobName + "' in " + where + "; defined here: " + known);
        this.jobName = jobName;
    }

    public String jobName() {
        return jobName;
    }
}
