package dev.flinkgitops.plan;

import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.appspec.SnapshotSpec;
import dev.flinkgitops.port.JobState;
import dev.flinkgitops.port.JobSummary;
import dev.flinkgitops.port.SavepointStatus;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.JobRecord;
import dev.flinkgitops.status.OperationStep;
import dev.flinkgitops.status.OperationType;
import dev.flinkgitops.status.Phase;
import dev.flinkgitops.status.SavepointRecord;
import dev.flinkgitops.status.SnapshotRecord;
import dev.flinkgitops.status.SnapshotState;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** FlinkStateSnapshot and checkpointTriggerNonce in the planner: intent first, then the trigger, then the record. */
class SnapshotStepsTest {

    private static final AppId APP = new AppId("payments", "orders");
    private static final SpecValidator VALIDATOR = new SpecValidator(ValidationSettings.defaults());
    private static final Planner PLANNER = new Planner(new PlannerSettings("default", "file:///savepoints",
            Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofMinutes(15), 5, false));
    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

    private static String app(String jobExtra) {
        return """
                apiVersion: flink.apache.org/v1beta1
                kind: FlinkDeployment
                metadata: {name: orders, namespace: payments}
                spec:
                  job:
                    jarURI: local:///job.jar
                    upgradeMode: savepoint
                """ + jobExtra;
    }

    private static AppSpec spec(String file, String yaml) {
        FileResult result = VALIDATOR.validateFile(file, yaml.getBytes(StandardCharsets.UTF_8));
        assertTrue(result.valid(), () -> result.findings().toString());
        return result.spec();
    }

    private static SnapshotSpec snapshot(String body) {
        return spec("apps/payments/daily.yaml", """
                apiVersion: flink.apache.org/v1beta1
                kind: FlinkStateSnapshot
                metadata: {name: daily, namespace: payments}
                spec:
                  jobReference: {kind: FlinkDeployment, name: orders}
                """ + body).snapshot();
    }

    private static AppStatus running(AppSpec spec) {
        return AppStatus.empty(APP.toString(), spec.file()).withSpec(spec.file(), "c1", spec.hash())
                .withJob(new JobRecord("j1", "default", "RUNNING", 1, null, "2026-11-21T09:00:00Z"))
                .withPhase(Phase.RUNNING, "job j1 is RUNNING");
    }

    private static Plan plan(AppSpec spec, AppStatus status, Map<String, SavepointStatus> triggers, SnapshotRequests snapshots) {
        Observed observed = new Observed(Map.of("default", Map.of("j1", new JobSummary("j1", "orders", JobState.RUNNING, 0))),
                Set.of(), triggers, Map.of());
        return PLANNER.plan(new PlanInput(APP, Desired.valid(spec, "c1"), status, spec, null, spec, observed, null, NOW, null,
                snapshots));
    }

    private static SnapshotRequests wanting(SnapshotSpec... snapshots) {
        return new SnapshotRequests(List.of(snapshots), Set.of("apps/payments/orders.yaml", "apps/payments/daily.yaml"), Map.of());
    }

    private static AppStatus recorded(Plan plan) {
        return assertInstanceOf(Plan.Record.class, plan).next();
    }

    @Test
    void aSavepointSnapshotRecordsItsIntentThenTriggersIntoItsPathThenRecordsTheSavepoint() {
        AppSpec orders = spec("apps/payments/orders.yaml", app(""));
        SnapshotSpec daily = snapshot("  savepoint: {path: 'file:///backups/orders'}\n");
        AppStatus intent = recorded(plan(orders, running(orders), Map.of(), wanting(daily)));
        assertEquals(OperationType.SAVEPOINT, intent.operation().type());
        SnapshotRecord record = intent.snapshot("payments/daily");
        assertEquals(SnapshotState.IN_PROGRESS, record.state());
        assertEquals(intent.operation().triggerId(), record.triggerId());

        Plan trigger = plan(orders, intent, Map.of(), wanting(daily));
        Plan.TriggerSavepoint savepoint = assertInstanceOf(Plan.TriggerSavepoint.class, trigger);
        assertEquals("file:///backups/orders", savepoint.targetDirectory());
        assertEquals(record.triggerId(), savepoint.triggerId());

        AppStatus done = recorded(plan(orders, intent,
                Map.of(record.triggerId(), SavepointStatus.completed("file:///backups/orders/savepoint-1")), wanting(daily)));
        assertNull(done.operation());
        assertEquals("snapshot payments/daily", done.lastSavepoint().reason());
        assertEquals("file:///backups/orders/savepoint-1", done.snapshot("payments/daily").path());
        assertEquals(SnapshotState.COMPLETED, done.snapshot("payments/daily").state());
        assertInstanceOf(Plan.Nothing.class, plan(orders, done, Map.of(), wanting(daily)), "a completed snapshot is not taken again");
    }

