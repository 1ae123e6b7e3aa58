package io.cutwatch.detect;

import io.cutwatch.snapshot.GlobalSnapshot;

/** A test plug-in, listed in the test class path's META-INF/services: finds messages in transit. */
public final class InTransitDetector implements Detector<InTransitDetector.Count> {
    public record Count(int messages) implements DetectionResult {
        @Override
        public boolean found() {
            return messages > 0;
        }

        @Override
        public String summary() {
            return messages + " messages in transit";
        }
    }

    @Override
    public String name() {
        return "in-transit";
    }

    @Override
    public Count detect(GlobalSnapshot<?> snapshot) {
        return new Count(snapshot.inTransitCount());
    }
}
