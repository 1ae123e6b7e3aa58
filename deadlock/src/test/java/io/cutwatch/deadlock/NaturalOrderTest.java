package io.cutwatch.deadlock;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NaturalOrderTest {
    @Test
    void numbersCompareAsNumbers() {
        List<String> ids = new ArrayList<>(List.of("t10", "t9", "t1", "tx", "t010", "t2b", "t2a", "", "t"));
        ids.sort(NaturalOrder.INSTANCE);
        assertEquals(List.of("", "t", "t1", "t2a", "t2b", "t9", "t010", "t10", "tx"), ids);
    }
}
