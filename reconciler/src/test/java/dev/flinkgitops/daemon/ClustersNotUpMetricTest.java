package dev.flinkgitops.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.git.StatusBranch;
import dev.flinkgitops.port.WorkloadHealth;
import dev.flinkgitops.port.WorkloadHealth.Problem;
import dev.flinkgitops.server.Metrics;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code flinkgitops_clusters_not_up{reason}}: set from each tick's workload health, back to 0 when fixed. */
class ClustersNotUpMetricTest {

    private static final AppId ORDERS = new AppId("payments", "orders");
    private static final AppId CLICKS = new AppId("payments", "clicks");
    private static final AppId SUSPENDED = new AppId("payments", "suspended");
    private static final AppId FRAUD = new AppId("analytics", "fraud");

    private final Metrics meters = new Metrics();
    private final TickMetrics metrics = new TickMetrics(meters);

    @Test
    void countsAppsByReasonEachTickAndDropsToZeroWhenFixed() {
        tick(Map.of(
                ORDERS, new WorkloadHealth(0, 1, 0, 2, Problem.IMAGE_PULL, "ImagePullBackOff"),
                CLICKS, new WorkloadHealth(0, 1, 2, 2, Problem.IMAGE_PULL, "ErrImagePull"),
                FRAUD, new WorkloadHealth(0, 1, 1, 1, Problem.OOM_KILLED, "OOMKilled"),
                SUSPENDED, new WorkloadHealth(0, 0, 0, 0, Problem.NONE, "")));
        assertEquals(2.0, gauge("image_pull"));
        assertEquals(1.0, gauge("oom_killed"));
        assertEquals(0.0, gauge("not_ready"), "a suspended app (no JobManager wanted) is not 'not up'");

        tick(Map.of(
                ORDERS, new WorkloadHealth(1, 1, 2, 2, Problem.NONE, ""),
                CLICKS, new WorkloadHealth(0, 1, 2, 2, Problem.NONE, ""),
                FRAUD, new WorkloadHealth(1, 1, 1, 1, Problem.NONE, "")));
        assertEquals(0.0, gauge("image_pull"));
        assertEquals(0.0, gauge("oom_killed"));
        assertEquals(1.0, gauge("not_ready"), "not ready with nothing saying why");

        tick(Map.of());
        assertEquals(0.0, gauge("not_ready"));
    }

    @Test
    void everyReasonIsExposedAtZeroBeforeTheFirstTick() {
        for (String reason : Metrics.NOT_UP_REASONS) {
            assertEquals(0.0, gauge(reason));
        }
        for (Problem problem : Problem.values()) {
            if (problem != Problem.NONE) {
                assertEquals(0.0, gauge(problem.label()), "each problem has its series");
            }
        }
    }

    private void tick(Map<AppId, WorkloadHealth> workloads) {
        TickReport report = new TickReport("c1", Map.of(), StatusBranch.WriteResult.unchanged(), false, List.of(), false,
                Map.of(), Map.of(), workloads, 0);
        metrics.succeeded(Map.of(), report, Map.of(), Duration.ofMillis(5), Instant.EPOCH);
    }

    private double gauge(String reason) {
        String series = "flinkgitops_clusters_not_up{reason=\"" + reason + "\"} ";
        return Arrays.stream(meters.scrape().split("\n")).filter(line -> line.startsWith(series))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length()).strip())).findFirst()
                .orElseThrow(() -> new AssertionError("no series " + series));
    }
}
