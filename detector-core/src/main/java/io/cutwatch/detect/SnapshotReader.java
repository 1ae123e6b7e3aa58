package io.cutwatch.detect;

import io.cutwatch.model.ChannelId;
import io.cutwatch.snapshot.GlobalSnapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Applies an application's adapters to a snapshot: checks each recorded state is an
 * {@code S}, turns it into a {@code V} with the {@link StateView}, and turns each in-transit
 * payload into an {@code M} with the {@link MessageView}. This is the one pattern every
 * detector module follows (deadlock: wait-for edges + grants/requests in transit; gc: objects,
 * roots, references + references in transit; termination: passive flag + any message):
 *
 * <pre>{@code
 * SnapshotReader<WaitsFor, LockMsg> reader =
 *         SnapshotReader.of(LockTable.class, StateView.of(LockTable::waitsFor),
 *                           MessageView.ofType(LockMsg.class, m -> m));
 * SnapshotView<WaitsFor, LockMsg> view = reader.read(snapshot);
 * }</pre>
 *
 * <p>Errors carry their location: a state of the wrong type, a null view or a throwing adapter
 * becomes a {@link StateViewException} naming the snapshot and the process or channel position.
 * Immutable and thread-safe if the adapters are. O(processes + messages in transit) adapter calls.
 *
 * @param <V> the per-process view
 * @param <M> the per-message view
 */
public final class SnapshotReader<V, M> {
    private final Class<?> stateType;
    private final StateView<Object, V> states;
    private final MessageView<M> messages;

    private SnapshotReader(Class<?> stateType, StateView<Object, V> states, MessageView<M> messages) {
        this.stateType = stateType;
        this.states = states;
        this.messages = messages;
    }

    /**
     * A reader for states of {@code stateType} (use {@code Object.class} to accept anything and
     * check inside the view).
     */
    @SuppressWarnings("unchecked")
    public static <S, V, M> SnapshotReader<V, M> of(Class<S> stateType, StateView<? super S, ? extends V> states,
                                                    MessageView<? extends M> messages) {
        Objects.requireNonNull(stateType, "stateType");
        Objects.requireNonNull(states, "states");
        Objects.requireNonNull(messages, "messages");
        return new SnapshotReader<>(stateType, (StateView<Object, V>) states, (MessageView<M>) messages);
    }

    /** The state type this reader accepts. */
    public Class<?> stateType() {
        return stateType;
    }

    /**
     * The views of {@code snapshot}.
     *
     * @throws StateViewException naming the first state or message that could not be read
     */
    public SnapshotView<V, M> read(GlobalSnapshot<?> snapshot) {
        Map<String, V> views = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : snapshot.states().entrySet()) {
            views.put(e.getKey(), viewState(snapshot.id(), e.getKey(), e.getValue()));
        }
        List<InTransit<M>> inTransit = new ArrayList<>();
        for (Map.Entry<ChannelId, List<Object>> e : snapshot.channels().entrySet()) {
            List<Object> msgs = e.getValue();
            for (int i = 0; i < msgs.size(); i++) {
                Object payload = msgs.get(i); // may decode the channel's recorded messages (RecordedMessages)
                M m;
                try {
                    m = messages.view(e.getKey(), payload);
                } catch (RuntimeException ex) {
                    throw new StateViewException(snapshot.id(), "channel " + e.getKey() + ", message " + i,
                            "message view threw " + ex + " on payload of type " + typeOf(payload), ex);
                }
                if (m != null) {
                    inTransit.add(new InTransit<>(e.getKey(), i, m));
                }
            }
        }
        return new SnapshotView<>(snapshot.id(), views, inTransit);
    }

    /** The view of one recorded state, with the same checks as {@link #read}. */
    public V viewState(long snapshotId, String process, Object state) {
        if (!stateType.isInstance(state)) {
            throw new StateViewException(snapshotId, "process " + process, "recorded state of type "
                    + typeOf(state) + " is not a " + stateType.getName()
                    + "; the detector's StateView expects what the process's capture(...) returns", null);
        }
        V v;
        try {
            v = states.view(process, state);
        } catch (RuntimeException ex) {
            throw new StateViewException(snapshotId, "process " + process, "state view threw " + ex
                    + " on state of type " + typeOf(state), ex);
        }
        if (v == null) {
            throw new StateViewException(snapshotId, "process " + process, "state view returned null for state "
                    + state, null);
        }
        return v;
    }

    private static String typeOf(Object o) {
        return o == null ? "null" : o.getClass().getName();
    }
}
