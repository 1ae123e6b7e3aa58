package io.cutwatch.gc.graph;

import io.cutwatch.channel.ChannelId;
import io.cutwatch.gc.DanglingReferenceException;
import io.cutwatch.gc.HeapAdapter;
import io.cutwatch.gc.MalformedHeapException;
import io.cutwatch.gc.ObjectRef;
import io.cutwatch.snapshot.GlobalSnapshot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds the {@link ObjectGraph} of a {@link GlobalSnapshot} through the application's
 * {@link HeapAdapter}: the recorded process states give objects, local roots and references;
 * the references in messages recorded in channel states become in-transit roots.
 *
 * <p>Cost: O(n + e) time (hash lookups per reference, then a counting sort into CSR form);
 * transient memory about 12 bytes per object for the id maps and 8 bytes per reference
 * (16 per remote reference until resolved), released when the graph is returned.
 * Single-threaded; the snapshot is only read.
 */
public final class ObjectGraphBuilder {
    private ObjectGraphBuilder() {
    }

    /**
     * @param stateType the type every recorded state must have
     * @throws MalformedHeapException      if a state has another type, an object is declared twice,
     *                                     a reference comes from an undeclared object, a root names no
     *                                     object of its process, or a reference names a process outside
     *                                     the snapshot
     * @throws DanglingReferenceException  if a message in transit refers to an object no process holds
     */
    public static <S> ObjectGraph build(GlobalSnapshot<?> snapshot, Class<S> stateType, HeapAdapter<? super S> adapter) {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(stateType, "stateType");
        Objects.requireNonNull(adapter, "adapter");
        return new Run<>(snapshot, stateType, adapter).build();
    }

    private static final class Run<S> {
        final GlobalSnapshot<?> snapshot;
        final long sid;
        final Class<S> stateType;
        final HeapAdapter<? super S> adapter;
        final List<String> processes;
        final Map<String, Integer> processIndex = new HashMap<>();
        final LongIntMap[] ids;
        final int[] processStart;
        final LongList objectIds = new LongList(1024);
        final IntList roots = new IntList(64);
        final IntList edgeSrc = new IntList(1024);
        final IntList edgeDst = new IntList(1024);
        // references out of the process being described, to resolve once it is complete
        final IntList localSrc = new IntList(1024);
        final LongList localDst = new LongList(1024);
        final LongList pendingRoots = new LongList(64);
        // remote references, to resolve once every process is described
        final IntList remoteSrc = new IntList(256);
        final IntList remoteProc = new IntList(256);
        final LongList remoteDst = new LongList(256);
        final IntList danglingSrc = new IntList(4);
        final List<ObjectRef> danglingDst = new ArrayList<>();

        Run(GlobalSnapshot<?> snapshot, Class<S> stateType, HeapAdapter<? super S> adapter) {
            this.snapshot = snapshot;
            this.sid = snapshot.id();
            this.stateType = stateType;
            this.adapter = adapter;
            this.processes = snapshot.processes();
            for (int i = 0; i < processes.size(); i++) {
                processIndex.put(processes.get(i), i);
            }
            this.ids = new LongIntMap[processes.size()];
            this.processStart = new int[processes.size() + 1];
        }

        ObjectGraph build() {
            for (int p = 0; p < processes.size(); p++) {
                describe(p);
            }
            processStart[processes.size()] = objectIds.size();
            for (int k = 0; k < remoteSrc.size(); k++) {
                int p = remoteProc.get(k);
                long id = remoteDst.get(k);
                int node = ids[p].get(id);
                if (node >= 0) {
                    edgeSrc.add(remoteSrc.get(k));
                    edgeDst.add(node);
                } else {
                    danglingSrc.add(remoteSrc.get(k));
                    danglingDst.add(new ObjectRef(processes.get(p), id));
                }
            }
            int[] inTransit = inTransitRoots();
            int n = objectIds.size();
            int e = edgeSrc.size();
            int[] offsets = new int[n + 1];
            for (int k = 0; k < e; k++) {
                offsets[edgeSrc.get(k) + 1]++;
            }
            for (int v = 0; v < n; v++) {
                offsets[v + 1] += offsets[v];
            }
            int[] fill = java.util.Arrays.copyOf(offsets, n);
            int[] targets = new int[e];
            for (int k = 0; k < e; k++) {
                targets[fill[edgeSrc.get(k)]++] = edgeDst.get(k);
            }
            return new ObjectGraph(processes, processStart, objectIds.toArray(), offsets, targets, roots.toArray(),
                    inTransit, danglingSrc.toArray(), danglingDst.toArray(new ObjectRef[0]));
        }

