package dev.flinkgitops.observe;

import dev.flinkgitops.port.Cluster;
import dev.flinkgitops.port.Clusters;
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

    /** A list that misses a job the job's own status shows running is not believed: nothing is decided this tick. */
    @Test
    void aJobMissingFromTheListButRunningByIdMakesTheClusterUntrusted() {
        flink.running("j1").hideFromListing("j1", true);
        try (LogCapture logs = LogCapture.start()) {
            Observed observed = observer.observe(Set.of("default"), List.of(recorded("j1", "RUNNING")));

            assertFalse(observed.reachable("default"));
            assertTrue(observed.distrusted().get("default").contains("the job's own status is RUNNING"),
                    observed.distrusted().toString());
            assertEquals(1, count(logs, "not believing Flink cluster default"));
        }
    }

    /** Gone in the list and unknown by id: corroborated, the list is believed. */
    @Test
    void aJobGoneInBothReadsIsBelievedGone() {
        Observed observed = observer.observe(Set.of("default"), List.of(recorded("j9", "RUNNING")));

        assertTrue(observed.reachable("default"));
        assertTrue(observed.job("default", "j9").isEmpty());
    }

    /** A job the daemon already recorded as ended needs no second read (a cluster that fails it is still believed). */
    @Test
    void aJobRecordedAsEndedIsNotReadAgain() {
        flink.running("j1").hideFromListing("j1", true);

        Observed observed = observer.observe(Set.of("default"), List.of(recorded("j1", "FINISHED")));

        assertTrue(observed.reachable("default"));
    }

    private static dev.flinkgitops.status.AppStatus recorded(String jobId, String state) {
        return dev.flinkgitops.status.AppStatus.empty("payments/orders", "apps/orders.yaml")
                .withJob(new dev.flinkgitops.status.JobRecord(jobId, "default", state, 1, null, "2026-11-21T09:00:00Z"))
                .withPhase(dev.flinkgitops.status.Phase.RUNNING, "running");
    }

    private static long count(LogCapture logs, String text) {
        return logs.lines().stream().filter(line -> line.contains(text)).count();
    }
}
