package dev.flinkgitops.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MetricsTest {

    private final Metrics metrics = new Metrics();

    @Test
    void exposesEveryMeterUnderItsDocumentedName() {
        metrics.tick(Duration.ofMillis(120));
        metrics.gitFetch(Duration.ofMillis(30), true);
        metrics.gitFetch(Duration.ofMillis(40), false);
        metrics.appsByPhase(Map.of("RUNNING", 3, "UPGRADING", 1));
        metrics.upgrade("succeeded");
        metrics.upgrade("rolled_back");
        metrics.savepoint(Duration.ofMillis(500), false);
        metrics.statusPushConflict();
        metrics.invalidSpecs(2);
        metrics.lastSuccessfulTick(Instant.ofEpochSecond(1_700_000_000L));

        String text = metrics.scrape();

        assertEquals(1.0, value(text, "flinkgitops_ticks_total"));
        assertEquals(1.0, value(text, "flinkgitops_tick_seconds_count"));
        assertEquals(0.12, value(text, "flinkgitops_tick_seconds_sum"), 1e-9);
        assertTrue(text.contains("flinkgitops_tick_seconds_max"), text);
        assertEquals(2.0, value(text, "flinkgitops_git_fetch_seconds_count"));
        assertEquals(1.0, value(text, "flinkgitops_git_fetch_failures_total"));
        assertEquals(3.0, value(text, "flinkgitops_apps{phase=\"RUNNING\"}"));
        assertEquals(1.0, value(text, "flinkgitops_apps{phase=\"UPGRADING\"}"));
        assertEquals(1.0, value(text, "flinkgitops_upgrades_total{result=\"succeeded\"}"));
        assertEquals(1.0, value(text, "flinkgitops_upgrades_total{result=\"rolled_back\"}"));
        assertEquals(0.0, value(text, "flinkgitops_upgrades_total{result=\"blocked\"}"));
        assertEquals(0.0, value(text, "flinkgitops_upgrades_total{result=\"stalled\"}"));
        assertEquals(1.0, value(text, "flinkgitops_savepoint_seconds_count"));
        assertEquals(1.0, value(text, "flinkgitops_savepoint_failures_total"));
        assertEquals(1.0, value(text, "flinkgitops_status_push_conflicts_total"));
        assertEquals(2.0, value(text, "flinkgitops_invalid_specs"));
        assertEquals(1.7e9, value(text, "flinkgitops_last_successful_tick_seconds"));
    }

    @Test
    void aPhaseThatEmptiesDropsToZero() {
        metrics.appsByPhase(Map.of("RUNNING", 2, "UPGRADING", 1));
        metrics.appsByPhase(Map.of("RUNNING", 3));

        String text = metrics.scrape();
        assertEquals(3.0, value(text, "flinkgitops_apps{phase=\"RUNNING\"}"));
        assertEquals(0.0, value(text, "flinkgitops_apps{phase=\"UPGRADING\"}"));
    }

    @Test
    void anUnknownUpgradeResultIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> metrics.upgrade("exploded"));
    }

    @Test
    void lastSuccessfulTickIsZeroUntilTheFirst() {
        assertEquals(0.0, value(metrics.scrape(), "flinkgitops_last_successful_tick_seconds"));
    }

    /** The sample value of the series whose name and labels are exactly {@code series}. */
    static double value(String exposition, String series) {
        Optional<String> line = Arrays.stream(exposition.split("\n"))
                .filter(l -> l.startsWith(series + " "))
                .findFirst();
        assertTrue(line.isPresent(), "no series " + series + " in:\n" + exposition);
        return Double.parseDouble(line.get().substring(series.length() + 1).strip());
    }
}
