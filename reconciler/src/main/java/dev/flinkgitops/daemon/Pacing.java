package dev.flinkgitops.daemon;

import java.time.Duration;

/**
 * How long the loop waits after a tick. Nothing in flight: the poll interval. A tick that pushed
 * a step of an operation (say, the write-ahead intent of an upgrade): none, the next step follows
 * at once (a few times in a row at most). An operation that waits on Flink (a savepoint being
 * written, a job starting): a short wait that doubles up to the fast interval, so a savepoint
 * that completes in 10 ms is seen within about 10 ms, one of 100 ms within tens of milliseconds, while one that takes minutes
 * costs no more ticks than the fast interval allows. Those quick ticks are about Flink: they
 * fetch the repository at most once per fast interval (a fetch is a round trip to the git
 * host, ~100 ms or more to a hosted one), and always when a webhook woke the daemon.
 */
final class Pacing {

    static final Duration FIRST_WAIT = Duration.ofMillis(10);
    static final int MAX_IMMEDIATE_TICKS = 5;

    private final Duration pollInterval;
    private final Duration fastInterval;
    private Duration nextWait;
    /** The wait during an outage, growing to the poll interval; null while clusters answer. */
    private Duration outageWait;
    private int immediate;

    Pacing(Duration pollInterval, Duration fastInterval) {
        this.pollInterval = pollInterval;
        this.fastInterval = fastInterval;
        this.nextWait = min(FIRST_WAIT, fastInterval);
    }

    /** The wait after a tick that pushed a step ({@code progressed}) or not, with an operation in flight or not. */
    Duration after(boolean progressed, boolean inFlight) {
        return after(progressed, inFlight, false);
    }

    /**
     * The same, where {@code outage} says some app waits for a cluster that does not answer. With
     * nothing else in flight the daemon then looks again after the fast interval, doubling up to the
     * poll interval, and fetches the repository at most once per poll interval (a webhook still
     * fetches at once).
     */
    Duration after(boolean progressed, boolean inFlight, boolean outage) {
        if (outage && !inFlight && !progressed) {
            reset();
            outageWait = outageWait == null ? fastInterval : min(outageWait.multipliedBy(2), pollInterval);
            return outageWait;
        }
        outageWait = null;
        if (!inFlight) {
            reset();
            return pollInterval;
        }
        if (progressed) {
            nextWait = min(FIRST_WAIT, fastInterval);
            if (immediate < MAX_IMMEDIATE_TICKS) {
                immediate++;
                return Duration.ZERO;
            }
        }
        immediate = 0;
        Duration wait = nextWait;
        nextWait = min(nextWait.multipliedBy(2), fastInterval);
        return wait;
    }

    /**
     * Whether the next tick fetches: when woken (a push was announced), when it never fetched, or
     * when its last fetch is a fast interval old or more.
     */
    boolean fetch(boolean woken, Duration sinceLastFetch) {
        Duration every = outageWait != null ? pollInterval : fastInterval;
        return woken || sinceLastFetch == null || sinceLastFetch.compareTo(every) >= 0;
    }

    /** After a failed tick the loop backs off on its own; the next operation starts from a short wait again. */
    void reset() {
        immediate = 0;
        nextWait = min(FIRST_WAIT, fastInterval);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