    @Test
    void aCheckpointSnapshotIsACheckpointOperationAndNotARestorePoint() {
        AppSpec orders = spec("apps/payments/orders.yaml", app(""));
        SnapshotSpec daily = snapshot("  checkpoint: {}\n");
        AppStatus intent = recorded(plan(orders, running(orders), Map.of(), wanting(daily)));
        assertEquals(OperationStep.CHECKPOINTING, intent.operation().step());
        assertEquals(Phase.CHECKPOINTING, intent.phase());
        Plan.TriggerCheckpoint trigger = assertInstanceOf(Plan.TriggerCheckpoint.class, plan(orders, intent, Map.of(), wanting(daily)));
        assertEquals("FULL", trigger.checkpointType());
        AppStatus done = recorded(plan(orders, intent,
                Map.of(trigger.triggerId(), SavepointStatus.completed("file:///chk/chk-7")), wanting(daily)));
        assertEquals("file:///chk/chk-7", done.snapshot("payments/daily").path());
        assertNull(done.lastSavepoint(), "a checkpoint is Flink's: never the app's restore point");
        assertNull(done.operation());
    }

    @Test
    void aCompletedCheckpointWhosePathFlinkDoesNotTellYetIsAskedAgainForAWhile() {
        AppSpec orders = spec("apps/payments/orders.yaml", app(""));
        SnapshotSpec daily = snapshot("  checkpoint: {}\n");
        AppStatus intent = recorded(plan(orders, running(orders), Map.of(), wanting(daily)));
        Map<String, SavepointStatus> noPath = Map.of(intent.operation().triggerId(), SavepointStatus.completed(null));
        assertInstanceOf(Plan.Nothing.class, plan(orders, intent, noPath, wanting(daily)));
        Observed observed = new Observed(Map.of("default", Map.of("j1", new JobSummary("j1", "orders", JobState.RUNNING, 0))),
                Set.of(), noPath, Map.of());
        AppStatus done = recorded(PLANNER.plan(new PlanInput(APP, Desired.valid(orders, "c1"), intent, orders, null, orders, observed,
                null, NOW.plus(SnapshotSteps.PATH_WAIT), null, wanting(daily))));
        assertEquals(SnapshotState.COMPLETED, done.snapshot("payments/daily").state());
        assertNull(done.snapshot("payments/daily").path(), "completed; Flink did not tell the path (as the operator records it)");
    }

    @Test
    void alreadyExistsRegistersThePathWithoutTakingAnything() {
        AppSpec orders = spec("apps/payments/orders.yaml", app(""));
        SnapshotSpec imported = snapshot("  savepoint: {alreadyExists: true, path: 'file:///imported/savepoint-1'}\n");
        AppStatus next = recorded(plan(orders, running(orders), Map.of(), wanting(imported)));
        assertNull(next.operation());
        assertEquals(SnapshotState.COMPLETED, next.snapshot("payments/daily").state());
        assertEquals("file:///imported/savepoint-1", next.snapshot("payments/daily").path());
        assertNull(next.lastSavepoint(), "a registered path never becomes the restore point on its own");
    }

    @Test
    void checkpointTriggerNonceTakesACheckpointOnce() {
        AppSpec orders = spec("apps/payments/orders.yaml", app("    checkpointTriggerNonce: 3\n"));
        AppStatus intent = recorded(plan(orders, running(orders), Map.of(), SnapshotRequests.none()));
        assertEquals(3L, intent.checkpointNonce());
        assertEquals(OperationType.CHECKPOINT, intent.operation().type());
        AppStatus done = recorded(plan(orders, intent, Map.of(intent.operation().triggerId(), SavepointStatus.completed("file:///chk/9")),
                SnapshotRequests.none()));
        assertEquals("checkpointTriggerNonce 3", done.snapshots().get(0).reason());
        assertInstanceOf(Plan.Nothing.class, plan(orders, done, Map.of(), SnapshotRequests.none()));
    }

