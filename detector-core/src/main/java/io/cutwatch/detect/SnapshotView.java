package io.cutwatch.detect;

import java.util.List;
import java.util.Map;

/**
 * A snapshot as one detector sees it: a typed view per process and the typed views of the
 * messages in transit. Built by {@link SnapshotReader#read}; immutable.
 *
 * @param snapshotId the snapshot read
 * @param states     process id -> view, in topology order
 * @param inTransit  the in-transit messages the {@link MessageView} did not ignore, channels in
 *                   topology order, each channel's messages in send order
 * @param <V>        the per-process view
 * @param <M>        the per-message view
 */
public record SnapshotView<V, M>(long snapshotId, Map<String, V> states, List<InTransit<M>> inTransit) {
    public SnapshotView {
        states = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(states));
        inTransit = List.copyOf(inTransit);
    }

    /** The view of {@code process}; throws if the snapshot has no such process. */
    public V state(String process) {
        V v = states.get(process);
        if (v == null) {
            throw new io.cutwatch.model.UnknownProcessException(process, "snapshot view " + snapshotId, states.keySet());
        }
        return v;
    }
}
