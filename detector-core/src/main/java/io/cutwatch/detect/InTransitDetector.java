package io.cutwatch.detect;

import io.cutwatch.snapshot.GlobalSnapshot;

/**
 * The smallest useful detector, and the one the README's examples use: counts the messages the
 * snapshot recorded in transit (FOUND when there are any). Register it in code
 * ({@code registry.register(new InTransitDetector())}) or list it in
 * {@code META-INF/services/io.cutwatch.detect.Detector}; its name is {@code in-transit}.
 * Cost: O(channels).
 */
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
