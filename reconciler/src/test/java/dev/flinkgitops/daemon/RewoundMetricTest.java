package dev.flinkgitops.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.git.StatusBranch;
import dev.flinkgitops.server.Metrics;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.JobRecord;
import dev.flinkgitops.status.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A JobManager restart without HA counts as a state regression, by restart count or by the job's later start time. */
class RewoundMetricTest {

    private static final AppId APP = new AppId("payments", "orders");

    private final Metrics meters = new Metrics();
    private final TickMetrics metrics = new TickMetrics(meters);

    @Test
    void aLaterStartTimeOfTheSameJobCountsOnceAsAStateRegression() {
        AppStatus before = running(new JobRecord("j1", "k8s/payments/orders", "RUNNING", 1, "s3://sp-1", "t0", 2, 1_000L, null));
        AppStatus podReplaced = running(before.job().withJobManagerRestarts(0).withFlinkStartTime(9_000L));

        tick(before, podReplaced);
        assertEquals(1.0, regressions(), "the count fell (a new pod), the start time moved: a rewind");
        tick(podReplaced, podReplaced);
        assertEquals(1.0, regressions(), "counted once");
        tick(podReplaced, running(new JobRecord("j2", "k8s/payments/orders", "RUNNING", 2, "s3://sp-2", "t1", 0, 20_000L, null)));
        assertEquals(1.0, regressions(), "a new job's start time is no rewind");
    }

    private static AppStatus running(JobRecord job) {
        return AppStatus.empty(APP.toString(), "apps/orders.yaml").withJob(job).withPhase(Phase.RUNNING, "running");
    }

    private void tick(AppStatus before, AppStatus after) {
        TickReport report = new TickReport("c1", Map.of(), StatusBranch.WriteResult.unchanged(), false, List.of(), false, Map.of());
        metrics.succeeded(Map.of(APP, before), report, Map.of(APP, after), Duration.ofMillis(5), Instant.EPOCH);
    }

    private double regressions() {
        String series = "flinkgitops_state_regressions_total ";
        return Arrays.stream(meters.scrape().split("\n")).filter(line -> line.startsWith(series))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length()).strip())).findFirst().orElseThrow();
    }
}
