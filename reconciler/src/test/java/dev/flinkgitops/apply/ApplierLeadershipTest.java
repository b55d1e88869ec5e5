package dev.flinkgitops.apply;

import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.appspec.UpgradeMode;
import dev.flinkgitops.plan.Plan;
import dev.flinkgitops.plan.PlannerSettings;
import dev.flinkgitops.port.Cluster;
import dev.flinkgitops.port.Clusters;
import dev.flinkgitops.port.JobState;
import dev.flinkgitops.port.KubeObject;
import dev.flinkgitops.port.KubeTarget;
import dev.flinkgitops.port.LeaderCheck;
import dev.flinkgitops.port.RenderRequest;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.JobRecord;
import dev.flinkgitops.status.OperationRecord;
import dev.flinkgitops.status.OperationStep;
import dev.flinkgitops.status.OperationType;
import dev.flinkgitops.status.Phase;
import dev.flinkgitops.testing.FakeFlink;
import dev.flinkgitops.testing.FakeJars;
import dev.flinkgitops.testing.LogCapture;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Leadership is asked right before every action, not only at the start of a tick: a daemon whose
 * lease lapsed mid-tick stops, cancels, disposes, deploys and undeploys nothing, records nothing, and
 * says so in its log; while it leads, the same plans act.
 */
class ApplierLeadershipTest {

    private static final AppId APP = new AppId("payments", "orders");
    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private static final String TRIGGER = "a".repeat(32);

    private final FakeFlink flink = new FakeFlink().running("j1");
    private final AtomicBoolean leading = new AtomicBoolean(true);
    private final List<String> kubeCalls = new ArrayList<>();
    private final Applier applier = new Applier(
            new Clusters(Map.of("default", new Cluster("default", "fake://", flink, flink, flink)), null), new FakeJars(),
            new RecordingKube(), new PlannerSettings("default", "file:/sp", Duration.ofSeconds(30), Duration.ofMinutes(10),
                    Duration.ofMinutes(15), 5, true),
            Clock.fixed(NOW, ZoneOffset.UTC), (LeaderCheck) leading::get);

    @Test
    void aLostLeaseStopsEveryDestructiveActionAndRecordsNothing() {
        leading.set(false);
        AppStatus stopping = operating(OperationStep.STOPPING, UpgradeMode.SAVEPOINT);
        AppStatus cancelling = operating(OperationStep.CANCELLING, UpgradeMode.STATELESS);
        List<Plan> plans = List.of(
                new Plan.StopWithSavepoint(APP, "default", "j1", "file:/sp", TRIGGER, null, "stop"),
                new Plan.Cancel(APP, "default", "j1", "cancel"),
                new Plan.Dispose(APP, "default", "file:/sp/old", running(), "dispose"),
                new Plan.Undeploy(APP, true, running().withJob(null), "delete"),
                new Plan.Deploy(APP, null, running(), "replace the JobManager"));

        try (LogCapture log = LogCapture.start(Applier.class.getName())) {
            for (Plan plan : plans) {
                AppStatus recorded = plan instanceof Plan.Cancel ? cancelling : stopping;
                assertSame(recorded, applier.apply(plan, recorded), plan + ": nothing recorded");
            }
            assertEquals(5, log.lines().stream().filter(line -> line.contains("lease lost before")).count(), log.lines().toString());
        }
        assertEquals(5, applier.takeLeaseLostSkips(), "each skipped action counted, for the tick's metrics");
        assertEquals(0, applier.takeLeaseLostSkips(), "taken once");

        assertEquals(JobState.RUNNING, flink.state("j1"), "neither stopped nor cancelled");
        assertEquals(List.of(), flink.disposed());
        assertEquals(List.of(), kubeCalls, "no Kubernetes write");
    }

    @Test
    void theLeaseIsAskedBeforeEachActionSoALeaseLostMidTickStopsTheRest() {
        assertEquals(running().withJob(null),
                applier.apply(new Plan.Undeploy(APP, false, running().withJob(null), "suspend"), running()));
        leading.set(false);
        applier.apply(new Plan.Undeploy(APP, true, running().withJob(null), "delete"), running());
        applier.apply(new Plan.Cancel(APP, "default", "j1", "cancel"), operating(OperationStep.CANCELLING, UpgradeMode.STATELESS));

        assertEquals(List.of("remove payments/orders everything=false"), kubeCalls, "only the action taken while leading");
        assertEquals(JobState.RUNNING, flink.state("j1"));

        leading.set(true);
        applier.apply(new Plan.Cancel(APP, "default", "j1", "cancel"), operating(OperationStep.CANCELLING, UpgradeMode.STATELESS));
        assertTrue(flink.state("j1").terminal(), "the leader again: the cancel goes through");
    }

    private static AppStatus running() {
        return AppStatus.empty(APP.toString(), "apps/orders.yaml").withSpec("apps/orders.yaml", "c1", "h1")
                .withJob(new JobRecord("j1", "default", "RUNNING", 1, null, NOW.toString())).withPhase(Phase.RUNNING, "ok");
    }

    private static AppStatus operating(OperationStep step, UpgradeMode mode) {
        return running().withOperation(new OperationRecord(OperationType.UPGRADE, step, "c2", "h2", mode,
                step == OperationStep.STOPPING ? TRIGGER : null, "j1", null, NOW.toString()));
    }

    private final class RecordingKube implements KubeTarget {
        @Override
        public void apply(AppId app, RenderRequest request) {
            kubeCalls.add("apply " + app);
        }

        @Override
        public void remove(AppId app, boolean everything) {
            kubeCalls.add("remove " + app + " everything=" + everything);
        }

        @Override
        public Map<AppId, List<KubeObject>> managed(Set<String> namespaces) {
            return Map.of();
        }
    }
}
