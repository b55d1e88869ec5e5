package dev.flinkgitops.plan;

import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.ErrorRecord;
import dev.flinkgitops.status.Phase;
import dev.flinkgitops.status.SavepointRecord;

/**
 * {@code spec.job.savepointRedeployNonce} (the operator's manual recovery): a new non-null value
 * starts the job again from {@code spec.job.initialSavepointPath}, whatever newer state exists. It
 * is the one way the daemon starts from older state than the newest it knows of, so it is an
 * explicit, recorded choice: a running job is first stopped with a savepoint (kept in the history,
 * nothing is lost; the operator would cancel it), the start is logged at WARN, the chosen path is
 * recorded as the newest restore point with reason {@link SavepointRecord#CHOSEN}, and it is counted
 * ({@code flinkgitops_state_regressions_total}).
 */
final class Redeploy {


    private Redeploy() {}

    /**
     * True when the spec carries a redeploy nonce that neither the applied spec nor the status has
     * seen: a nonce that was already there when the app was first deployed (or under an older daemon)
     * is not a request.
     */
    static boolean requested(PlanInput in, AppSpec spec) {
        Long nonce = spec.job().savepointRedeployNonce();
        AppStatus recorded = in.recorded();
        if (nonce == null || recorded == null || recorded.job() == null || nonce.equals(recorded.redeployNonce())) {
            return false;
        }
        return in.recordedSpec() == null || !nonce.equals(in.recordedSpec().job().savepointRedeployNonce());
    }

    /** Without an initial savepoint path a nonce would start from empty state: refused, and said so. */
    static Plan refuse(PlanInput in, AppSpec spec) {
        String message = "savepointRedeployNonce " + spec.job().savepointRedeployNonce()
                + " needs spec.job.initialSavepointPath (the state to redeploy from): nothing was done";
        AppStatus recorded = in.recorded();
        if (recorded.lastError() != null && message.equals(recorded.lastError().message())) {
            return Plan.Nothing.steady(in.app(), message);
        }
        return Plan.record(in.app(), recorded.withError(new ErrorRecord(message, in.desired().commit(), spec.hash(), 1,
                in.now().toString(), null)).withPhase(recorded.phase(), message));
    }

    /** The start from {@code initialSavepointPath}, recorded as the newest restore point and as a choice. */
    static Decision.Start start(PlanInput in, AppSpec spec, String commit) {
        String path = spec.job().initialSavepointPath();
        AppStatus recorded = in.recorded();
        String newer = recorded.lastSavepoint() == null ? "none" : recorded.lastSavepoint().path() + " (" + recorded.lastSavepoint().time() + ")";
        SavepointRecord version = SavepointRecord.versionOf(recorded.savepoints(), path);
        String nonce = "savepointRedeployNonce " + spec.job().savepointRedeployNonce();
        String what = version == null ? nonce + " redeploys from spec.job.initialSavepointPath"
                : "rolled back to " + version.specCommit() + " from savepoint " + path + " taken at " + version.time()
                        + " (" + nonce + " with spec.job.initialSavepointPath)";
        String reason = Plan.STATE_REGRESSION + ": " + what + "; the newest state the daemon knew of, " + newer
                + ", stays in the history";
        PlanInput chosen = new PlanInput(in.app(), in.desired(),
                recorded.withSavepoint(new SavepointRecord(path, null, SavepointRecord.CHOSEN, null, commit, in.now().toString(),
                        version == null ? null : version.specCommit()))
                        .withRedeployNonce(spec.job().savepointRedeployNonce()).withOperation(null),
                in.recordedSpec(), in.targetSpec(), in.stableSpec(), in.observed(), in.deletionRefused(), in.now());
        return new Decision.Start(chosen, spec, commit, reason, path, Phase.DEPLOYING, null);
    }
}