    @Test
    void aFailedSnapshotIsRetriedAfterABackoffUntilBackoffLimit() {
        AppSpec orders = spec("apps/payments/orders.yaml", app(""));
        SnapshotSpec daily = snapshot("  backoffLimit: 1\n  savepoint: {}\n");
        AppStatus intent = recorded(plan(orders, running(orders), Map.of(), wanting(daily)));
        String trigger = intent.operation().triggerId();
        AppStatus failed = recorded(plan(orders, intent, Map.of(trigger, SavepointStatus.failed("disk full")), wanting(daily)));
        SnapshotRecord once = failed.snapshot("payments/daily");
        assertEquals(SnapshotState.TRIGGER_PENDING, once.state());
        assertEquals("disk full", once.error());
        assertEquals(NOW.plusSeconds(10).toString(), once.retryAfter());
        assertInstanceOf(Plan.Nothing.class, plan(orders, failed, Map.of(), wanting(daily)), "waits for its retry time");
        AppStatus retry = recorded(PLANNER.plan(new PlanInput(APP, Desired.valid(orders, "c1"), failed, orders, null, orders,
                new Observed(Map.of("default", Map.of("j1", new JobSummary("j1", "orders", JobState.RUNNING, 0))), Set.of(), Map.of(),
                        Map.of()), null, NOW.plusSeconds(11), null, wanting(daily))));
        String second = retry.operation().triggerId();
        assertTrue(!second.equals(trigger), "a retry is a new trigger");
        AppStatus gaveUp = recorded(plan(orders, retry, Map.of(second, SavepointStatus.failed("disk full")), wanting(daily)));
        assertEquals(SnapshotState.FAILED, gaveUp.snapshot("payments/daily").state());
        assertEquals(2, gaveUp.snapshot("payments/daily").failures());
    }

    /** A completed savepoint snapshot, then a newer savepoint of the app (so it is not the restore point). */
    private static AppStatus withOlderSnapshot(AppSpec orders, boolean disposeOnDelete) {
        SnapshotRecord done = new SnapshotRecord("payments/daily", "apps/payments/daily.yaml", "h", "savepoint",
                SnapshotState.COMPLETED, "file:///sp/old", "t1", "j1", "CANONICAL", disposeOnDelete, "snapshot payments/daily",
                null, null, null, 0, -1, null, null);
        return running(orders).withSavepoint(new SavepointRecord("file:///sp/old", "t1", "snapshot payments/daily", "j1", "c1",
                        "2026-11-21T09:10:00Z"))
                .withSavepoint(new SavepointRecord("file:///sp/new", "t2", "periodic", "j1", "c1", "2026-11-21T09:20:00Z"))
                .withSnapshot(done);
    }

    @Test
    void removingTheFileDisposesASavepointNoAppRestoresFrom() {
        AppSpec orders = spec("apps/payments/orders.yaml", app(""));
        Plan plan = plan(orders, withOlderSnapshot(orders, true), Map.of(), SnapshotRequests.none());
        Plan.Dispose dispose = assertInstanceOf(Plan.Dispose.class, plan);
        assertEquals("file:///sp/old", dispose.path());
        assertEquals(SnapshotState.DISPOSED, dispose.next().snapshot("payments/daily").state());
        assertTrue(dispose.next().savepoints().stream().noneMatch(s -> s.path().equals("file:///sp/old")));
    }

    @Test
    void removingTheFileKeepsARestorePointOrWhatDisposeOnDeleteKeeps() {
        AppSpec orders = spec("apps/payments/orders.yaml", app(""));
        SnapshotRequests usedElsewhere = new SnapshotRequests(List.of(), Set.of(), Map.of("file:///sp/old", new AppId("payments", "fork")));
        AppStatus kept = recorded(plan(orders, withOlderSnapshot(orders, true), Map.of(), usedElsewhere));
        assertEquals(SnapshotState.REMOVED, kept.snapshot("payments/daily").state());
        assertTrue(kept.snapshot("payments/daily").note().contains("restore point of payments/fork"), kept.message());

        AppStatus notAsked = recorded(plan(orders, withOlderSnapshot(orders, false), Map.of(), SnapshotRequests.none()));
        assertTrue(notAsked.snapshot("payments/daily").note().contains("disposeOnDelete: false"));

        AppStatus latest = running(orders).withSavepoint(new SavepointRecord("file:///sp/old", "t1", "snapshot payments/daily", "j1",
                "c1", "2026-11-21T09:10:00Z")).withSnapshot(withOlderSnapshot(orders, true).snapshot("payments/daily"));
        AppStatus keptLatest = recorded(plan(orders, latest, Map.of(), SnapshotRequests.none()));
        assertTrue(keptLatest.snapshot("payments/daily").note().contains("latest savepoint"), keptLatest.message());
    }

    @Test
    void anInvalidSnapshotFileIsNotARemoval() {
        AppSpec orders = spec("apps/payments/orders.yaml", app(""));
        SnapshotRequests invalidButThere = new SnapshotRequests(List.of(), Set.of("apps/payments/daily.yaml"), Map.of());
        assertInstanceOf(Plan.Nothing.class, plan(orders, withOlderSnapshot(orders, true), Map.of(), invalidButThere));
    }
}
