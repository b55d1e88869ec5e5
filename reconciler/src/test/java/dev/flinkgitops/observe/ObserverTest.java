package dev.flinkgitops.observe;

import dev.flinkgitops.apply.Cluster;
import dev.flinkgitops.apply.Clusters;
import dev.flinkgitops.plan.Observed;
import dev.flinkgitops.testing.FakeFlink;
import dev.flinkgitops.testing.LogCapture;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ObserverTest {

    private final FakeFlink flink = new FakeFlink();
    private final Observer observer = new Observer(
            new Clusters(Map.of("default", new Cluster("default", "http://flink:8081", flink, flink, flink)), null));

    @Test
    void anUnreachableClusterIsWarnedAboutOncePerOutage() {
        try (LogCapture logs = LogCapture.start()) {
            flink.unreachable(true);
            for (int tick = 0; tick < 3; tick++) {
                Observed observed = observer.observe(Set.of("default"), List.of());
                assertTrue(observed.unreachable().contains("default"), "every tick still sees the cluster as unreachable");
            }
            assertEquals(1, count(logs, "cannot list jobs of Flink cluster default"));

            flink.unreachable(false);
            assertFalse(observer.observe(Set.of("default"), List.of()).unreachable().contains("default"));
            assertEquals(1, count(logs, "Flink cluster default at http://flink:8081 answers again"));

            flink.unreachable(true);
            observer.observe(Set.of("default"), List.of());
            assertEquals(2, count(logs, "cannot list jobs of Flink cluster default"), "a new outage is warned about again");
        }
    }

    private static long count(LogCapture logs, String text) {
        return logs.lines().stream().filter(line -> line.contains(text)).count();
    }
}
