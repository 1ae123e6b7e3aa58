package io.cutwatch.gc;

import io.cutwatch.model.ChannelId;
import io.cutwatch.graph.CsrDigraph;
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
 * <p>It reads each recorded state two or three times through the adapter, so that every array
 * is allocated once at its final size and no reference is ever stored twice:
 * <ol>
 *   <li>count each process's objects (skipped where the adapter tells the count:
 *       {@link HeapAdapter#objectCount});</li>
 *   <li>number the objects (contiguously per process, in declaration order), index their ids in
 *       one open-addressing table per process, count each object's references into the CSR
 *       offsets, resolve the roots;</li>
 *   <li>resolve each reference's target through the tables and write it straight into its
 *       CSR slot.</li>
 * </ol>
 *
 * <p>Cost: O(n + e) time for n objects and e references: one hash lookup per reference. A
 * source object is found without hashing when the adapter reports references object by object
 * in declaration order (the last source or one of the 8 objects declared after it), else by one
 * lookup.
 * Lookups and inserts go in batches of 512 whose home slots are read in one tight loop first,
 * so their cache misses overlap. Memory: the graph itself (about {@code 12n + 4e} bytes), the id
 * tables (12 bytes per slot at a load factor between 0.35 and 0.7: about {@code 17n} to
 * {@code 34n} bytes) and a few KiB of batches; the tables are released when the graph is
 * returned. No per-reference buffer, no per-reference object, no boxing, no array grown by
 * copying. References to missing objects cost one compaction pass over the targets (only then).
 * The adapter must be a pure read: a state that describes itself differently on the second or
 * third read, or declares another number of objects than the adapter's count, is reported as a
 * {@link MalformedHeapException}.
 *
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

    /** The passes over each recorded state (the first only where the adapter does not tell the object count). */
    private static final int COUNT = 0;
    private static final int NUMBER = 1;
    private static final int LINK = 2;

    private static final class Run<S> {
        final GlobalSnapshot<?> snapshot;
        final long sid;
        final Class<S> stateType;
        final HeapAdapter<? super S> adapter;
        final List<String> processes;
        final Map<String, Integer> processIndex = new HashMap<>();
        final List<S> states;
        final int[] processStart;
        final IdTable[] tables;
        final long[] edgesOf;
        /** Whether the adapter told process q's object count ({@link HeapAdapter#objectCount}) instead of pass 1 counting. */
        final boolean[] toldCount;
        long[] objectIds;
        int[] offsets;
        int[] targets;
        final IntList roots = new IntList(64);
        // pass 3's batch of references waiting to be resolved
        static final int BATCH = 512;
        /** How many declared objects after the last source are compared before a source is looked up. */
        static final int SCAN = 8;
        final int[] batchSrc = new int[BATCH];
        final int[] batchProcess = new int[BATCH];
        final long[] batchId = new long[BATCH];
        final int[] batchNode = new int[BATCH];
        final int[] homeNode = new int[BATCH];
        final long[] homeKey = new long[BATCH];
        int batchSize;
        /** The process whose references pass 3 is resolving, and the resolved ones that cross processes so far. */
        int linking;
        long remote;
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
            this.states = new ArrayList<>(processes.size());
            this.processStart = new int[processes.size() + 1];
            this.tables = new IdTable[processes.size()];
            this.edgesOf = new long[processes.size()];
            this.toldCount = new boolean[processes.size()];
        }

        ObjectGraph build() {
            int p = processes.size();
            // Pass 1: object counts (from the adapter if it knows them), so every array below has its final size.
            long n = 0;
            for (int q = 0; q < p; q++) {
                S state = state(q);
                states.add(state);
                processStart[q] = (int) n;
                int known = adapter.objectCount(processes.get(q), state);
                if (known >= 0) {
                    n += known;
                    toldCount[q] = true;
                } else {
                    Sink counter = new Sink(COUNT, q);
                    adapter.describe(processes.get(q), state, counter);
                    n += counter.objects;
                }
                if (n > Integer.MAX_VALUE - 8) {
                    throw new IllegalStateException("snapshot " + sid + " has more than " + (Integer.MAX_VALUE - 8)
                            + " objects: too large for one object graph");
                }
            }
            processStart[p] = (int) n;
            try {
                objectIds = new long[(int) n];
                offsets = new int[(int) n + 1];
            } catch (OutOfMemoryError e) {
                // One failed allocation: nothing else was consumed, so a clear answer is still possible.
                throw new IllegalStateException("snapshot " + sid + ": " + n + " objects (" + countSources()
                        + ") do not fit in this JVM's heap (-Xmx " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB)");
            }
            // Pass 2: ids, tables, out-degrees, roots.
            for (int q = 0; q < p; q++) {
                number(q);
            }
            long e = 0;
            for (int v = 0; v < n; v++) {
                e += offsets[v + 1];
                offsets[v + 1] = (int) Math.min(e, Integer.MAX_VALUE);
            }
            if (e > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("snapshot " + sid + " has more than " + (Integer.MAX_VALUE - 8)
                        + " references: too large for one object graph");
            }
            targets = new int[(int) e];
            // Pass 3: targets, written in place; offsets[v] serves as v's write cursor meanwhile.
            for (int q = 0; q < p; q++) {
                link(q);
            }
            System.arraycopy(offsets, 0, offsets, 1, (int) n);
            offsets[0] = 0;
            if (danglingSrc.size() > 0) {
                dropDangling();
            }
            List<ChannelId> carriers = new ArrayList<>();
            int[] inTransit = inTransitRoots(carriers);
            return new ObjectGraph(processes, processStart, objectIds, CsrDigraph.of(offsets, targets), roots.toArray(),
                    inTransit, carriers.toArray(new ChannelId[0]), danglingSrc.toArray(), danglingDst.toArray(new ObjectRef[0]), remote);
        }

        /** Says where the object count came from, for the message when it does not fit. */
        private String countSources() {
            StringBuilder told = new StringBuilder();
            for (int q = 0; q < toldCount.length; q++) {
                if (toldCount[q]) {
                    told.append(told.length() == 0 ? "" : ", ").append(processes.get(q)).append('=')
                            .append(processStart[q + 1] - processStart[q]);
                }
            }
            return told.length() == 0 ? "counted" : "the adapter's objectCount told " + told;
        }

        private S state(int q) {
            String process = processes.get(q);
            Object state = snapshot.states().get(process);
            if (!stateType.isInstance(state)) {
                throw new MalformedHeapException(sid, "the recorded state of process " + process + " is "
                        + (state == null ? "null" : "a " + state.getClass().getName()) + ", the garbage detector"
                        + " expects " + stateType.getName());
            }
            return stateType.cast(state);
        }

        /** Pass 2 for process {@code q}. */
        private void number(int q) {
            String process = processes.get(q);
            int lo = processStart[q];
            int hi = processStart[q + 1];
            IdTable table = new IdTable(hi - lo);
            tables[q] = table;
            Sink sink = new Sink(NUMBER, q);
            adapter.describe(process, states.get(q), sink);
            sink.index();
            if (table.size() != hi - lo) {
                throw miscounted(q, table.size());
            }
            edgesOf[q] = sink.edges;
            for (int k = 0; k < sink.rootIds.size(); k++) {
                long id = sink.rootIds.get(k);
                int node = table.get(id);
                if (node < 0) {
                    throw new MalformedHeapException(sid, "process " + process + " declares root " + id
                            + " but no object " + id);
                }
                roots.add(node);
            }
        }

        /** Pass 3 for process {@code q}: references are resolved in batches (see {@link IdTable#getAll}). */
        private void link(int q) {
            String process = processes.get(q);
            Sink sink = new Sink(LINK, q);
            linking = q;
            adapter.describe(process, states.get(q), sink);
            flush();
            if (sink.edges != edgesOf[q]) {
                throw impure(process, "reports " + sink.edges + " references, " + edgesOf[q] + " the time before");
            }
        }

        private void flush() {
            IdTable.getAll(tables, batchProcess, batchId, batchSize, homeNode, homeKey, batchNode);
            for (int k = 0; k < batchSize; k++) {
                int node = batchNode[k];
                int src = batchSrc[k];
                if (node < 0) {
                    danglingSrc.add(src);
                    danglingDst.add(new ObjectRef(processes.get(batchProcess[k]), batchId[k]));
                } else if (batchProcess[k] != linking) {
                    remote++;
                }
                targets[offsets[src]++] = node;
            }
            batchSize = 0;
        }

        /**
         * Pass 2 declared {@code declared} objects of process {@code q} (-1: more than expected),
         * not as many as pass 1 counted or the adapter told.
         */
        private MalformedHeapException miscounted(int q, int declared) {
            int expected = processStart[q + 1] - processStart[q];
            String what = declared < 0 ? "more objects" : declared + " objects";
            if (toldCount[q]) {
                return new MalformedHeapException(sid, "the adapter's objectCount for process " + processes.get(q)
                        + " is " + expected + " but describe declares " + what + "; they must agree");
            }
            return impure(processes.get(q), "declares " + what + ", " + expected + " the first time");
        }

        private MalformedHeapException impure(String process, String what) {
            return new MalformedHeapException(sid, "the adapter read the recorded state of process " + process
                    + " twice and got different heaps: it " + what + "; describe must be a pure read");
        }

        /** Removes the -1 targets that stand for references to missing objects. O(n + e). */
        private void dropDangling() {
            int n = objectIds.length;
            int w = 0;
            int start = 0;
            for (int v = 0; v < n; v++) {
                int end = offsets[v + 1];
                for (int k = start; k < end; k++) {
                    if (targets[k] >= 0) {
                        targets[w++] = targets[k];
                    }
                }
                start = end;
                offsets[v + 1] = w;
            }
            targets = java.util.Arrays.copyOf(targets, w);
        }

        /**
         * What the adapter reports for one process in one pass ({@link #COUNT}, {@link #NUMBER} or
         * {@link #LINK}), resolved into (source node, target process, target id) for
         * {@link #edge}. One final class for all three passes, so the adapter's calls to the sink
         * stay monomorphic and are inlined. The source lookup is cached: adapters usually report
         * an object's references together.
         */
        private final class Sink implements HeapAdapter.HeapSink {
            final int mode;
            final int self;
            final String process;
            final int lo;
            final int hi;
            /** Pass 1: objects declared. */
            long objects;
            /** Pass 2: root ids, resolved after the pass. */
            final LongList rootIds;
            /** Pass 3: the next declared node expected. */
            int cursor;
            /** Nodes {@code [lo, declaredEnd)} are declared; {@code [lo, indexedEnd)} are in the table. */
            int declaredEnd;
            int indexedEnd;
            long edges;
            long lastFrom;
            int lastSrc = -1;
            /** The process of the last reference (most references stay in one process) and its index. */
            String lastProcess;
            int lastProcessIndex;
            /** Process names seen in references, direct-mapped by hash code, with their indices. */
            final String[] names = new String[64];
            final int[] nameIndex = new int[64];

            Sink(int mode, int self) {
                this.mode = mode;
                this.self = self;
                this.process = processes.get(self);
                this.lo = processStart[self];
                this.hi = processStart[self + 1];
                this.rootIds = mode == NUMBER ? new LongList(16) : null;
                this.cursor = lo;
                boolean described = mode == LINK;
                this.declaredEnd = described ? hi : lo;
                this.indexedEnd = declaredEnd;
            }

            @Override
            public void object(long objectId) {
                if (mode == COUNT) {
                    objects++;
                } else if (mode == NUMBER) {
                    if (declaredEnd == hi) {
                        throw miscounted(self, -1);
                    }
                    objectIds[declaredEnd] = objectId;
                    lastFrom = objectId;
                    lastSrc = declaredEnd++;
                    if (declaredEnd - indexedEnd == BATCH) {
                        index();
                    }
                } else if (cursor < declaredEnd && objectIds[cursor] == objectId) {
                    lastFrom = objectId;
                    lastSrc = cursor++;
                }
            }

            @Override
            public void root(long objectId) {
                if (mode == NUMBER) {
                    rootIds.add(objectId);
                }
            }

            /** Pass 2 counts the out-degree of {@code src}; pass 3 queues the reference to be resolved. */
            private void edge(int src, int toProcess, long to) {
                if (mode == NUMBER) {
                    offsets[src + 1]++;
                    return;
                }
                if (edges > edgesOf[self]) {
                    throw impure(process, "reports more references than the time before (" + edgesOf[self] + ")");
                }
                int k = batchSize++;
                batchSrc[k] = src;
                batchProcess[k] = toProcess;
                batchId[k] = to;
                if (batchSize == BATCH) {
                    flush();
                }
            }

            /** Puts the declared objects not yet in the table into it (in a batch: see {@link IdTable#putAll}). */
            void index() {
                if (indexedEnd == declaredEnd) {
                    return;
                }
                int dup = tables[self].putAll(objectIds, indexedEnd, declaredEnd, homeNode, homeKey);
                if (dup >= 0) {
                    throw new MalformedHeapException(sid, "process " + process + " declares object "
                            + objectIds[dup] + " twice");
                }
                indexedEnd = declaredEnd;
            }

            @Override
            public void reference(long from, long to) {
                if (mode == COUNT) {
                    return;
                }
                edges++;
                edge(source(from, to), self, to);
            }

            @Override
            public void reference(long from, String toProcess, long objectId) {
                if (mode == COUNT) {
                    return;
                }
                int src = source(from, objectId);
                int q;
                if (toProcess == lastProcess) {
                    q = lastProcessIndex;
                } else {
                    q = processIndex(from, toProcess, objectId);
                    lastProcess = toProcess;
                    lastProcessIndex = q;
                }
                edges++;
                edge(src, q, objectId);
            }

            /** The index of {@code toProcess}, from the direct-mapped cache or else the snapshot's map. */
            private int processIndex(long from, String toProcess, long objectId) {
                if (toProcess == null) {
                    throw unknownProcess(from, null, objectId);
                }
                int slot = toProcess.hashCode() & (names.length - 1);
                String cached = names[slot];
                if (cached != null && (cached == toProcess || cached.equals(toProcess))) {
                    return nameIndex[slot];
                }
                Integer q = processIndex.get(toProcess);
                if (q == null) {
                    throw unknownProcess(from, toProcess, objectId);
                }
                names[slot] = toProcess;
                nameIndex[slot] = q;
                return q;
            }

            private MalformedHeapException unknownProcess(long from, String toProcess, long objectId) {
                return new MalformedHeapException(sid, "object " + from + " of process " + process
                        + " refers to object " + objectId + " of unknown process '" + toProcess
                        + "'; the snapshot has " + processes);
            }

            /**
             * The node of declared object {@code from}: the last source again, or one of the
             * {@code SCAN} objects declared right after it (adapters usually report references
             * object by object in declaration order, skipping the objects that hold none), else a
             * table lookup.
             */
            private int source(long from, long to) {
                if (lastSrc >= 0 && from == lastFrom) {
                    return lastSrc;
                }
                int guess = lastSrc < 0 ? lo : lastSrc + 1;
                int end = Math.min(declaredEnd, guess + SCAN);
                while (guess < end && objectIds[guess] != from) {
                    guess++;
                }
                int src;
                if (guess < end) {
                    src = guess;
                } else {
                    index();
                    src = tables[self].get(from);
                    if (src < 0) {
                        throw new MalformedHeapException(sid, "process " + process + " reports a reference from"
                                + " object " + from + " (to " + to + ") before declaring object " + from);
                    }
                }
                lastFrom = from;
                lastSrc = src;
                return src;
            }
        }

        /** The nodes referenced by messages in transit; {@code carriers} gets each one's channel. */
        private int[] inTransitRoots(List<ChannelId> carriers) {
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
                        int node = tables[q].get(objectId);
                        if (node < 0) {
                            throw new DanglingReferenceException(sid, "a message in transit on channel " + channel,
                                    new ObjectRef(process, objectId));
                        }
                        out.add(node);
                        carriers.add(channel);
                    });
                }
            }
            return out.toArray();
        }
    }
}
