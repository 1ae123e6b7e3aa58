package io.cutwatch.detect;

import io.cutwatch.model.CutwatchException;

import java.util.Collection;

/** A detector name that is not registered; register it in code or list it in META-INF/services. */
public final class UnknownDetectorException extends CutwatchException {
    private final String detectorName;

    public UnknownDetectorException(String detectorName, String where, Collection<String> known) {
        super("unknown detector '" + detectorName + "' in " + where + "; registered: " + known
                + " (register it with DetectorRegistry.register or list it in META-INF/services/"
                + Detector.class.getName() + ")");
        this.detectorName = detectorName;
    }

    public String detectorName() {
        return detectorName;
    }
}
