package io.cutwatch.detect;

import io.cutwatch.model.CutwatchException;

/** Two detectors with the same name were registered; rename one (names key reports and metrics). */
public final class DuplicateDetectorException extends CutwatchException {
    private final String detectorName;

    public DuplicateDetectorException(String detectorName, Class<?> existing, Class<?> added) {
        super("detector name '" + detectorName + "' is already taken by " + existing.getName()
                + "; cannot register " + added.getName() + " under the same name");
        this.detectorName = detectorName;
    }

    public String detectorName() {
        return detectorName;
    }
}
