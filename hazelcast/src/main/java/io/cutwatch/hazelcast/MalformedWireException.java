package io.cutwatch.hazelcast;

import io.cutwatch.model.CutwatchException;

/**
 * An item on a Cutwatch channel or in the snapshot store that is not what Cutwatch wrote: a
 * foreign object, a batch for another channel, arrays that do not fit together, or a payload that
 * cannot be deserialized (for example refused by the Java deserialization filter). The item is
 * rejected, logged with the channel name and counted in {@link ChannelStats#rejected()}; the
 * process keeps running. Seeing one means something other than Cutwatch writes to Cutwatch's
 * structures, or members disagree on classes.
 */
public final class MalformedWireException extends CutwatchException {
    public MalformedWireException(String message) {
        super(message);
    }

    public MalformedWireException(String message, Throwable cause) {
        super(message, cause);
    }
}
