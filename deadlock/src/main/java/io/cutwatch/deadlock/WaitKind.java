package io.cutwatch.deadlock;

/**
 * Why a waiter waits for the vertex a wait points at: because that vertex holds what it asked
 * ({@link #HELD}, every wait unless the adapter says otherwise), or because that vertex's
 * request is queued ahead of its own and must be served first ({@link #QUEUED_AHEAD}, for lock
 * services with a strict FIFO queue). Both are waits of the AND model alike; the kind only labels
 * them (in a {@link WaitChain}).
 */
public enum WaitKind {
    /** The vertex waited for holds the resource in a mode the waiter cannot share. */
    HELD("held"),
    /** The vertex waited for is queued ahead of the waiter for the resource, in a mode it cannot share. */
    QUEUED_AHEAD("queued ahead");

    private final String text;

    WaitKind(String text) {
        this.text = text;
    }

    /** {@code held} or {@code queued ahead}: how text, JSON and DOT name it. */
    public String text() {
        return text;
    }
}
