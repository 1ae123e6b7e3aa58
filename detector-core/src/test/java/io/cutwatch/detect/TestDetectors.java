package io.cutwatch.detect;

import io.cutwatch.snapshot.GlobalSnapshot;

import java.util.concurrent.atomic.AtomicInteger;

/** Small detectors for tests. */
final class TestDetectors {
    private TestDetectors() {
    }

    record Flag(boolean found, String summary) implements DetectionResult {
    }

    /** Throws {@code failure} from detect. */
    static Detector<Flag> throwing(String name, RuntimeException failure) {
        return new Detector<>() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Flag detect(GlobalSnapshot<?> snapshot) {
                throw failure;
            }
        };
    }

    /** Recurses until the stack overflows. */
    static Detector<Flag> overflowing(String name) {
        return new Detector<>() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Flag detect(GlobalSnapshot<?> snapshot) {
                return new Flag(depth(0) > 0, "unreachable");
            }

            private int depth(int d) {
                return depth(d + 1) + 1;
            }
        };
    }

    /** Returns null. */
    static Detector<Flag> returningNull(String name) {
        return new Detector<>() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Flag detect(GlobalSnapshot<?> snapshot) {
                return null;
            }
        };
    }

    /** Counts its calls and finds "the snapshot id is even". */
    static final class Counting implements Detector<Flag> {
        final AtomicInteger calls = new AtomicInteger();
        private final String name;

        Counting(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Flag detect(GlobalSnapshot<?> snapshot) {
            calls.incrementAndGet();
            return new Flag(snapshot.id() % 2 == 0, "snapshot " + snapshot.id());
        }
    }
}
