package dev.flinkgitops.apply;

import dev.flinkgitops.port.RunRequest;
import dev.flinkgitops.plan.Plan;
import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.appspec.UpgradeMode;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.JobRecord;
import dev.flinkgitops.status.OperationRecord;
import dev.flinkgitops.status.OperationStep;
import dev.flinkgitops.status.OperationType;
import dev.flinkgitops.status.SavepointRecord;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each named guard: what it refuses, and what it lets through. */
class GuardsTest {

    private static final AppId APP = new AppId("payments", "orders");
    private static final String TRIGGER = "a".repeat(32);

    private static AppStatus running() {
        return AppStatus.empty(APP.toString(), "apps/orders.yaml")
                .withJob(new JobRecord("j1", "default", "RUNNING", 1, "file:/sp/restored", "2026-11-21T10:00:00Z"))
                .withSavepoint(new SavepointRecord("file:/sp/latest", "t", "upgrade", "j0", "c0", "2026-11-21T09:00:00Z"));
    }

    private static AppStatus operating(OperationType type, OperationStep step, String mode) {
        return running().withOperation(new OperationRecord(type, step, "c2", "h2", UpgradeMode.fromYaml(mode),
                OperationStep.STOPPING.equals(step) || OperationStep.SAVEPOINTING.equals(step) ? TRIGGER : null,
                "j1", null, "2026-11-21T10:00:00Z"));
    }

    @Test
    void neverCancelStatefulJob() {
        Plan.Cancel cancel = new Plan.Cancel(APP, "default", "j1", "cancel");
        assertTrue(Guards.neverCancelStatefulJob(cancel, running()).isPresent(), "no recorded operation");
        assertTrue(Guards.neverCancelStatefulJob(cancel,
                operating(OperationType.UPGRADE, OperationStep.CANCELLING, "savepoint")).isPresent(), "savepoint mode");
        assertTrue(Guards.neverCancelStatefulJob(new Plan.Cancel(APP, "default", "other", "x"),
                operating(OperationType.UPGRADE, OperationStep.CANCELLING, "stateless")).isPresent(), "another job");
        assertTrue(Guards.neverCancelStatefulJob(cancel,
                operating(OperationType.UPGRADE, OperationStep.CANCELLING, "stateless")).isEmpty());
        assertTrue(Guards.neverCancelStatefulJob(cancel,
                operating(OperationType.UPGRADE, OperationStep.CANCELLING, "last-state")).isEmpty());
        assertTrue(Guards.neverCancelStatefulJob(cancel,
                operating(OperationType.ROLLBACK, OperationStep.CANCELLING, "savepoint")).isEmpty());
    }

    @Test
    void stopOnlyWithDurableIntent() {
        Plan.StopWithSavepoint stop = new Plan.StopWithSavepoint(APP, "default", "j1", "file:/sp", TRIGGER, null, "stop");
        assertTrue(Guards.stopOnlyWithDurableIntent(stop, running()).isPresent(), "no intent");
        assertTrue(Guards.stopOnlyWithDurableIntent(new Plan.StopWithSavepoint(APP, "default", "j1", "file:/sp",
                "b".repeat(32), null, "stop"), operating(OperationType.UPGRADE, OperationStep.STOPPING, "savepoint")).isPresent(),
                "another trigger id");
        assertTrue(Guards.stopOnlyWithDurableIntent(new Plan.StopWithSavepoint(APP, "default", "j1", null, TRIGGER, null, "stop"),
                operating(OperationType.UPGRADE, OperationStep.STOPPING, "savepoint")).isPresent(), "no directory");
        assertTrue(Guards.stopOnlyWithDurableIntent(stop,
                operating(OperationType.UPGRADE, OperationStep.STOPPING, "savepoint")).isEmpty());
    }

    @Test
    void rescaleOnlyWithDurableIntent() {
        Plan.Rescale rescale = new Plan.Rescale(APP, "default", "j1", java.util.Set.of("v".repeat(32)), 4, running(), "rescale");
        assertTrue(Guards.rescaleOnlyWithDurableIntent(rescale, running()).isPresent(), "no intent");
        assertTrue(Guards.rescaleOnlyWithDurableIntent(rescale,
                operating(OperationType.UPGRADE, OperationStep.STOPPING, "savepoint")).isPresent(), "a stop's intent");
        assertTrue(Guards.rescaleOnlyWithDurableIntent(new Plan.Rescale(APP, "default", "other", rescale.vertices(), 4,
                running(), "x"), operating(OperationType.RESCALE, OperationStep.RESCALING, "savepoint")).isPresent(),
                "another job");
        assertTrue(Guards.rescaleOnlyWithDurableIntent(new Plan.Rescale(APP, "default", "j1", java.util.Set.of(), 4,
                running(), "x"), operating(OperationType.RESCALE, OperationStep.RESCALING, "savepoint")).isPresent(),
                "no vertex");
        assertTrue(Guards.rescaleOnlyWithDurableIntent(rescale,
                operating(OperationType.RESCALE, OperationStep.RESCALING, "savepoint")).isEmpty());
    }

    @Test
    void savepointOnlyWithDurableIntent() {
        Plan.TriggerSavepoint savepoint = new Plan.TriggerSavepoint(APP, "default", "j1", "file:/sp", TRIGGER, null, "sp");
        assertTrue(Guards.savepointOnlyWithDurableIntent(savepoint, running()).isPresent());
        assertTrue(Guards.savepointOnlyWithDurableIntent(savepoint,
                operating(OperationType.SAVEPOINT, OperationStep.SAVEPOINTING, "savepoint")).isEmpty());
    }

    @Test
    void neverStartEmptyWhenSavepointRecorded() {
        RunRequest empty = new RunRequest("Main", 1, List.of(), null, false, "j2", Map.of());
        RunRequest restored = new RunRequest("Main", 1, List.of(), "file:/sp/latest", false, "j2", Map.of());
        AppStatus recorded = running();
        assertTrue(Guards.neverStartEmptyWhenSavepointRecorded(submit(empty, UpgradeMode.SAVEPOINT, recorded), recorded).isPresent());
        assertTrue(Guards.neverStartEmptyWhenSavepointRecorded(submit(empty, UpgradeMode.LAST_STATE, recorded), recorded).isPresent());
        assertTrue(Guards.neverStartEmptyWhenSavepointRecorded(submit(restored, UpgradeMode.SAVEPOINT, recorded), recorded).isEmpty());
        assertTrue(Guards.neverStartEmptyWhenSavepointRecorded(submit(empty, UpgradeMode.STATELESS, recorded), recorded).isEmpty());
    }

    private static Plan.Submit submit(RunRequest request, UpgradeMode mode, AppStatus next) {
        return new Plan.Submit(APP, "default", "file:/job.jar", mode, request, next, "start");
    }

    @Test
    void neverDisposeWhatARestoreNeeds() {
        AppStatus recorded = running();
        assertTrue(Guards.neverDisposeWhatARestoreNeeds(dispose("file:/sp/latest", recorded), recorded).isPresent());
        assertTrue(Guards.neverDisposeWhatARestoreNeeds(dispose("file:/sp/restored", recorded), recorded).isPresent());
        assertTrue(Guards.neverDisposeWhatARestoreNeeds(dispose("file:/sp/old", recorded), recorded).isEmpty());
    }

    private static Plan.Dispose dispose(String path, AppStatus next) {
        return new Plan.Dispose(APP, "default", path, next, "dispose");
    }
}
