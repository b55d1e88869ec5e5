package dev.flinkgitops.plan;

import dev.flinkgitops.port.CheckpointInfo;
import dev.flinkgitops.port.JobState;
import dev.flinkgitops.port.JobSummary;
import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.appspec.OperatorSettings;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.ErrorRecord;
import dev.flinkgitops.status.JobRecord;
import dev.flinkgitops.status.OperationRecord;
import dev.flinkgitops.status.OperationStep;
import dev.flinkgitops.status.OperationType;
import dev.flinkgitops.status.Phase;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A new job is ready when it is RUNNING and, when it was restored from a snapshot and
 * checkpointing is on, has completed a checkpoint, within
 * {@code kubernetes.operator.deployment.readiness.timeout}. Ready makes its spec the stable one.
 * Not ready in time (or failed before it was ready) with
 * {@code kubernetes.operator.deployment.rollback.enabled} starts the last stable spec again from
 * the same savepoint; the failed commit is then not retried until a newer one arrives.
 */
final class Readiness {

    static final String CHECKPOINT_INTERVAL = "execution.checkpointing.interval";

    private Readiness() {}

    static boolean pending(AppStatus recorded) {
        return recorded.phase() == Phase.DEPLOYING || recorded.phase() == Phase.ROLLING_BACK;
    }

    /**
     * The next step for a job that is not ready yet; {@code live} may be terminal. The outcomes
     * (ready, waiting, rollback, failed, not ready in time) read in order, so it is kept whole (over 40 lines).
     */
    static Plan check(PlannerSettings plannerSettings, PlanInput in, AppSpec spec, JobSummary live) {
        AppStatus recorded = in.recorded();
        JobRecord job = recorded.job().withState(live.state().name());
        boolean needsCheckpoint = job.restoredFrom() != null && spec.flinkConfiguration().containsKey(CHECKPOINT_INTERVAL);
        long checkpoints = in.observed().checkpoints(job.id()).map(CheckpointInfo::completed).orElse(0L);
        boolean rollingBack = recorded.phase() == Phase.ROLLING_BACK;
        if (live.state() == JobState.RUNNING && (!needsCheckpoint || checkpoints > 0)) {
            String message = "job " + job.id() + " is RUNNING" + (needsCheckpoint ? " and completed a checkpoint" : "");
            AppStatus ready = recorded.withJob(job).withStable(recorded.specCommit(), recorded.specHash())
                    .withPhase(rollingBack ? Phase.ROLLED_BACK : Phase.RUNNING, rollingBack
                            ? "rolled back: " + message : message)
                    .withError(rollingBack ? recorded.lastError() : null);
            return Plan.record(in.app(), ready);
        }
        OperatorSettings settings = spec.operatorSettings();
        Duration waited = Duration.between(Instant.parse(job.startedAt()), in.now());
        String state = "job " + job.id() + " is " + live.state() + (needsCheckpoint ? ", " + checkpoints + " checkpoints" : "");
        if (!live.state().terminal() && waited.compareTo(settings.readinessTimeout()) < 0) {
            return Plan.Nothing.waiting(in.app(), "waiting for job " + job.id() + " to become ready (RUNNING"
                    + (needsCheckpoint ? " and a completed checkpoint" : "") + "): " + live.state() + ", "
                    + waited.toSeconds() + " s of " + settings.readinessTimeout().toSeconds() + " s");
        }
        String failure = live.state().terminal() ? state + " before it was ready"
                : state + " after the readiness timeout of " + settings.readinessTimeout().toSeconds() + " s";
        Optional<Plan> rollback = rollingBack ? Optional.empty() : rollback(in, recorded, job, settings, failure);
        if (rollback.isPresent()) {
            return rollback.get();
        }
        if (rollingBack) {
            return Plan.Nothing.waiting(in.app(), "the rollback's job is not ready: " + failure);
        }
        if (live.state().terminal()) {
            return failedBeforeReady(plannerSettings, in, recorded, job, failure);
        }
        if (recorded.lastError() != null && recorded.lastError().message().startsWith("not ready: ")) {
            return Plan.Nothing.waiting(in.app(), "not ready: " + failure);
        }
        return Plan.record(in.app(), recorded.withJob(job).withPhase(recorded.phase(), "not ready: " + failure)
                .withError(new ErrorRecord("not ready: " + failure, recorded.specCommit(), recorded.specHash(), 1,
                        in.now().toString(), null)));
    }

