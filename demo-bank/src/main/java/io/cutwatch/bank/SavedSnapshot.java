package io.cutwatch.bank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cutwatch.model.ChannelId;
import io.cutwatch.snapshot.GlobalSnapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bank snapshot on disk (checkpoint): branch ids, balances and the amounts in flight on each
 * channel, with the total they add up to. Written with {@link #write}, read back with
 * {@link #read}, which checks the file and names the field at fault.
 */
public record SavedSnapshot(long snapshotId, List<String> branches, Map<String, Long> balances,
                            Map<String, List<Long>> inFlight, long total) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** A problem with a saved snapshot file; the message names the file and the field. */
    public static final class InvalidSnapshotFileException extends RuntimeException {
        public InvalidSnapshotFileException(String message) {
            super(message);
        }
    }

    public static SavedSnapshot of(GlobalSnapshot<?> s) {
        Map<String, Long> balances = new LinkedHashMap<>();
        long total = 0;
        for (Map.Entry<String, ?> e : s.states().entrySet()) {
            long b = ((BranchState) e.getValue()).balance();
            balances.put(e.getKey(), b);
            total += b;
        }
        Map<String, List<Long>> inFlight = new LinkedHashMap<>();
        for (Map.Entry<ChannelId, List<Object>> e : s.channels().entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            List<Long> amounts = new ArrayList<>();
            for (Object m : e.getValue()) {
                long a = ((Transfer) m).amount();
                amounts.add(a);
                total += a;
            }
            inFlight.put(e.getKey().toString(), amounts);
        }
        return new SavedSnapshot(s.id(), s.processes(), balances, inFlight, total);
    }

    public void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        JSON.writeValue(file.toFile(), this);
    }

    /** Amounts in flight on channels out of {@code branch}, by receiver, in send order. */
    public Map<String, List<Long>> inFlightFrom(String branch) {
        Map<String, List<Long>> out = new LinkedHashMap<>();
        inFlight.forEach((channel, amounts) -> {
            String[] ends = channel.split("->", 2);
            if (ends[0].equals(branch)) {
                out.put(ends[1], amounts);
            }
        });
        return out;
    }

    public static SavedSnapshot read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new InvalidSnapshotFileException(file + ": not readable JSON (" + e.getMessage().lines().findFirst()
                    .orElse("") + ")");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidSnapshotFileException(file + ": expected a JSON object");
        }
        long id = field(file, root, "snapshotId").asLong();
        List<String> branches = new ArrayList<>();
        JsonNode bs = field(file, root, "branches");
        if (!bs.isArray() || bs.size() < 2) {
            throw new InvalidSnapshotFileException(file + ": 'branches' must list at least 2 branch ids");
        }
        bs.forEach(b -> branches.add(b.asText()));
        Map<String, Long> balances = new LinkedHashMap<>();
        JsonNode bal = field(file, root, "balances");
        long total = 0;
        for (String b : branches) {
            JsonNode v = bal.get(b);
            if (v == null || !v.canConvertToLong() || v.asLong() < 0) {
                throw new InvalidSnapshotFileException(file + ": 'balances." + b + "' must be a non-negative integer");
            }
            balances.put(b, v.asLong());
            total += v.asLong();
        }
        if (bal.size() != branches.size()) {
            throw new InvalidSnapshotFileException(file + ": 'balances' names branches not listed in 'branches'");
        }
        Map<String, List<Long>> inFlight = new LinkedHashMap<>();
        JsonNode fl = root.get("inFlight");
        if (fl != null) {
            Iterator<Map.Entry<String, JsonNode>> it = fl.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String[] ends = e.getKey().split("->", 2);
                if (ends.length != 2 || !branches.contains(ends[0]) || !branches.contains(ends[1])
                        || ends[0].equals(ends[1])) {
                    throw new InvalidSnapshotFileException(file + ": 'inFlight." + e.getKey()
                            + "' is not a channel between two listed branches (write it as from->to)");
                }
                List<Long> amounts = new ArrayList<>();
                for (JsonNode a : e.getValue()) {
                    if (!a.canConvertToLong() || a.asLong() <= 0) {
                        throw new InvalidSnapshotFileException(file + ": 'inFlight." + e.getKey()
                                + "' must hold positive integer amounts");
                    }
                    amounts.add(a.asLong());
                    total += a.asLong();
                }
                inFlight.put(e.getKey(), amounts);
            }
        }
        long declared = field(file, root, "total").asLong();
        if (declared != total) {
            throw new InvalidSnapshotFileException(file + ": 'total' is " + declared + " but balances and in-flight"
                    + " amounts add up to " + total);
        }
        return new SavedSnapshot(id, branches, balances, inFlight, total);
    }

    private static JsonNode field(Path file, JsonNode root, String name) {
        JsonNode n = root.get(name);
        if (n == null || n.isNull()) {
            throw new InvalidSnapshotFileException(file + ": missing field '" + name + "'");
        }
        return n;
    }
}
