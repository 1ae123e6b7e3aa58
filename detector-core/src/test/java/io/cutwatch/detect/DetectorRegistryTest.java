package io.cutwatch.detect;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DetectorRegistryTest {
    @Test
    void serviceLoaderFindsTheBuiltInAndTheApplicationsPlugIns() {
        DetectorRegistry r = DetectorRegistry.discovered();
        assertTrue(r.names().containsAll(List.of(TerminationDetector.NAME, "in-transit")), r.toString());
        assertInstanceOf(TerminationDetector.class, r.get(TerminationDetector.NAME));
        assertInstanceOf(InTransitDetector.class, r.get("in-transit"));
        // Discovering again is harmless: same classes are skipped.
        int n = r.names().size();
        r.discover();
        assertEquals(n, r.names().size());
    }

    @Test
    void detectorsRegisteredInCodeKeepTheirOrderAndNames() {
        DetectorRegistry r = new DetectorRegistry()
                .register(new TestDetectors.Counting("b"))
                .register(new TestDetectors.Counting("a"));
        assertEquals(List.of("b", "a"), r.names());
        assertEquals(List.of("a", "b"), r.select(List.of("a", "b")).stream().map(Detector::name).toList());
    }

    @Test
    void aSecondDetectorWithTheSameNameIsRefusedNamingBothClasses() {
        DetectorRegistry r = new DetectorRegistry().register(new TerminationDetector());
        DuplicateDetectorException e = assertThrows(DuplicateDetectorException.class,
                () -> r.register(new TestDetectors.Counting(TerminationDetector.NAME)));
        assertEquals(TerminationDetector.NAME, e.detectorName());
        assertTrue(e.getMessage().contains(TerminationDetector.class.getName())
                && e.getMessage().contains(TestDetectors.Counting.class.getName()), e.getMessage());
    }

    @Test
    void anUnknownNameListsTheRegisteredOnes() {
        DetectorRegistry r = new DetectorRegistry().register(new TestDetectors.Counting("known"));
        UnknownDetectorException e = assertThrows(UnknownDetectorException.class, () -> r.get("deadlok"));
        assertEquals("deadlok", e.detectorName());
        assertTrue(e.getMessage().contains("[known]"), e.getMessage());
    }

    @Test
    void invalidNamesAreRefused() {
        for (String bad : new String[] {null, "", " x", "dead lock", "-x"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new DetectorRegistry().register(new TestDetectors.Counting(bad)), "name '" + bad + "'");
            assertTrue(e.getMessage().contains("invalid name"), e.getMessage());
        }
    }

    @Test
    void aBrokenProviderLineFailsDiscoveryNamingIt() throws IOException {
        Path dir = Files.createTempDirectory("cutwatch-spi");
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(Detector.class.getName()), "com.example.NoSuchDetector\n");
        try (URLClassLoader cl = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            DetectorDiscoveryException e = assertThrows(DetectorDiscoveryException.class,
                    () -> new DetectorRegistry().discover(cl));
            assertTrue(e.getMessage().contains("com.example.NoSuchDetector"), e.getMessage());
        } finally {
            Files.delete(services.resolve(Detector.class.getName()));
            Files.delete(services);
            Files.delete(dir.resolve("META-INF"));
            Files.delete(dir);
        }
    }
}
