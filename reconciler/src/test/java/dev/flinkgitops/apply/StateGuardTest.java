package dev.flinkgitops.apply;

import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.appspec.UpgradeMode;
import dev.flinkgitops.plan.Plan;
import dev.flinkgitops.plan.PlannerSettings;
import dev.flinkgitops.port.Cluster;
import dev.flinkgitops.port.Clusters;
import dev.flinkgitops.port.JobState;
import dev.flinkgitops.port.LeaderCheck;
import dev.flinkgitops.port.KubeTarget;
import dev.flinkgitops.port.RestoreCompatibility;
import dev.flinkgitops.port.SavepointStatus;
import dev.flinkgitops.port.StateCompatibility;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.JobRecord;
import dev.flinkgitops.status.OperationRecord;
import dev.flinkgitops.status.OperationStep;
import dev.flinkgitops.status.OperationType;
import dev.flinkgitops.status.Phase;
import dev.flinkgitops.testing.FakeFlink;
import dev.flinkgitops.testing.FakeJars;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The state-compatibility guard before an upgrade's stop: a successor that cannot restore never gets the old job stopped. */
class StateGuardTest {

    private static final AppId APP = new AppId("payments", "orders");
    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private static final String TRIGGER = "a".repeat(32);
    private static final StateCompatibility.Job NEXT = new StateCompatibility.Job("file:/job.jar", "Main", List.of(),
            Map.of(), 2, false);
    private static final RestoreCompatibility.Operator COUNTER = new RestoreCompatibility.Operator("5b61", "count-per-key",
            "count-per-key");

    private final FakeFlink flink = new FakeFlink().running("j1");
    private final List<String> checked = new ArrayList<>();

    private Applier applier(RestoreCompatibility answer) {
        StateCompatibility check = (job, restorePoint) -> {
            checked.add(restorePoint);
            return answer;
        };
        return new Applier(new Clusters(Map.of("default", new Cluster("default", "fake://", flink, flink, flink)), null),
                new FakeJars(), KubeTarget.none(), new PlannerSettings("default", "file:/sp", Duration.ofSeconds(30),
                        Duration.ofMinutes(10), Duration.ofMinutes(15), 5, false), Clock.fixed(NOW, ZoneOffset.UTC),
                LeaderCheck.ALWAYS, check);
    }

    private static AppStatus stopping() {
        return AppStatus.empty(APP.toString(), "apps/orders.yaml").withSpec("apps/orders.yaml", "c1", "h1")
                .withJob(new JobRecord("j1", "default", "RUNNING", 1, null, NOW.toString()))
                .withOperation(new OperationRecord(OperationType.UPGRADE, OperationStep.STOPPING, "c2", "h2",
                        UpgradeMode.SAVEPOINT, TRIGGER, "j1", null, NOW.toString()))
                .withPhase(Phase.UPGRADING, "upgrade to c2");
    }

    private static Plan.StopWithSavepoint stop(Plan.Successor successor) {
        return new Plan.StopWithSavepoint(APP, "default", "j1", "file:/sp", TRIGGER, null, "stopping job j1", successor);
    }

    @Test
    void aSuccessorThatCannotRestoreLeavesTheOldJobRunningAndTheAppBlockedWithTheOperatorsNamed() {
        RestoreCompatibility incompatible = new RestoreCompatibility(RestoreCompatibility.Result.INCOMPATIBLE, "file:/chk-7",
                null, false, List.of(), List.of(COUNTER), List.of(), List.of(), List.of());

        AppStatus after = applier(incompatible).apply(stop(new Plan.Successor(NEXT, "file:/chk-7")), stopping());

        assertEquals(List.of("file:/chk-7"), checked);
        assertEquals(JobState.RUNNING, flink.state("j1"));
        assertEquals(SavepointStatus.Kind.UNKNOWN, flink.savepointStatus("j1", TRIGGER).kind(), "no stop was sent");
        assertEquals(Phase.BLOCKED, after.phase());
        assertNull(after.operation(), "the upgrade is dropped; it is tried again after the back-off or by a newer commit");
        assertTrue(after.message().startsWith(Guards.STATE_REFUSED), after.message());
        assertTrue(after.message().contains("count-per-key") && after.message().contains("file:/chk-7"), after.message());
        assertEquals("h2", after.lastError().specHash());
        assertEquals(NOW.plusSeconds(30).toString(), after.lastError().retryAfter());
    }

