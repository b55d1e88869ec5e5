package dev.flinkgitops.apply;

import dev.flinkgitops.plan.Plan;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.OperationRecord;
import dev.flinkgitops.status.OperationStep;
import dev.flinkgitops.status.OperationType;
import dev.flinkgitops.appspec.UpgradeMode;

import java.util.Optional;

/**
 * The safety rules, checked by the applier on every plan before it acts. Each returns the
 * reason it refuses, or empty. {@code recorded} is the app's status as it stands on the
 * status branch (durable), never an unpushed one.
 */
public final class Guards {

    private Guards() {}

    /**
     * A stateful job is never cancelled: only stop-with-savepoint stops it. The exceptions are
     * recorded decisions whose state is kept elsewhere: a last-state upgrade (the job's retained
     * checkpoint, checked before the intent was recorded) and a rollback (the new job never became
     * ready; the stable spec restarts from the savepoint it started from).
     */
    public static Optional<String> neverCancelStatefulJob(Plan.Cancel plan, AppStatus recorded) {
        OperationRecord operation = recorded == null ? null : recorded.operation();
        if (operation == null || operation.step() != OperationStep.CANCELLING
                || !plan.jobId().equals(operation.fromJobId())) {
            return Optional.of("cancel of job " + plan.jobId() + " without a recorded operation that allows it");
        }
        UpgradeMode mode = operation.mode();
        if (OperationType.ROLLBACK.equals(operation.type()) || mode == UpgradeMode.LAST_STATE || !mode.stateful()) {
            return Optional.empty();
        }
        return Optional.of("job " + plan.jobId() + " is stateful (" + operation.mode().yamlName() + "): it is only stopped with a savepoint");
    }

    /** A savepoint is triggered only after its intent (with this trigger id) is durable on the status branch. */
    public static Optional<String> savepointOnlyWithDurableIntent(Plan.TriggerSavepoint plan, AppStatus recorded) {
        OperationRecord operation = recorded == null ? null : recorded.operation();
        if (operation == null || !OperationStep.SAVEPOINTING.equals(operation.step())
                || !plan.triggerId().equals(operation.triggerId()) || !plan.jobId().equals(operation.fromJobId())) {
            return Optional.of("savepoint of job " + plan.jobId() + " has no durable intent on the status branch");
        }
        return plan.targetDirectory() == null ? Optional.of("no savepoint directory for job " + plan.jobId()) : Optional.empty();
    }

    /** A checkpoint is triggered only after its intent (with this trigger id) is durable on the status branch. */
    public static Optional<String> checkpointOnlyWithDurableIntent(Plan.TriggerCheckpoint plan, AppStatus recorded) {
        OperationRecord operation = recorded == null ? null : recorded.operation();
        if (operation == null || !OperationStep.CHECKPOINTING.equals(operation.step())
                || !plan.triggerId().equals(operation.triggerId()) || !plan.jobId().equals(operation.fromJobId())) {
            return Optional.of("checkpoint of job " + plan.jobId() + " has no durable intent on the status branch");
        }
        return Optional.empty();
    }

    /** Neither the latest savepoint nor the one the job restored from is ever disposed. */
    public static Optional<String> neverDisposeWhatARestoreNeeds(Plan.Dispose plan, AppStatus recorded) {
        if (recorded == null) {
            return Optional.of("no recorded status for the app");
        }
        boolean latest = recorded.lastSavepoint() != null && plan.path().equals(recorded.lastSavepoint().path());
        boolean restored = recorded.job() != null && plan.path().equals(recorded.job().restoredFrom());
        if (latest || restored) {
            return Optional.of("savepoint " + plan.path() + " is " + (latest ? "the latest one" : "the one the job restored from"));
        }
        return Optional.empty();
    }

    /** A stop happens only after its intent (with this trigger id) is durable on the status branch. */
    public static Optional<String> stopOnlyWithDurableIntent(Plan.StopWithSavepoint plan, AppStatus recorded) {
        OperationRecord operation = recorded == null ? null : recorded.operation();
        if (operation == null || !OperationStep.STOPPING.equals(operation.step())
                || !plan.triggerId().equals(operation.triggerId()) || !plan.jobId().equals(operation.fromJobId())) {
            return Optional.of("stop of job " + plan.jobId() + " has no durable intent on the status branch");
        }
        if (plan.targetDirectory() == null) {
            return Optional.of("no savepoint directory for job " + plan.jobId());
        }
        return Optional.empty();
    }

    /** How a refusal of {@link #successorRestoresState} begins (the status message, the log; counted). */
    public static final String STATE_REFUSED = "guard successorRestoresState refused";

    /**
     * An upgrade never stops (or, last-state, cancels) a job whose successor cannot restore its state: state the new job graph has
     * no operator for (without allowNonRestoredState), or a max parallelism the state cannot be
     * redistributed to. A check that could not run does not refuse (the daemon proceeds and says so).
     */
    public static Optional<String> successorRestoresState(String jobId, dev.flinkgitops.port.RestoreCompatibility check) {
        if (check == null || !check.restoreFails()) {
            return Optional.empty();
        }
        return Optional.of("the new version cannot restore the state of job " + jobId + " (restore point "
                + check.restorePoint() + "): " + check.blockers() + "; job " + jobId + " keeps running");
    }

    /** A stateful job never starts from empty state when a savepoint for it is recorded. */
    public static Optional<String> neverStartEmptyWhenSavepointRecorded(Plan.Submit plan, AppStatus recorded) {
        if (plan.mode().stateful() && plan.request().savepointPath() == null && recorded != null
                && recorded.restorePath() != null) {
            return Optional.of("job " + plan.request().jobId() + " would start from empty state but savepoint "
                    + recorded.restorePath() + " is recorded");
        }
        return Optional.empty();
    }

    /** A rescale in place is asked only for the job whose RESCALE intent is durable on the status branch. */
    public static Optional<String> rescaleOnlyWithDurableIntent(Plan.Rescale plan, AppStatus recorded) {
        OperationRecord operation = recorded == null ? null : recorded.operation();
        if (operation == null || !OperationStep.RESCALING.equals(operation.step()) || !plan.jobId().equals(operation.fromJobId())) {
            return Optional.of("rescale of job " + plan.jobId() + " has no durable intent on the status branch");
        }
        if (plan.parallelism() < 1 || plan.vertices().isEmpty()) {
            return Optional.of("rescale of job " + plan.jobId() + " names no vertex or a parallelism below 1");
        }
        return Optional.empty();
    }
}
