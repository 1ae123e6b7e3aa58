package io.cutwatch.detect;

import io.cutwatch.model.CutwatchException;

/**
 * A detector listed in {@code META-INF/services/io.cutwatch.detect.Detector} could not be loaded:
 * the class is missing, not a Detector, has no public no-argument constructor, or its constructor
 * threw. The message names the provider; fix or remove that line.
 */
public final class DetectorDiscoveryException extends CutwatchException {
    public DetectorDiscoveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
