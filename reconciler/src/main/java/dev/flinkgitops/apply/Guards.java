package dev.flinkgitops.apply;

import dev.flinkgitops.plan.Plan;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.OperationRecord;
import dev.flinkgitops.spec.UpgradeMode;

import java.util.Optional;

/**
 * The safety rules, checked by the applier on every plan before it acts. Each returns the
 * reason it refuses, or empty. {@code recorded} is the app's status as it stands on the
 * status branch (durable), never an unpushed one.
 */
public final class Guards {

    private Guards() {}

    /** A stateful job is never cancelled: only stop-with-savepoint stops it. */
    public static Optional<String> neverCancelStatefulJob(Plan.Cancel plan, AppStatus recorded) {
        OperationRecord operation = recorded == null ? null : recorded.operation();
        if (operation == null || !OperationRecord.CANCELLING.equals(operation.step())) {
            return Optional.of("cancel of job " + plan.jobId() + " without a recorded stateless operation");
        }
        if (UpgradeMode.fromYaml(operation.mode()).stateful()) {
            return Optional.of("job " + plan.jobId() + " is stateful (" + operation.mode() + "): it is only stopped with a savepoint");
        }
        return Optional.empty();
    }

    /** A stop happens only after its intent (with this trigger id) is durable on the status branch. */
    public static Optional<String> stopOnlyWithDurableIntent(Plan.StopWithSavepoint plan, AppStatus recorded) {
        OperationRecord operation = recorded == null ? null : recorded.operation();
        if (operation == null || !OperationRecord.STOPPING.equals(operation.step())
                || !plan.triggerId().equals(operation.triggerId()) || !plan.jobId().equals(operation.fromJobId())) {
            return Optional.of("stop of job " + plan.jobId() + " has no durable intent on the status branch");
        }
        if (plan.targetDirectory() == null) {
            return Optional.of("no savepoint directory for job " + plan.jobId());
        }
        return Optional.empty();
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
}
