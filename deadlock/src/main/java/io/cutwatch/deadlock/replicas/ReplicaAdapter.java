package io.cutwatch.deadlock.replicas;

import io.cutwatch.deadlock.InTransitEffect;
import io.cutwatch.deadlock.WaitEnd;
import io.cutwatch.deadlock.WaitForAdapter;
import io.cutwatch.deadlock.WaitForEdge;
import io.cutwatch.deadlock.WaitModel;
import io.cutwatch.model.ChannelId;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Reads replicated requests as an OR wait-for graph: vertices are processes, and a blocked
 * process has an edge to every replica it asked, labelled with its request. In transit: an
 * {@link ReplicaMessage.Answer} ends every wait of its receiver on that request (the first answer
 * frees it); a {@link ReplicaMessage.Query} changes nothing (the asker's recorded state already
 * waits for the receiver). A free replica has no edge, so a blocked process that asked one is not
 * in a knot. Stateless and thread-safe.
 */
public final class ReplicaAdapter implements WaitForAdapter<ReplicaView> {
    @Override
    public Class<ReplicaView> stateType() {
        return ReplicaView.class;
    }

    @Override
    public WaitModel model() {
        return WaitModel.OR;
    }

    @Override
    public Collection<WaitForEdge> waits(String process, ReplicaView state) {
        List<WaitForEdge> out = new ArrayList<>();
        if (state.blocked()) {
            for (String r : state.asked()) {
                out.add(new WaitForEdge(process, r, state.query()));
            }
        }
        return out;
    }

    @Override
    public InTransitEffect inTransit(ChannelId channel, Object payload, ReplicaView receiver) {
        if (payload instanceof ReplicaMessage.Answer a) {
            return InTransitEffect.ends(WaitEnd.granted(channel.to(), a.query()));
        }
        return InTransitEffect.none();
    }
}
