package io.cutwatch.model;

/** Base class of every failure Cutwatch reports; each subclass is one failure a user can act on. */
public class CutwatchException extends RuntimeException {
    public CutwatchException(String message) {
        super(message);
    }

    public CutwatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
