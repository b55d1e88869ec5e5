package dev.flinkgitops.plan;

import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.appspec.UpgradeMode;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.OperationRecord;
import dev.flinkgitops.status.OperationStep;

/**
 * An operation whose start failed because Flink cannot find its restore point
 * ({@link Failures#restoreMissing}). A last-state upgrade reads the old job's checkpoints again
 * (the recorded one may have been named by a stale answer); if that read confirms the same missing
 * point, or for any other operation, the app stays STALLED until a person chooses a restore point
 * ({@code initialSavepointPath} with a new {@code savepointRedeployNonce}).
 */
final class RestoreMissing {

    private RestoreMissing() {}

    static Plan inOperation(PlanInput in, OperationRecord operation) {
        boolean lastState = operation.mode() == UpgradeMode.LAST_STATE;
        if (lastState && operation.step() == OperationStep.STARTING && operation.savepoint() != null
                && operation.fromJobId() != null) {
            return Plan.record(in.app(), in.recorded().withOperation(operation.atStep(OperationStep.CANCELLING, null))
                    .withPhase(operation.phase(), "restore point " + operation.savepoint()
                            + " does not exist: reading the checkpoints of job " + operation.fromJobId() + " again"));
        }
        return Plan.Nothing.steady(in.app(), in.recorded().message());
    }

    /**
     * An operation STALLED for want of a restore point (missing, no completed checkpoint, a stop
     * whose result Flink forgot) whose old job no longer runs: a person's choice
     * ({@code initialSavepointPath} with a new {@code savepointRedeployNonce}) starts the job from it.
     */
    static java.util.Optional<Decision.Start> chosen(PlanInput in) {
        AppSpec spec = in.desired().isValid() ? in.desired().spec() : null;
        if (spec == null || !spec.hasJob() || spec.job().initialSavepointPath() == null || !Redeploy.requested(in, spec)) {
            return java.util.Optional.empty();
        }
        boolean live = in.observed().job(in.recorded().job().cluster(), in.recorded().job().id())
                .map(job -> !job.state().terminal()).orElse(false);
        return live ? java.util.Optional.empty() : java.util.Optional.of(Redeploy.start(in, spec, in.desired().commit()));
    }

    /** True when a re-read confirmed again the restore point that Flink could not find: the app stalls. */
    static boolean confirmedAgain(AppStatus recorded, String path) {
        return recorded.lastError() != null && recorded.lastError().message().startsWith(Failures.RESTORE_MISSING + path + " ");
    }
}
