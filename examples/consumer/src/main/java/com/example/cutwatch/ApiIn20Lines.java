package com.example.cutwatch;

import io.cutwatch.Cutwatch;
import io.cutwatch.model.Topology;
import io.cutwatch.snapshot.GlobalSnapshot;

import java.util.Arrays;

/** README.md, "The API in 20 lines": three branches on the simulator, one snapshot. */
public final class ApiIn20Lines {
    private ApiIn20Lines() {
    }

    public static void main(String[] args) {
        // README.md snippet: The API in 20 lines
        Topology topology = Topology.complete("b1", "b2", "b3");
        Cutwatch cw = Cutwatch.simulated(topology, 42);           // deterministic simulator, seed 42

        for (String id : topology.processes()) {
            cw.process(id, new long[] {100})                      // the process's own mutable state
                    .capture(long[]::clone)                       // how a snapshot records it: a copy
                    .onStart((s, ctx) -> {                        // send 10 to every neighbour
                        for (String n : ctx.neighbours()) { s[0] -= 10; ctx.send(n, 10L); }
                    })
                    .onMessage((s, from, amount, ctx) -> s[0] += (Long) amount)
                    .start();
        }

        GlobalSnapshot<long[]> snap = cw.simulation().await(cw.snapshots().initiate("b1"));
        snap.state("b2");                 // b2's recorded balance
        snap.channel("b1", "b2");         // the transfers in flight on b1 -> b2 when the cut passed
        snap.frontier();                  // each process's vector clock at its recording point
        // end of README.md snippet

        System.out.println("b2 recorded " + Arrays.toString(snap.state("b2"))
                + ", in flight on b1 -> b2: " + snap.channel("b1", "b2"));
        cw.close();
    }
}
