package dev.flinkgitops.config;

import java.time.Duration;

/**
 * How often the daemon ticks, and the planner's patience.
 *
 * @param pollInterval how often the repository is fetched when nothing is in flight
 * @param fastInterval how often it ticks while an operation is in flight
 * @param retryBase first wait before a failed app is tried again; doubles per failure
 * @param retryMax the longest such wait
 * @param savepointTimeout how long a savepoint may take before the status says it is overdue
 * @param maxAttempts failures of one spec before the daemon stops retrying it (stalled until a newer commit)
 * @param driftReplaceInterval the shortest time between two replacements of an app's JobManager for drift
 *     (an edit outside the daemon); a replacement due sooner is held back and reported
 */
public record TimingConfig(Duration pollInterval, Duration fastInterval, Duration retryBase, Duration retryMax,
        Duration savepointTimeout, int maxAttempts, Duration driftReplaceInterval) {

    /** Poll every 10 s, 250 ms while in flight; retry after 30 s doubling up to 10 min, 5 attempts; savepoints overdue after 15 min; a JobManager replaced for drift at most every 10 min. */
    public static final TimingConfig DEFAULTS = new TimingConfig(Duration.ofSeconds(10), Duration.ofMillis(250),
            Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofMinutes(15), 5, Duration.ofMinutes(10));

    /** The loop's two intervals (see {@code daemon.Pacing}). */
    public TimingConfig withIntervals(Duration pollInterval, Duration fastInterval) {
        return new TimingConfig(pollInterval, fastInterval, retryBase, retryMax, savepointTimeout, maxAttempts, driftReplaceInterval);
    }

    /** The retry back-off of a failing app and the attempts before it stalls. */
    public TimingConfig withRetries(Duration retryBase, Duration retryMax, int maxAttempts) {
        return new TimingConfig(pollInterval, fastInterval, retryBase, retryMax, savepointTimeout, maxAttempts, driftReplaceInterval);
    }

    public TimingConfig withDriftReplaceInterval(Duration driftReplaceInterval) {
        return new TimingConfig(pollInterval, fastInterval, retryBase, retryMax, savepointTimeout, maxAttempts, driftReplaceInterval);
    }

    public TimingConfig withSavepointTimeout(Duration savepointTimeout) {
        return new TimingConfig(pollInterval, fastInterval, retryBase, retryMax, savepointTimeout, maxAttempts, driftReplaceInterval);
    }
}
