package dev.flinkgitops.daemon;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PacingTest {

    private static final Duration POLL = Duration.ofSeconds(10);
    private static final Duration FAST = Duration.ofMillis(250);

    @Test
    void nothingInFlightWaitsThePollInterval() {
        Pacing pacing = new Pacing(POLL, FAST);
        assertEquals(POLL, pacing.after(false, false));
        assertEquals(POLL, pacing.after(true, false));
    }

    @Test
    void waitingOnFlinkStartsShortAndDoublesUpToTheFastInterval() {
        Pacing pacing = new Pacing(POLL, FAST);
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            waits.add(pacing.after(false, true).toMillis());
        }
        assertEquals(List.of(10L, 20L, 40L, 80L, 160L, 250L, 250L), waits);
    }

    @Test
    void aPushedStepIsFollowedAtOnceAFewTimesThenWaits() {
        Pacing pacing = new Pacing(POLL, FAST);
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < Pacing.MAX_IMMEDIATE_TICKS + 2; i++) {
            waits.add(pacing.after(true, true).toMillis());
        }
        assertEquals(List.of(0L, 0L, 0L, 0L, 0L, 10L, 0L), waits);
    }

    @Test
    void aPushedStepStartsTheShortWaitsAgain() {
        Pacing pacing = new Pacing(POLL, FAST);
        pacing.after(false, true);
        pacing.after(false, true);
        assertEquals(40L, pacing.after(false, true).toMillis());
        assertEquals(Duration.ZERO, pacing.after(true, true));
        assertEquals(10L, pacing.after(false, true).toMillis());
    }

    @Test
    void anOperationAfterAQuietSpellStartsShortAgain() {
        Pacing pacing = new Pacing(POLL, FAST);
        for (int i = 0; i < 6; i++) {
            pacing.after(false, true);
        }
        assertEquals(POLL, pacing.after(false, false));
        assertEquals(10L, pacing.after(false, true).toMillis());
    }

    @Test
    void aFastIntervalBelowTheFirstWaitIsKept() {
        Pacing pacing = new Pacing(POLL, Duration.ofMillis(5));
        assertEquals(5L, pacing.after(false, true).toMillis());
        assertEquals(5L, pacing.after(false, true).toMillis());
    }

    @Test
    void quickTicksFetchAtMostOncePerFastIntervalUnlessWoken() {
        Pacing pacing = new Pacing(POLL, FAST);
        assertEquals(true, pacing.fetch(false, null), "never fetched");
        assertEquals(false, pacing.fetch(false, Duration.ofMillis(60)), "a quick tick about Flink");
        assertEquals(true, pacing.fetch(false, FAST), "a fast interval since the last fetch");
        assertEquals(true, pacing.fetch(true, Duration.ofMillis(1)), "a webhook announced a push");
    }

    /** A cluster that does not answer: no fast ticking; the waits grow to the poll interval, and git is fetched once per poll interval. */
    @Test
    void anOutageBacksOffToThePollIntervalAndFetchesRarely() {
        Pacing pacing = new Pacing(POLL, FAST);
        Duration total = Duration.ZERO;
        java.util.List<Duration> waits = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Duration wait = pacing.after(false, false, true);
            waits.add(wait);
            total = total.plus(wait);
        }
        assertEquals(FAST, waits.get(0));
        assertEquals(FAST.multipliedBy(2), waits.get(1));
        assertEquals(POLL, waits.get(11), waits.toString());
        assertEquals(false, pacing.fetch(false, POLL.minusMillis(1)), "at most one fetch per poll interval");
        assertEquals(true, pacing.fetch(false, POLL));
        assertEquals(true, pacing.fetch(true, Duration.ofMillis(1)), "a webhook still fetches at once");

        assertEquals(10L, pacing.after(false, true, false).toMillis(), "the cluster answers again: short waits again");
        assertEquals(false, pacing.fetch(false, FAST.minusMillis(1)));
    }
}
