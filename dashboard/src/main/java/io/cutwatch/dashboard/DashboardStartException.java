package io.cutwatch.dashboard;

import io.cutwatch.model.CutwatchException;

/** The dashboard could not start: its address is in use or cannot be bound. The message is one line. */
public final class DashboardStartException extends CutwatchException {
    private static final long serialVersionUID = 1L;

    DashboardStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
