package io.cutwatch.deadlock;

import io.cutwatch.model.CutwatchException;

/**
 * The wait-for adapter could not read a snapshot: a recorded state of another type than the
 * adapter declares, or the adapter threw or returned nothing. The message names the snapshot, the
 * process or channel and what was wrong; fix the adapter or the processes' state capture.
 */
public class WaitForAdapterException extends CutwatchException {
    public WaitForAdapterException(String message) {
        super(message);
    }

    public WaitForAdapterException(String message, Throwable cause) {
        super(message, cause);
    }
}