    /**
     * A new version whose JobManager did not come up within the readiness timeout: rolled back when
     * rollback is on, else recorded as not ready and waited on (the kubelet keeps retrying its pods; a
     * newer commit pre-empts it), exactly as a job that is not RUNNING in time.
     */
    static Plan jobManagerNotUp(PlanInput in, AppSpec spec, String failure) {
        AppStatus recorded = in.recorded();
        JobRecord job = recorded.job();
        OperatorSettings settings = spec.operatorSettings();
        if (recorded.phase() == Phase.ROLLING_BACK) {
            return Plan.Nothing.waiting(in.app(), "the rollback's job is not ready: " + failure);
        }
        Optional<Plan> rollback = rollback(in, recorded, job, settings, failure);
        if (rollback.isPresent()) {
            return rollback.get();
        }
        if (recorded.lastError() != null && recorded.lastError().message().startsWith("not ready: ")
                && spec.hash().equals(recorded.lastError().specHash())) {
            return Plan.Nothing.waiting(in.app(), "not ready: " + failure);
        }
        return Plan.record(in.app(), recorded.withPhase(recorded.phase(), "not ready: " + failure)
                .withError(new ErrorRecord("not ready: " + failure, recorded.specCommit(), recorded.specHash(), 1,
                        in.now().toString(), null)));
    }

    /** Without a rollback, a new job that failed before it was ready is BLOCKED and started again with backoff. */
    private static Plan failedBeforeReady(PlannerSettings settings, PlanInput in, AppStatus recorded, JobRecord job,
            String failure) {
        return Plan.record(in.app(), Failures.record(recorded.withJob(job), "not ready: " + failure, recorded.specCommit(),
                recorded.specHash(), in.now(), settings));
    }

    private static Optional<Plan> rollback(PlanInput in, AppStatus recorded, JobRecord job, OperatorSettings settings,
            String failure) {
        if (!settings.rollbackEnabled() || recorded.stableCommit() == null || in.stableSpec() == null
                || recorded.stableHash().equals(recorded.specHash())) {
            return Optional.empty();
        }
        // A JobManager that does not answer cannot cancel: the stable spec's objects replace it.
        boolean running = !JobState.parse(job.state()).terminal() && in.observed().reachable(job.cluster());
        OperationRecord operation = new OperationRecord(OperationType.ROLLBACK,
                running ? OperationStep.CANCELLING : OperationStep.STARTING, recorded.stableCommit(), recorded.stableHash(),
                in.stableSpec().job().upgradeMode(), null, job.id(), job.restoredFrom(), in.now().toString());
        String message = "commit " + Planner.shortCommit(recorded.specCommit()) + " not ready (" + failure
                + "): rolling back to " + Planner.shortCommit(recorded.stableCommit())
                + (job.restoredFrom() != null ? " from " + job.restoredFrom() : "");
        AppStatus next = recorded.withJob(job).withOperation(operation).withPhase(Phase.ROLLING_BACK, message)
                .withError(new ErrorRecord(message, recorded.specCommit(), recorded.specHash(), 1, in.now().toString(), null));
        return Optional.of(Plan.record(in.app(), next));
    }

    /** The rollback's start: the stable spec from the savepoint the failed version started from. */
    static Decision startStable(PlanInput in, OperationRecord operation) {
        AppSpec stable = in.stableSpec();
        if (stable == null) {
            return new Decision.Done(Plan.recordIfChanged(in.app(), in.recorded(), in.recorded().withPhase(Phase.STALLED,
                    "the stable spec at " + Planner.shortCommit(operation.targetCommit()) + " cannot be read: nothing to roll back to")));
        }
        return new Decision.Start(in, stable, operation.targetCommit(), "rollback to " + Planner.shortCommit(operation.targetCommit()),
                operation.savepoint(), Phase.ROLLING_BACK, in.recorded().lastError());
    }

    /** True when head is the commit that was rolled back: it is not tried again. */
    static boolean rolledBackFrom(AppStatus recorded, AppSpec spec) {
        return recorded != null && (recorded.phase() == Phase.ROLLED_BACK || recorded.phase() == Phase.ROLLING_BACK)
                && recorded.lastError() != null && spec.hash().equals(recorded.lastError().specHash());
    }
}