    /** A last-state upgrade's "stop" is the cancel (its state is the retained checkpoint): guarded the same way. */
    @Test
    void aLastStateUpgradesCancelIsRefusedTooAndTheJobKeepsRunning() {
        AppStatus cancelling = stopping().withOperation(new OperationRecord(OperationType.UPGRADE, OperationStep.CANCELLING,
                "c2", "h2", UpgradeMode.LAST_STATE, null, "j1", null, NOW.toString()));
        RestoreCompatibility incompatible = new RestoreCompatibility(RestoreCompatibility.Result.INCOMPATIBLE, "file:/chk-7",
                null, false, List.of(), List.of(COUNTER), List.of(), List.of(), List.of());

        AppStatus after = applier(incompatible).apply(new Plan.Cancel(APP, "default", "j1", "cancelling job j1",
                new Plan.Successor(NEXT, "file:/chk-7")), cancelling);

        assertEquals(JobState.RUNNING, flink.state("j1"), "not cancelled");
        assertEquals(Phase.BLOCKED, after.phase());
        assertTrue(after.message().startsWith(Guards.STATE_REFUSED) && after.message().contains("count-per-key"), after.message());
    }

    @Test
    void aCheckThatCannotRunLetsTheStopGoOnAndSaysSo() {
        AppStatus after = applier(RestoreCompatibility.notChecked("s3://b/sp", "its metadata cannot be read here"))
                .apply(stop(new Plan.Successor(NEXT, "s3://b/sp")), stopping());

        assertNotEquals(SavepointStatus.Kind.UNKNOWN, flink.savepointStatus("j1", TRIGGER).kind(), "the stop was sent");
        assertEquals(Phase.UPGRADING, after.phase());
        assertEquals("stopping job j1; state compatibility not checked: its metadata cannot be read here", after.message());
    }

    @Test
    void droppedStateWithAllowNonRestoredStateIsStoppedAndRecorded() {
        RestoreCompatibility drops = new RestoreCompatibility(RestoreCompatibility.Result.DROPS_STATE, "file:/sp/1", null,
                true, List.of(), List.of(COUNTER), List.of(), List.of(), List.of());

        AppStatus after = applier(drops).apply(stop(new Plan.Successor(NEXT, "file:/sp/1")), stopping());

        assertNotEquals(SavepointStatus.Kind.UNKNOWN, flink.savepointStatus("j1", TRIGGER).kind());
        assertTrue(after.message().endsWith("state dropped by allowNonRestoredState: count-per-key (serializer compatibility "
                + "is not checked)"), after.message());
    }

    @Test
    void aMainsErrorIsRecordedWithoutTheJobsSecrets() {
        StateCompatibility.Job secret = new StateCompatibility.Job("file:/job.jar", "Main", List.of("--password", "hunter2"),
                Map.of(), 2, false);

        AppStatus after = applier(RestoreCompatibility.failed("file:/sp/1", "unknown login hunter2"))
                .apply(stop(new Plan.Successor(secret, "file:/sp/1")), stopping());

        assertTrue(after.message().contains("the new version's job graph could not be built: unknown login"), after.message());
        assertTrue(!after.message().contains("hunter2"), after.message());
    }

    @Test
    void aStopWithoutSuccessorIsNotChecked() {
        AppStatus after = applier(null).apply(stop(null), stopping());

        assertTrue(checked.isEmpty());
        assertEquals(stopping(), after);
        assertNotEquals(SavepointStatus.Kind.UNKNOWN, flink.savepointStatus("j1", TRIGGER).kind());
    }
}
