package io.cutwatch.detect;

import io.cutwatch.snapshot.GlobalSnapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Detects termination of a diffusing (or any) computation: it has terminated iff every process
 * is passive and every channel's recorded state is empty. Termination is stable when processes
 * follow the {@link Passivity} rule, so on a consistent snapshot the verdict is exact: it never
 * reports termination early, and a snapshot started after termination reports it.
 *
 * <p>By default processes declare their activity by recording a state that implements
 * {@link Passivity}, and every message in transit counts; the adapter constructor reads the flag
 * from any state type and can ignore messages that do not re-activate anyone (e.g. pure
 * acknowledgements). Registered for {@link java.util.ServiceLoader} discovery under the name
 * {@value #NAME}. Stateless and thread-safe; O(processes + messages in transit).
 */
public final class TerminationDetector implements Detector<TerminationResult> {
    /** The name of the built-in instance. */
    public static final String NAME = "termination";

    private final String name;
    private final SnapshotReader<Boolean, ?> reader;

    /** Reads {@link Passivity} from the recorded states; every in-transit message counts. */
    public TerminationDetector() {
        this(NAME, SnapshotReader.of(Passivity.class, StateView.of(Passivity::passive), MessageView.identity()));
    }

    /**
     * Reads the passive flag with {@code reader}'s state view; in-transit messages its message view
     * does not ignore count as activity.
     */
    public TerminationDetector(String name, SnapshotReader<Boolean, ?> reader) {
        this.name = Objects.requireNonNull(name, "name");
        this.reader = Objects.requireNonNull(reader, "reader");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public TerminationResult detect(GlobalSnapshot<?> snapshot) {
        SnapshotView<Boolean, ?> view = reader.read(snapshot);
        List<String> active = new ArrayList<>();
        for (Map.Entry<String, Boolean> e : view.states().entrySet()) {
            if (!e.getValue()) {
                active.add(e.getKey());
            }
        }
        Map<String, Integer> inUse = new LinkedHashMap<>();
        for (InTransit<?> m : view.inTransit()) {
            inUse.merge(m.channel().toString(), 1, Integer::sum);
        }
        return new TerminationResult(active.isEmpty() && inUse.isEmpty(), view.states().size(), active, inUse);
    }

    @Override
    public String toString() {
        return "TerminationDetector[" + name + "]";
    }
}
