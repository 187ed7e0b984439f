package dev.ragsuite.gateway.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The per-instance algorithm (the same maths as redis/gcra.lua). */
class GcraTest {

    private final Gcra.Rate sixPerMinuteBurstThree = new Gcra.Rate(10_000, 3);

    @Test
    void aFullBudgetAllowsTheBurstThenRefusesUntilOneIntervalPasses() {
        double tat = Double.NaN;
        double now = 1_000_000;
        for (int i = 0; i < 3; i++) {
            Gcra.Step step = Gcra.step(tat, now, sixPerMinuteBurstThree, true);
            assertTrue(step.decision().allowed());
            assertEquals(2 - i, step.decision().remaining());
            tat = step.newTat();
        }
        Gcra.Step refused = Gcra.step(tat, now, sixPerMinuteBurstThree, true);
        assertFalse(refused.decision().allowed());
        assertEquals(10, refused.decision().retryAfterSeconds());
        assertEquals(30, refused.decision().resetSeconds());
        assertTrue(Gcra.step(tat, now + 10_000, sixPerMinuteBurstThree, true).decision().allowed());
    }
}
