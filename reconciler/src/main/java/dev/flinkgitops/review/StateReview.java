package dev.flinkgitops.review;

import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.plan.Observed;
import dev.flinkgitops.plan.Plan;
import dev.flinkgitops.plan.PlanInput;
import dev.flinkgitops.port.CheckpointInfo;
import dev.flinkgitops.port.RestoreCompatibility;
import dev.flinkgitops.port.StateCompatibility;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.OperationRecord;
import dev.flinkgitops.status.OperationStep;
import dev.flinkgitops.status.OperationType;

/**
 * The state-compatibility check of one app in the pull-request plan: for a change whose new job starts
 * from state, the new version's graph against the restore point. A start from a known path (a restart,
 * a resume, an initial savepoint) is checked against that path; an upgrade against the running job's
 * latest checkpoint (with {@code --live}) or else the savepoint last recorded on the status branch.
 */
final class StateReview {

    private StateReview() {}

    /** The result for {@code plan}'s new job, or null when no job starts from state; secrets redacted. */
    static RestoreCompatibility check(StateCompatibility check, PlanInput in, Plan plan, Observed live) {
        RestoreCompatibility result = unredacted(check, in, plan, live);
        if (result == null) {
            return null;
        }
        AppSpec next = in.desired().spec();
        java.util.Set<String> secrets = dev.flinkgitops.redact.Redact.secretValues(next.job().args(), next.flinkConfiguration());
        return result.redacted(text -> dev.flinkgitops.redact.Redact.text(text, secrets));
    }

    private static RestoreCompatibility unredacted(StateCompatibility check, PlanInput in, Plan plan, Observed live) {
        AppSpec next = in.desired().isValid() ? in.desired().spec() : null;
        if (check == null || next == null || !next.hasJob() || !next.job().upgradeMode().stateful()) {
            return null;
        }
        StateCompatibility.Job job = Plan.Successor.job(next);
        if (plan instanceof Plan.Submit submit) {
            String from = submit.request().savepointPath();
            return from == null ? null : check.check(job, from);
        }
        if (plan instanceof Plan.Deploy deploy) {
            String from = deploy.next().job() == null ? null : deploy.next().job().restoredFrom();
            return from == null ? null : check.check(job, from);
        }
        OperationRecord operation = plan instanceof Plan.Record record && record.next().operation() != null
                ? record.next().operation() : null;
        if (operation == null || !OperationType.UPGRADE.equals(operation.type())
                || !(OperationStep.STOPPING.equals(operation.step()) || OperationStep.CANCELLING.equals(operation.step()))) {
            return null;
        }
        String from = restorePoint(in.recorded(), live);
        if (from == null) {
            return RestoreCompatibility.notChecked(null, "no restore point: the status branch records no savepoint for the "
                    + "app" + (live == null ? " (with --live, the running job's latest checkpoint is read)" : ""));
        }
        return check.check(job, from);
    }

    /** The running job's latest checkpoint when read live and present, else the last recorded savepoint. */
    private static String restorePoint(AppStatus recorded, Observed live) {
        if (recorded == null) {
            return null;
        }
        CheckpointInfo checkpoints = live == null || recorded.job() == null ? null : live.checkpoints().get(recorded.job().id());
        if (checkpoints != null && checkpoints.latestPath() != null && checkpoints.latestPath().contains(":")) {
            return checkpoints.latestPath();
        }
        return recorded.restorePath();
    }
}
