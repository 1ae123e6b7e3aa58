package io.cutwatch.bank;

import io.cutwatch.model.ChannelId;
import io.cutwatch.detect.Detector;
import io.cutwatch.snapshot.GlobalSnapshot;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks that a snapshot conserves money: recorded balances plus amounts recorded in channel
 * states equal the initial total. O(processes + messages in flight).
 *
 * @throws IllegalArgumentException from {@link #detect} if a recorded state is not a
 *         {@link BranchState} or an in-flight message is not a {@link Transfer} (naming which)
 */
public final class ConservationDetector implements Detector<ConservationResult> {
    private final long expectedTotal;

    public ConservationDetector(long expectedTotal) {
        this.expectedTotal = expectedTotal;
    }

    public long expectedTotal() {
        return expectedTotal;
    }

    @Override
    public String name() {
        return "conservation";
    }

    @Override
    public ConservationResult detect(GlobalSnapshot<?> snapshot) {
        Map<String, Long> balances = new HashMap<>();
        long total = 0;
        for (Map.Entry<String, ?> e : snapshot.states().entrySet()) {
            if (!(e.getValue() instanceof BranchState b)) {
                throw new IllegalArgumentException("snapshot " + snapshot.id() + ": state of " + e.getKey()
                        + " is " + e.getValue() + ", not a BranchState");
            }
            balances.put(e.getKey(), b.balance());
            total += b.balance();
        }
        Map<String, Long> inFlight = new HashMap<>();
        for (Map.Entry<ChannelId, List<Object>> e : snapshot.channels().entrySet()) {
            long sum = 0;
            for (Object m : e.getValue()) {
                if (!(m instanceof Transfer t)) {
                    throw new IllegalArgumentException("snapshot " + snapshot.id() + ": message " + m + " on "
                            + e.getKey() + " is not a Transfer");
                }
                sum += t.amount();
            }
            if (sum != 0) {
                inFlight.put(e.getKey().toString(), sum);
            }
            total += sum;
        }
        return new ConservationResult(snapshot.id(), expectedTotal, total, balances, inFlight);
    }
}
