package dev.flinkgitops.plan;

import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.appspec.UpgradeMode;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.ErrorRecord;
import dev.flinkgitops.status.JobRecord;
import dev.flinkgitops.status.OperationType;
import dev.flinkgitops.status.Outcome;
import dev.flinkgitops.status.Phase;

/**
 * The deletion policy: a removed spec file stops the job with a final savepoint (or cancels it when
 * the spec said {@code kubernetes.operator.job.savepoint-on-deletion: false}), then records DELETED.
 * A deletion the mass-deletion guard refused waits, and says so.
 */
final class Deletion {

    private Deletion() {}

    static Decision delete(PlanInput in) {
        AppStatus recorded = in.recorded();
        if (recorded == null || recorded.phase() == Phase.DELETED) {
            return done(Plan.Nothing.steady(in.app(), "deleted"));
        }
        if (in.deletionRefused() != null) {
            return done(refuse(in, recorded));
        }
        JobRecord job = recorded.job();
        if (job != null && !in.observed().reachable(job.cluster())) {
            return done(Plan.Nothing.outage(in.app(), in.observed().whyUndecided(job.cluster()) + ": deletion waits"));
        }
        if (recorded.outcome() instanceof Outcome.Failing failing && in.now().isBefore(failing.nextTry())) {
            return done(Plan.Nothing.waiting(in.app(), "deletion blocked: " + recorded.lastError().message()
                    + " (next try at " + recorded.lastError().retryAfter() + ")"));
        }
        boolean running = job != null && in.observed().job(job.cluster(), job.id()).map(j -> !j.state().terminal()).orElse(false);
        AppSpec spec = in.recordedSpec();
        if (!running || spec == null || spec.job() == null) {
            AppStatus next = recorded.withOperation(null).withError(null)
                    .withPhase(Phase.DELETED, "spec removed" + (running ? "" : "; no job was running"));
            return done(in.observed().kube(in.app()).isEmpty() ? Plan.record(in.app(), next)
                    : new Plan.Undeploy(in.app(), true, next, next.message() + "; its Kubernetes objects deleted"));
        }
        // A final stop-with-savepoint whatever the stateful mode: a last-state cancel would leave a
        // checkpoint nobody restores from, and a deleted app has no spec to read it for.
        boolean savepoint = spec.operatorSettings().savepointOnDeletion();
        UpgradeMode mode = savepoint && spec.job().upgradeMode().stateful() ? UpgradeMode.SAVEPOINT : UpgradeMode.STATELESS;
        return new Decision.Stop(in, spec, in.desired().commit(), mode, OperationType.DELETE,
                "spec removed from " + recorded.specFile());
    }

    private static Plan refuse(PlanInput in, AppStatus recorded) {
        String reason = in.deletionRefused();
        if (recorded.lastError() != null && reason.equals(recorded.lastError().message())) {
            return Plan.Nothing.waiting(in.app(), reason);
        }
        return Plan.record(in.app(), recorded.withError(new ErrorRecord(reason, in.desired().commit(), null, 1,
                in.now().toString(), null)).withPhase(recorded.phase(), "deletion refused: " + reason));
    }

    private static Decision done(Plan plan) {
        return new Decision.Done(plan);
    }
}
