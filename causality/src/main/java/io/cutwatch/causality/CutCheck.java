package io.cutwatch.causality;

/**
 * The answer to "is this cut consistent?".
 *
 * @param cut     the cut checked
 * @param send    when inconsistent: a send outside the cut ...
 * @param receive ... whose receive is inside it (the pair that breaks consistency); both
 *                {@code null} when the cut is consistent
 */
public record CutCheck(Cut cut, TraceEvent send, TraceEvent receive) {

    /** Whether every event in the cut has all the events that happened before it in the cut. */
    public boolean consistent() {
        return receive == null;
    }

    /** A sentence saying why, e.g. {@code q1 receives m1 but its send p1 is outside the cut}. */
    public String reason() {
        if (consistent()) {
            return "cut " + cut + " is consistent";
        }
        return "cut " + cut + " is inconsistent: " + receive.name() + " (inside) receives message '"
                + receive.messageId() + "' but its send " + send.name() + " is outside the cut";
    }

    @Override
    public String toString() {
        return reason();
    }
}
