package io.cutwatch.gc;

import io.cutwatch.detect.DetectionResult;
import io.cutwatch.detect.ResultGraph;
import io.cutwatch.detect.Viewable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The garbage found in one consistent snapshot: objects that no root reaches (local roots of
 * any process, or references in messages in transit). Garbage is a stable property, so every
 * object listed here is still garbage when the report is read, and every object that was
 * garbage when the snapshot started is listed.
 *
 * @param snapshotId        the snapshot examined
 * @param garbage           garbage object ids per process, every process of the snapshot present
 *                          (possibly empty), in topology order
 * @param distributedCycles the strongly connected garbage that spans processes, ordered by
 *                          their smallest member
 * @param retainedByCycles  garbage objects that are in a distributed cycle or reachable from one:
 *                          what reference counting (with local tracing) would never free
 * @param examined          the size of the object graph examined
 */
public record GarbageReport(long snapshotId, Map<String, ObjectIds> garbage, List<GarbageCycle> distributedCycles,
                            long retainedByCycles, GraphSize examined) implements DetectionResult, Viewable {
    public GarbageReport {
        garbage = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(garbage));
        distributedCycles = List.copyOf(distributedCycles);
        Objects.requireNonNull(examined, "examined");
    }

    /** True when there is garbage. */
    @Override
    public boolean found() {
        return garbageCount() > 0;
    }

    /** Garbage objects over all processes. */
    public long garbageCount() {
        long n = 0;
        for (ObjectIds ids : garbage.values()) {
            n += ids.size();
        }
        return n;
    }

    /** The garbage of {@code process} (empty if it has none or is not in the snapshot). */
    public ObjectIds garbage(String process) {
        return garbage.getOrDefault(process, ObjectIds.empty());
    }

    public boolean isGarbage(ObjectRef ref) {
        return garbage(ref.process()).contains(ref.objectId());
    }

    /**
     * Hands each process's garbage to {@code hook}, processes in topology order, skipping
     * processes without garbage. Returns the number of objects handed over.
     */
    public long reclaim(ReclaimHook hook) {
        Objects.requireNonNull(hook, "hook");
        long n = 0;
        for (Map.Entry<String, ObjectIds> e : garbage.entrySet()) {
            if (!e.getValue().isEmpty()) {
                hook.reclaim(e.getKey(), e.getValue());
                n += e.getValue().size();
            }
        }
        return n;
    }

    @Override
    public String summary() {
        StringBuilder per = new StringBuilder();
        for (Map.Entry<String, ObjectIds> e : garbage.entrySet()) {
            if (!e.getValue().isEmpty()) {
                per.append(per.length() == 0 ? "" : ", ").append(e.getKey()).append('=').append(e.getValue().size());
            }
        }
        return "snapshot " + snapshotId + ": " + garbageCount() + " garbage of " + examined.objects() + " objects"
                + (per.length() == 0 ? "" : " (" + per + ")") + ", " + distributedCycles.size()
                + " distributed cycles retaining " + retainedByCycles;
    }

    /** The members of the distributed cycles, by process (the report keeps no references: see {@link ExplainedGarbage}). */
    @Override
    public Optional<ResultGraph> drawing() {
        return Optional.of(GarbageDrawing.of(this, List.of()));
    }

    /** Garbage per process, then what the distributed cycles retain. */
    @Override
    public Map<String, Double> measures() {
        return GarbageDrawing.measures(this);
    }

    @Override
    public String toString() {
        return summary();
    }
}
