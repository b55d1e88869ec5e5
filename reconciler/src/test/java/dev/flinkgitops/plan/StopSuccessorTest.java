package dev.flinkgitops.plan;

import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.appspec.UpgradeMode;
import dev.flinkgitops.port.CheckpointInfo;
import dev.flinkgitops.port.JobState;
import dev.flinkgitops.port.JobSummary;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.JobRecord;
import dev.flinkgitops.status.OperationRecord;
import dev.flinkgitops.status.OperationStep;
import dev.flinkgitops.status.OperationType;
import dev.flinkgitops.status.Phase;
import dev.flinkgitops.status.SavepointRecord;
import dev.flinkgitops.validate.FileResult;
import dev.flinkgitops.validate.SpecValidator;
import dev.flinkgitops.validate.ValidationSettings;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The stop of an upgrade carries its successor for the state-compatibility guard: the target spec's job and the
 * running job's newest restore point (its latest checkpoint that still exists, else the last savepoint).
 */
class StopSuccessorTest {

    private static final AppId APP = new AppId("payments", "orders");
    private static final Planner PLANNER = new Planner(new PlannerSettings("default", "file:///savepoints",
            Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofMinutes(15), 5, false));
    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private static final AppSpec NEXT = spec();

    private static AppSpec spec() {
        FileResult result = new SpecValidator(ValidationSettings.defaults()).validateFile("apps/orders.yaml", """
                apiVersion: flink.apache.org/v1beta1
                kind: FlinkSessionJob
                metadata: {name: orders, namespace: payments}
                spec:
                  deploymentName: default
                  flinkConfiguration: {pipeline.max-parallelism: "64"}
                  job:
                    jarURI: file:///jobs/orders-2.jar
                    entryClass: com.example.Orders
                    args: [--tag, v2]
                    parallelism: 3
                    upgradeMode: savepoint
                    allowNonRestoredState: true
                """.getBytes(StandardCharsets.UTF_8));
        return result.spec();
    }

    private static Plan plan(OperationType type, Map<String, CheckpointInfo> checkpoints) {
        return plan(type, OperationStep.STOPPING, UpgradeMode.SAVEPOINT, checkpoints);
    }

    private static Plan plan(OperationType type, OperationStep step, UpgradeMode mode, Map<String, CheckpointInfo> checkpoints) {
        AppStatus recorded = AppStatus.empty(APP.toString(), "apps/orders.yaml").withSpec("apps/orders.yaml", "c1", "h1")
                .withJob(new JobRecord("j1", "default", "RUNNING", 1, null, NOW.toString()))
                .withSavepoint(new SavepointRecord("file:///savepoints/sp-1", "t", "upgrade", "j0", "c0", NOW.toString()))
                .withOperation(new OperationRecord(type, step, "c2", NEXT.hash(), mode, "a".repeat(32), "j1", null,
                        NOW.toString()))
                .withPhase(Phase.UPGRADING, "upgrade");
        Observed observed = new Observed(Map.of("default", Map.of("j1", new JobSummary("j1", "orders", JobState.RUNNING, 0))),
                Set.of(), Map.of(), checkpoints);
        return PLANNER.plan(new PlanInput(APP, Desired.valid(NEXT, "c2"), recorded, NEXT, NEXT, NEXT, observed, null, NOW, null));
    }

    @Test
    void anUpgradeStopNamesTheNewJobAndTheLatestCheckpoint() {
        Plan.StopWithSavepoint stop = assertInstanceOf(Plan.StopWithSavepoint.class, plan(OperationType.UPGRADE,
                Map.of("j1", new CheckpointInfo(7, "file:/chk/j1/chk-7", 1, false, true))));
        assertEquals("file:/chk/j1/chk-7", stop.successor().restorePoint());
        assertEquals(new dev.flinkgitops.port.StateCompatibility.Job("file:///jobs/orders-2.jar", "com.example.Orders",
                List.of("--tag", "v2"), Map.of("pipeline.max-parallelism", "64"), 3, true), stop.successor().job());
    }

    @Test
    void aCheckpointAlreadyReplacedIsStillNamedAndNoCheckpointLeavesTheLastSavepoint() {
        Plan.StopWithSavepoint gone = assertInstanceOf(Plan.StopWithSavepoint.class, plan(OperationType.UPGRADE,
                Map.of("j1", new CheckpointInfo(7, "file:/chk/j1/chk-7", 1, false, false))));
        assertEquals("file:/chk/j1/chk-7", gone.successor().restorePoint(), "the check reads the newest beside it");
        Plan.StopWithSavepoint none = assertInstanceOf(Plan.StopWithSavepoint.class, plan(OperationType.UPGRADE, Map.of()));
        assertEquals("file:///savepoints/sp-1", none.successor().restorePoint());
    }

    @Test
    void aLastStateUpgradesCancelCarriesItAndAStatelessOneDoesNot() {
        Map<String, CheckpointInfo> checkpoints = Map.of("j1", new CheckpointInfo(7, "file:/chk/j1/chk-7", 1, true, true));
        Plan.Cancel lastState = assertInstanceOf(Plan.Cancel.class, plan(OperationType.UPGRADE, OperationStep.CANCELLING,
                UpgradeMode.LAST_STATE, checkpoints));
        assertEquals("file:/chk/j1/chk-7", lastState.successor().restorePoint());
        assertNull(assertInstanceOf(Plan.Cancel.class, plan(OperationType.UPGRADE, OperationStep.CANCELLING,
                UpgradeMode.STATELESS, checkpoints)).successor());
    }

    @Test
    void aSuspendHasNoSuccessor() {
        assertNull(assertInstanceOf(Plan.StopWithSavepoint.class, plan(OperationType.SUSPEND, Map.of())).successor());
    }
}
