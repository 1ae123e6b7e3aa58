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

    /**
     * Reads and checks a saved snapshot of at most {@code maxBranches} branches: ids must be
     * distinct non-blank strings, balances and amounts integers (no fractions, no overflow), the
     * shapes as written by {@link #write}, and the total must add up.
     *
     * @throws InvalidSnapshotFileException naming the file, the field (and branch) and what is wrong
     */
    public static SavedSnapshot read(Path file, int maxBranches) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            throw new InvalidSnapshotFileException(file + ": not readable JSON (" + why + ")");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidSnapshotFileException(file + ": expected a JSON object");
        }
        long id = integer(file, field(file, root, "snapshotId"), "snapshotId");
        JsonNode bs = field(file, root, "branches");
        if (!bs.isArray() || bs.size() < 2) {
            throw new InvalidSnapshotFileException(file + ": 'branches' must list at least 2 branch ids");
        }
        if (bs.size() > maxBranches) {
            throw new InvalidSnapshotFileException(file + ": 'branches' lists " + bs.size()
                    + " branches; the demo runs 2.." + maxBranches);
        }
        List<String> branches = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (int i = 0; i < bs.size(); i++) {
            JsonNode b = bs.get(i);
            String text = b.isTextual() ? b.asText() : null;
            if (text == null || text.isBlank() || text.chars().anyMatch(Character::isWhitespace)
                    || text.contains("->")) {
                throw new InvalidSnapshotFileException(file + ": 'branches[" + i + "]' must be a non-blank branch id"
                        + " without white space or '->', got " + b);
            }
            Integer before = seen.putIfAbsent(text, i);
            if (before != null) {
                throw new InvalidSnapshotFileException(file + ": 'branches[" + i + "]' repeats branch id '" + text
                        + "' (also at branches[" + before + "])");
            }
            branches.add(text);
        }
        Map<String, Long> balances = new LinkedHashMap<>();
        JsonNode bal = field(file, root, "balances");
        if (!bal.isObject()) {
            throw new InvalidSnapshotFileException(file + ": 'balances' must be an object of branch id to balance");
        }
        long total = 0;
        for (String b : branches) {
            JsonNode v = bal.get(b);
            if (v == null) {
                throw new InvalidSnapshotFileException(file + ": 'balances." + b + "' is missing");
            }
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
                throw new InvalidSnapshotFileException(file + ": 'balances." + b
                        + "' must be a non-negative integer of at most " + Long.MAX_VALUE + ", got " + v);
            }
            balances.put(b, v.asLong());
            total = add(file, total, v.asLong(), "balances." + b);
        }
        Iterator<String> names = bal.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!seen.containsKey(name)) {
                throw new InvalidSnapshotFileException(file + ": 'balances." + name
                        + "' names a branch not listed in 'branches'");
            }
        }
        Map<String, List<Long>> inFlight = new LinkedHashMap<>();
        JsonNode fl = root.get("inFlight");
        if (fl != null && !fl.isNull()) {
            if (!fl.isObject()) {
                throw new InvalidSnapshotFileException(file + ": 'inFlight' must be an object of channel (from->to)"
                        + " to a list of amounts, got " + (fl.isArray() ? "an array" : fl.toString()));
            }
            Iterator<Map.Entry<String, JsonNode>> it = fl.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String[] ends = e.getKey().split("->", 2);
                if (ends.length != 2 || !seen.containsKey(ends[0]) || !seen.containsKey(ends[1])
                        || ends[0].equals(ends[1])) {
                    throw new InvalidSnapshotFileException(file + ": 'inFlight." + e.getKey()
                            + "' is not a channel between two listed branches (write it as from->to)");
                }
                if (!e.getValue().isArray()) {
                    throw new InvalidSnapshotFileException(file + ": 'inFlight." + e.getKey()
                            + "' must be a list of amounts, got " + e.getValue());
                }
                List<Long> amounts = new ArrayList<>();
                for (int i = 0; i < e.getValue().size(); i++) {
                    JsonNode a = e.getValue().get(i);
                    String where = "inFlight." + e.getKey() + "[" + i + "]";
                    if (!a.isIntegralNumber() || !a.canConvertToLong() || a.asLong() <= 0) {
                        throw new InvalidSnapshotFileException(file + ": '" + where
                                + "' must be a positive integer amount, got " + a);
                    }
                    amounts.add(a.asLong());
                    total = add(file, total, a.asLong(), where);
                }
                inFlight.put(e.getKey(), amounts);
            }
        }
        long declared = integer(file, field(file, root, "total"), "total");
        if (declared != total) {
            throw new InvalidSnapshotFileException(file + ": 'total' is " + declared + " but balances and in-flight"
                    + " amounts add up to " + total);
        }
        return new SavedSnapshot(id, branches, balances, inFlight, total);
    }

    /** {@link #read(Path, int)} with no practical limit on the number of branches. */
    public static SavedSnapshot read(Path file) {
        return read(file, Integer.MAX_VALUE);
    }

    private static long add(Path file, long total, long amount, String where) {
        try {
            return Math.addExact(total, amount);
        } catch (ArithmeticException overflow) {
            throw new InvalidSnapshotFileException(file + ": '" + where + "' makes the total overflow a long (at most "
                    + Long.MAX_VALUE + ")");
        }
    }

    private static long integer(Path file, JsonNode n, String name) {
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new InvalidSnapshotFileException(file + ": '" + name + "' must be an integer, got " + n);
        }
        return n.asLong();
    }

    private static JsonNode field(Path file, JsonNode root, String name) {
        JsonNode n = root.get(name);
        if (n == null || n.isNull()) {
            throw new InvalidSnapshotFileException(file + ": missing field '" + name + "'");
        }
        return n;
    }
}
