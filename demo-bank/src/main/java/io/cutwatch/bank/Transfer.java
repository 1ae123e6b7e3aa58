package io.cutwatch.bank;

/** Money in flight from one branch to another. {@code id} is unique per sender. */
public record Transfer(long id, long amount) {
    public Transfer {
        if (amount <= 0) {
            throw new IllegalArgumentException("a transfer moves a positive amount, got " + amount);
        }
    }
}
