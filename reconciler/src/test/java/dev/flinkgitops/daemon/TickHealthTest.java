package dev.flinkgitops.daemon;

import dev.flinkgitops.git.GitException;
import dev.flinkgitops.git.StatusBranch;
import dev.flinkgitops.pages.Health;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The daemon's health as the fleet page shows it, from its ticks. */
class TickHealthTest {

    @Test
    void aTickSaysWhichClustersAnsweredAndAGitFailureSaysGitIsUnreachableWithoutItsSecret() {
        TickHealth ticks = new TickHealth();
        Health before = ticks.health(true, "no tick yet");
        assertNull(before.lastTick());
        assertNull(before.gitReachable());

        Map<String, String> clusters = new HashMap<>();
        clusters.put("default", null);
        clusters.put("prod", "Flink cluster prod did not answer");
        ticks.succeeded(new TickReport("c", Map.of(), StatusBranch.WriteResult.unchanged(), false, List.of(), true, Map.of(),
                clusters, Map.of(), 0), Duration.ofMillis(12));
        Health ok = ticks.health(false, null);
        assertEquals(Duration.ofMillis(12), ok.lastTickDuration());
        assertEquals(Boolean.TRUE, ok.gitReachable());
        assertEquals(clusters, ok.clusters());
        assertFalse(ok.leader());

        ticks.failed(new GitException("fetch from https://bob:s3cr3t-t0ken@git.example.com/x.git failed: timeout", null),
                Duration.ofMillis(5000));
        Health failed = ticks.health(true, "last successful tick at ...");
        assertEquals(Boolean.FALSE, failed.gitReachable());
        assertEquals(clusters, failed.clusters(), "the clusters as last seen");
        assertTrue(failed.lastTickError().contains("fetch from https://git.example.com/x.git failed"), failed.lastTickError());
        assertFalse(failed.lastTickError().contains("s3cr3t"), failed.lastTickError());

        ticks.failed(new IllegalStateException("a bug"), Duration.ofMillis(1));
        assertEquals(Boolean.FALSE, ticks.health(true, null).gitReachable(), "another failure says nothing new about git");
    }
}