        private void describe(int p) {
            String process = processes.get(p);
            Object state = snapshot.states().get(process);
            if (!stateType.isInstance(state)) {
                throw new MalformedHeapException(sid, "the recorded state of process " + process + " is "
                        + (state == null ? "null" : "a " + state.getClass().getName()) + ", the garbage detector"
                        + " expects " + stateType.getName());
            }
            processStart[p] = objectIds.size();
            LongIntMap map = new LongIntMap(64);
            ids[p] = map;
            localSrc.clear();
            localDst.clear();
            pendingRoots.clear();
            adapter.describe(process, stateType.cast(state), new HeapAdapter.HeapSink() {
                @Override
                public void object(long objectId) {
                    int node = objectIds.size();
                    if (map.putIfAbsent(objectId, node) >= 0) {
                        throw new MalformedHeapException(sid, "process " + process + " declares object "
                                + objectId + " twice");
                    }
                    objectIds.add(objectId);
                }

                @Override
                public void root(long objectId) {
                    pendingRoots.add(objectId);
                }

                @Override
                public void reference(long from, long to) {
                    localSrc.add(source(from, process, to));
                    localDst.add(to);
                }

                @Override
                public void reference(long from, String toProcess, long objectId) {
                    if (process.equals(toProcess)) {
                        reference(from, objectId);
                        return;
                    }
                    Integer q = toProcess == null ? null : processIndex.get(toProcess);
                    if (q == null) {
                        throw new MalformedHeapException(sid, "object " + from + " of process " + process
                                + " refers to object " + objectId + " of unknown process '" + toProcess
                                + "'; the snapshot has " + processes);
                    }
                    remoteSrc.add(source(from, process, objectId));
                    remoteProc.add(q);
                    remoteDst.add(objectId);
                }

                private int source(long from, String process, long to) {
                    int src = map.get(from);
                    if (src < 0) {
                        throw new MalformedHeapException(sid, "process " + process + " reports a reference from"
                                + " object " + from + " (to " + to + ") before declaring object " + from);
                    }
                    return src;
                }
            });
            for (int k = 0; k < pendingRoots.size(); k++) {
                long id = pendingRoots.get(k);
                int node = map.get(id);
                if (node < 0) {
                    throw new MalformedHeapException(sid, "process " + process + " declares root " + id
                            + " but no object " + id);
                }
                roots.add(node);
            }
            for (int k = 0; k < localSrc.size(); k++) {
                int node = map.get(localDst.get(k));
                if (node >= 0) {
                    edgeSrc.add(localSrc.get(k));
                    edgeDst.add(node);
                } else {
                    danglingSrc.add(localSrc.get(k));
                    danglingDst.add(new ObjectRef(process, localDst.get(k)));
                }
            }
        }

        private int[] inTransitRoots() {
            IntList out = new IntList(16);
            for (Map.Entry<ChannelId, List<Object>> c : snapshot.channels().entrySet()) {
                ChannelId channel = c.getKey();
                for (Object payload : c.getValue()) {
                    adapter.referencesIn(payload, (process, objectId) -> {
                        Integer q = process == null ? null : processIndex.get(process);
                        if (q == null) {
                            throw new MalformedHeapException(sid, "a message in transit on channel " + channel
                                    + " refers to object " + objectId + " of unknown process '" + process
                                    + "'; the snapshot has " + processes);
                        }
                        int node = ids[q].get(objectId);
                        if (node < 0) {
                            throw new DanglingReferenceException(sid, "a message in transit on channel " + channel,
                                    new ObjectRef(process, objectId));
                        }
                        out.add(node);
                    });
                }
            }
            return out.toArray();
        }
    }
}
