package io.cutwatch.detect;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.regex.Pattern;

/**
 * The detectors known to an application: registered in code with {@link #register} or found on
 * the class path with {@link #discover} ({@link ServiceLoader} over
 * {@code META-INF/services/io.cutwatch.detect.Detector}; providers need a public no-argument
 * constructor). Names are unique: they key reports, metrics and job definitions, and must match
 * {@code [A-Za-z0-9][A-Za-z0-9._-]*}.
 *
 * <p>Thread-safe; iteration order is registration order (discovery registers in the order
 * ServiceLoader yields providers).
 */
public final class DetectorRegistry {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final Map<String, Detector<?>> detectors = new LinkedHashMap<>();

    /** An empty registry. */
    public DetectorRegistry() {
    }

    /** A registry holding every detector discoverable from the context class loader. */
    public static DetectorRegistry discovered() {
        return new DetectorRegistry().discover();
    }

    /** Registers {@code detector}; returns this registry. */
    public synchronized DetectorRegistry register(Detector<?> detector) {
        Objects.requireNonNull(detector, "detector");
        String name = requireValidName(detector);
        Detector<?> old = detectors.get(name);
        if (old != null) {
            throw new DuplicateDetectorException(name, old.getClass(), detector.getClass());
        }
        detectors.put(name, detector);
        return this;
    }

    /**
     * Registers every detector ServiceLoader finds through the thread's context class loader
     * (or this class's loader if none). A detector whose class is already registered here (same
     * name, same class) is skipped, so calling this twice is harmless.
     *
     * @throws DetectorDiscoveryException naming the provider that could not be loaded
     * @throws DuplicateDetectorException if a discovered detector's name is taken by another class
     */
    public DetectorRegistry discover() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return discover(cl != null ? cl : DetectorRegistry.class.getClassLoader());
    }

    /** {@link #discover()} through {@code loader}. */
    @SuppressWarnings("rawtypes")
    public DetectorRegistry discover(ClassLoader loader) {
        Iterator<Detector> it = ServiceLoader.load(Detector.class, loader).iterator();
        while (true) {
            Detector<?> d;
            try {
                if (!it.hasNext()) {
                    break;
                }
                d = it.next();
            } catch (ServiceConfigurationError e) {
                throw new DetectorDiscoveryException("cannot load a detector listed in META-INF/services/"
                        + Detector.class.getName() + ": " + e.getMessage(), e);
            }
            synchronized (this) {
                Detector<?> old = detectors.get(requireValidName(d));
                if (old != null && old.getClass() == d.getClass()) {
                    continue;
                }
                register(d);
            }
        }
        return this;
    }

    /** The detector registered as {@code name}. */
    public synchronized Detector<?> get(String name) {
        Detector<?> d = detectors.get(name);
        if (d == null) {
            throw new UnknownDetectorException(name, "detector registry lookup", detectors.keySet());
        }
        return d;
    }

    public synchronized boolean contains(String name) {
        return detectors.containsKey(name);
    }

    /** The detectors named, in the order given. */
    public synchronized List<Detector<?>> select(Collection<String> names) {
        List<Detector<?>> out = new ArrayList<>(names.size());
        for (String n : names) {
            out.add(get(n));
        }
        return out;
    }

    /** Every registered detector, in registration order (a copy). */
    public synchronized List<Detector<?>> all() {
        return List.copyOf(detectors.values());
    }

    /** Registered names, in registration order (a copy). */
    public synchronized List<String> names() {
        return List.copyOf(detectors.keySet());
    }

    /** Throws unless {@code detector.name()} is a valid detector name; returns it. */
    static String requireValidName(Detector<?> detector) {
        String name;
        try {
            name = detector.name();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("detector " + detector.getClass().getName() + " threw from name()", e);
        }
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("detector " + detector.getClass().getName() + " has invalid name '"
                    + name + "': use letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return name;
    }

    @Override
    public synchronized String toString() {
        return "DetectorRegistry" + detectors.keySet();
    }
}
