package io.cutwatch.sim;

import io.cutwatch.process.ProcessEvent;
import io.cutwatch.process.ProcessEventListener;
import io.cutwatch.model.Topology;
import io.cutwatch.model.ChannelId;
import io.cutwatch.snapshot.GlobalSnapshot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The ground truth of a run: every application event of every process, in process order, with
 * its vector clock. {@link #verify} compares a recorded {@link GlobalSnapshot} against it:
 * the cut it names (each process's first {@code frontier[p][p]} events) must be closed under
 * happened-before, each process's recorded state must equal the state reached by replaying its
 * events inside the cut, and each channel's recorded state must equal the messages sent inside
 * the cut and received outside it, in send order.
 *
 * <p>Register it with {@link io.cutwatch.Cutwatch#onEvent} before starting processes.
 * Thread-safe: each process's events may come from its own thread. Memory is O(events).
 */
public final class ExecutionLog implements ProcessEventListener {
    private final Topology topology;
    private final Map<String, List<ProcessEvent>> events = new HashMap<>();
    private final List<String> problems = new ArrayList<>();

    public ExecutionLog(Topology topology) {
        this.topology = topology;
        for (String p : topology.processes()) {
            events.put(p, new ArrayList<>());
        }
    }

    @Override
    public void onEvent(ProcessEvent event) {
        List<ProcessEvent> list = events.get(event.process());
        synchronized (list) {
            long own = event.clock().get(topology.indexOf(event.process()));
            if (own != list.size() + 1) {
                synchronized (problems) {
                    problems.add(event.process() + ": event " + own + " logged after " + list.size() + " events");
                }
            }
            list.add(event);
        }
    }

    /** The events of {@code process} so far, in order (a copy). */
    public List<ProcessEvent> events(String process) {
        List<ProcessEvent> list = events.get(process);
        synchronized (list) {
            return List.copyOf(list);
        }
    }

    /** Total events logged. */
    public long size() {
        long n = 0;
        for (List<ProcessEvent> l : events.values()) {
            synchronized (l) {
                n += l.size();
            }
        }
        return n;
    }

    /**
     * Compares {@code snapshot} with the logged execution; {@code replay} computes a process's
     * expected recorded state from its events inside the cut. Returns the discrepancies found,
     * empty when the snapshot is exactly the cut it claims to be.
     */
    public <S> List<String> verify(GlobalSnapshot<S> snapshot, BiFunction<String, List<ProcessEvent>, S> replay) {
        List<String> out = new ArrayList<>();
        synchronized (problems) {
            out.addAll(problems);
        }
        Map<String, List<ProcessEvent>> prefix = new HashMap<>();
        for (String p : topology.processes()) {
            long inCut = snapshot.frontier().get(p).get(topology.indexOf(p));
            List<ProcessEvent> all = events(p);
            if (inCut > all.size()) {
                out.add(p + ": frontier names " + inCut + " events, only " + all.size() + " logged");
                return out;
            }
            List<ProcessEvent> pre = all.subList(0, (int) inCut);
            prefix.put(p, pre);
            if (!pre.isEmpty() && !pre.get(pre.size() - 1).clock().equals(snapshot.frontier().get(p))) {
                out.add(p + ": frontier " + snapshot.frontier().get(p) + " is not the clock of its last event in the cut "
                        + pre.get(pre.size() - 1).clock());
            }
            S expected = replay.apply(p, pre);
            S recorded = snapshot.state(p);
            if (!expected.equals(recorded)) {
                out.add(p + ": recorded state " + recorded + " but replaying its " + inCut + " events gives " + expected);
            }
        }
        for (ChannelId c : topology.channels()) {
            List<Object> sentInCut = new ArrayList<>();
            List<Long> sentSeqs = new ArrayList<>();
            for (ProcessEvent e : prefix.get(c.from())) {
                if (e.kind() == ProcessEvent.Kind.SEND && c.equals(e.channel())) {
                    sentInCut.add(e.payload());
                    sentSeqs.add(e.seq());
                }
            }
            Set<Long> receivedInCut = new HashSet<>();
            for (ProcessEvent e : prefix.get(c.to())) {
                if (e.kind() == ProcessEvent.Kind.RECEIVE && c.equals(e.channel())) {
                    receivedInCut.add(e.seq());
                    if (!sentSeqs.contains(e.seq())) {
                        out.add("cut not closed under happened-before: " + e.messageId()
                                + " is received inside the cut but sent outside it");
                    }
                }
            }
            List<Object> inTransit = new ArrayList<>();
            for (int k = 0; k < sentSeqs.size(); k++) {
                if (!receivedInCut.contains(sentSeqs.get(k))) {
                    inTransit.add(sentInCut.get(k));
                }
            }
            List<Object> recorded = snapshot.channels().get(c);
            if (!inTransit.equals(recorded)) {
                out.add(c + ": recorded channel state " + recorded + " but the run had " + inTransit + " in transit");
            }
        }
        return out;
    }
}
