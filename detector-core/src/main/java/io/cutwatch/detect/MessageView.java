package io.cutwatch.detect;

import io.cutwatch.model.ChannelId;

import java.util.Objects;
import java.util.function.Function;

/**
 * The adapter an application implements so a detector can read messages in transit across a
 * snapshot's cut (a channel's recorded state): it turns one payload into the detector's view
 * {@code M}, or returns null when the payload means nothing to this detector (it is then left
 * out). The deadlock module's view of a lock grant or request in transit, the gc module's set of
 * references carried by a message.
 *
 * <p>Same contract as {@link StateView}: pure, any thread, throw to flag a malformed payload.
 *
 * @param <M> the view the detector consumes
 */
@FunctionalInterface
public interface MessageView<M> {
    /** The view of {@code payload} in transit on {@code channel}, or null to ignore it. */
    M view(ChannelId channel, Object payload);

    /** Views payloads of {@code type} with {@code view}; ignores payloads of any other type. */
    static <P, M> MessageView<M> ofType(Class<P> type, Function<? super P, ? extends M> view) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(view, "view");
        return (channel, payload) -> type.isInstance(payload) ? view.apply(type.cast(payload)) : null;
    }

    /** Every payload, as itself. */
    static MessageView<Object> identity() {
        return (channel, payload) -> payload;
    }

    /** Ignores every payload (a detector that only reads process states). */
    static <M> MessageView<M> none() {
        return (channel, payload) -> null;
    }
}
