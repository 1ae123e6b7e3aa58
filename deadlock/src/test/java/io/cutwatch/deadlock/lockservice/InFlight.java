package io.cutwatch.deadlock.lockservice;

import io.cutwatch.process.ProcessEvent;
import io.cutwatch.process.ProcessEventListener;
import io.cutwatch.model.ChannelId;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Ground truth for channels: every application message sent and not yet received, in send order. */
final class InFlight implements ProcessEventListener {
    record Message(ChannelId channel, Object payload) {
    }

    private final Map<String, Message> inFlight = new LinkedHashMap<>();

    @Override
    public void onEvent(ProcessEvent e) {
        if (e.kind() == ProcessEvent.Kind.SEND) {
            inFlight.put(e.messageId(), new Message(e.channel(), e.payload()));
        } else if (e.kind() == ProcessEvent.Kind.RECEIVE) {
            if (inFlight.remove(e.messageId()) == null) {
                throw new AssertionError("received " + e.messageId() + " which was never sent");
            }
        }
    }

    List<Message> messages() {
        return new ArrayList<>(inFlight.values());
    }
}
