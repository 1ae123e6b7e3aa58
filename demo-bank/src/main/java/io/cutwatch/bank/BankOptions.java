package io.cutwatch.bank;

import java.nio.file.Path;
import java.time.Duration;

/**
 * One bank run's settings (validated by the command line; see {@link BankDemo}).
 *
 * @param branches       number of branches (processes), on a complete topology
 * @param members        cluster members in this JVM
 * @param duration       how long branches keep transferring
 * @param snapshotEvery  period between snapshot initiations
 * @param seed           seeds initiator choice and, in the simulator, the whole run
 * @param naive          also take strawman snapshots (no markers, no channel recording)
 * @param saveSnapshots  directory to write each global snapshot to as JSON, or null
 * @param restore        saved snapshot to start from, or null
 * @param initialBalance per-branch starting balance when not restoring
 * @param maxTransferGap upper bound of the random gap between a branch's transfers
 * @param snapshotTimeout how long one snapshot may take before it fails
 */
public record BankOptions(int branches, int members, Duration duration, Duration snapshotEvery, long seed,
                          boolean naive, Path saveSnapshots, SavedSnapshot restore, long initialBalance,
                          Duration maxTransferGap, Duration snapshotTimeout) {

    /** Defaults for tests: 8 branches, 1 member, 2 s, a snapshot every 100 ms. */
    public static BankOptions defaults(long seed) {
        return new BankOptions(8, 1, Duration.ofSeconds(2), Duration.ofMillis(100), seed, false, null, null, 1_000,
                Duration.ofMillis(2), Duration.ofSeconds(10));
    }

    public BankOptions withNaive(boolean on) {
        return new BankOptions(branches, members, duration, snapshotEvery, seed, on, saveSnapshots, restore,
                initialBalance, maxTransferGap, snapshotTimeout);
    }

    public BankOptions withRestore(SavedSnapshot from) {
        return new BankOptions(from.branches().size(), members, duration, snapshotEvery, seed, naive, saveSnapshots,
                from, initialBalance, maxTransferGap, snapshotTimeout);
    }

    public BankOptions withSaveSnapshots(Path dir) {
        return new BankOptions(branches, members, duration, snapshotEvery, seed, naive, dir, restore,
                initialBalance, maxTransferGap, snapshotTimeout);
    }

    public BankOptions withDuration(Duration d) {
        return new BankOptions(branches, members, d, snapshotEvery, seed, naive, saveSnapshots, restore,
                initialBalance, maxTransferGap, snapshotTimeout);
    }

    public BankOptions withBranches(int n) {
        return new BankOptions(n, members, duration, snapshotEvery, seed, naive, saveSnapshots, restore,
                initialBalance, maxTransferGap, snapshotTimeout);
    }

    public BankOptions withMembers(int m) {
        return new BankOptions(branches, m, duration, snapshotEvery, seed, naive, saveSnapshots, restore,
                initialBalance, maxTransferGap, snapshotTimeout);
    }

    /** The total money in the system. */
    public long expectedTotal() {
        return restore != null ? restore.total() : initialBalance * branches;
    }
}
