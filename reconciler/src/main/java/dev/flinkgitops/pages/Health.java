package dev.flinkgitops.pages;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The daemon's own health, as the fleet page shows it.
 *
 * @param leader whether this daemon holds the lease (always, without Kubernetes)
 * @param lastTick when the last tick ended (successfully or not), or null before the first
 * @param lastTickDuration how long it took, or null
 * @param lastTickError why the last tick failed ({@link dev.flinkgitops.redact.Redact redacted}), or null when it succeeded
 * @param gitReachable whether the last fetch of the spec repository worked, or null before the first
 * @param clusters each Flink cluster the last tick read, by name: null when it answered, else why not
 * @param notReadyReason why {@code /readyz} answers 503, or null when ready
 */
public record Health(boolean leader, Instant lastTick, Duration lastTickDuration, String lastTickError, Boolean gitReachable,
        Map<String, String> clusters, String notReadyReason) {

    public Health {
        clusters = clusters == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(clusters));
    }
}
