package io.cutwatch.sim;

import io.cutwatch.model.Topology;
import io.cutwatch.model.ChannelId;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Test fixture: a random strongly connected topology of 2..8 processes (complete, ring, or a ring with random chords). */
public final class RandomTopology {
    private RandomTopology() {
    }

    public static Topology of(Random rnd) {
        int n = 2 + rnd.nextInt(7);
        List<String> ids = Topology.ids("p", n);
        switch (rnd.nextInt(3)) {
            case 0:
                return Topology.complete(ids);
            case 1:
                return Topology.ring(ids);
            default:
                List<ChannelId> cs = new ArrayList<>(Topology.ring(ids).channels());
                for (int k = 0; k < n; k++) {
                    String a = ids.get(rnd.nextInt(n));
                    String b = ids.get(rnd.nextInt(n));
                    if (!a.equals(b) && !cs.contains(ChannelId.of(a, b))) {
                        cs.add(ChannelId.of(a, b));
                    }
                }
                return Topology.of(ids, cs);
        }
    }
}
