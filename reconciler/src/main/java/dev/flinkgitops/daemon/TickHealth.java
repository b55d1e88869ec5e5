package dev.flinkgitops.daemon;

import dev.flinkgitops.git.GitException;
import dev.flinkgitops.pages.Health;
import dev.flinkgitops.redact.Redact;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** What the daemon knows of its own health from its last tick, for the fleet page; written by the tick, read by server threads. */
final class TickHealth {

    private record Last(Instant at, Duration took, String error, Boolean gitReachable, Map<String, String> clusters) {}

    private volatile Last last = new Last(null, null, null, null, Map.of());

    void succeeded(TickReport report, Duration took) {
        last = new Last(Instant.now(), took, null, true, report.clusters() == null ? Map.of() : report.clusters());
    }

    /** A failed tick: a git failure means git did not answer; the clusters stay as last seen. */
    void failed(RuntimeException e, Duration took) {
        Last before = last;
        boolean git = e instanceof GitException || e instanceof java.io.UncheckedIOException;
        last = new Last(Instant.now(), took, Redact.text(String.valueOf(e.getMessage())), git ? Boolean.FALSE : before.gitReachable(),
                before.clusters());
    }

    Health health(boolean leader, String notReadyReason) {
        Last now = last;
        return new Health(leader, now.at(), now.took(), now.error(), now.gitReachable(), now.clusters(), notReadyReason);
    }
}
