package io.cutwatch.bank;

/** A branch's recorded state: its balance, and how many transfers it has sent and received. */
public record BranchState(long balance, long sent, long received) {
}
