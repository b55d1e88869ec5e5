package dev.flinkgitops.plan;

import dev.flinkgitops.port.JobIds;
import dev.flinkgitops.port.JobState;
import dev.flinkgitops.port.JobSummary;
import dev.flinkgitops.port.SavepointStatus;
import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.appspec.DesiredState;
import dev.flinkgitops.appspec.UpgradeMode;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.ErrorRecord;
import dev.flinkgitops.status.JobRecord;
import dev.flinkgitops.status.OperationRecord;
import dev.flinkgitops.status.OperationStep;
import dev.flinkgitops.status.OperationType;
import dev.flinkgitops.status.Outcome;
import dev.flinkgitops.status.Phase;
import dev.flinkgitops.status.SavepointRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The transition table of the savepoint-guarded state machine: (operation type, step, what was
 * observed) to the next step and plan, one per tick:
 * <pre>
 *   (running) --beginStop--> STOPPING --savepoint completed--> STARTING --submit--> (deploying)
 *                 |               \--savepoint failed--> BLOCKED (old job keeps running)
 *                 \--stateless--> CANCELLING --job gone--> STARTING
 *   (running) --savepoint due--> SAVEPOINTING --completed/failed--> (running)
 *   (running) --checkpoint asked--> CHECKPOINTING --completed/failed/abandoned--> (running)
 *   (running) --parallelism alone, adaptive--> RESCALING --runs at it--> (running, same job)
 *                                                  \--refused/timed out--> STOPPING (the savepoint upgrade)
 * </pre>
 * The intent is recorded (and pushed) before the stop; the savepoint path is recorded (and pushed)
 * before the new job starts. The rules it consults ({@link SavepointSteps}, {@link LastState},
 * {@link Readiness}, {@link RestoreMissing}, {@link Redeploy}, {@link KubeSteps}) return values or
 * {@link Decision}s and never call back; the starts and stops they ask for are made in {@link #resolve}.
 */
final class Transitions {

    private final PlannerSettings settings;
    private final JobStart jobs;

    Transitions(PlannerSettings settings, JobStart jobs) {
        this.settings = settings;
        this.jobs = jobs;
    }

    /** Makes the step a rule decided on. */
    Plan resolve(Decision decision) {
        if (decision instanceof Decision.Start start) {
            return jobs.start(start);
        }
        if (decision instanceof Decision.Stop stop) {
            return beginStop(stop);
        }
        if (decision instanceof Decision.Rescale rescale) {
            JobRecord job = rescale.in().recorded().job();
            return new Plan.Rescale(rescale.in().app(), job.cluster(), job.id(), rescale.vertices(), rescale.parallelism(),
                    ((Plan.Record) beginStop(rescale.fallback())).next(), rescale.why());
        }
        return ((Decision.Done) decision).plan();
    }

    /** Records the intent to stop in {@code mode} for the head commit. */
    Plan beginStop(PlanInput in, AppSpec spec, UpgradeMode mode, OperationType type, String reason) {
        return beginStop(new Decision.Stop(in, spec, in.desired().commit(), mode, type, reason));
    }

    /**
     * Records the intent to stop the running job (write-ahead); the stop itself is the next tick's
     * step. The trigger id is derived from the intent itself (app, type, target, time, generation): a
     * retry after a failed savepoint is a new trigger, never the cached failure of the last one.
     */
    Plan beginStop(Decision.Stop stop) {
        PlanInput in = stop.in();
        UpgradeMode mode = stop.mode();
        OperationType type = stop.type();
        JobRecord job = in.recorded().job();
        boolean stateful = mode.stateful() && mode != UpgradeMode.LAST_STATE;
        String triggerId = stateful ? JobIds.derive(in.app(), type + ":" + stop.target() + "@" + in.now(), job.generation()) : null;
        OperationRecord operation = new OperationRecord(type, stateful ? OperationStep.STOPPING : OperationStep.CANCELLING,
                stop.target(), stop.spec().hash(), mode, triggerId, job.id(), null, in.now().toString());
        String action = stateful ? "stop job " + job.id() + " with a savepoint (trigger " + triggerId + ")"
                : mode == UpgradeMode.LAST_STATE ? "cancel job " + job.id() + " and restore from its last retained checkpoint"
                : "cancel job " + job.id() + " (" + (type == OperationType.DELETE
                        ? "kubernetes.operator.job.savepoint-on-deletion is false" : "upgradeMode stateless")
                        + ": no state is kept)";
        String what = type == OperationType.DELETE ? "delete at " : type.lower() + " to ";
        return Plan.record(in.app(), in.recorded().withOperation(operation).withPhase(operation.phase(),
                what + Planner.shortCommit(stop.target()) + " (" + stop.reason() + "): " + action));
    }

    /** Continues the operation the status branch says is in flight. */
    Plan continueOperation(PlanInput in) {
        OperationRecord operation = in.recorded().operation();
        JobRecord job = in.recorded().job();
        if (operation.step() != OperationStep.STARTING && !in.observed().reachable(job.cluster())) {
            return Plan.Nothing.outage(in.app(), in.observed().whyUndecided(job.cluster()) + ": "
                    + operation.type().lower() + " paused at " + operation.step());
        }
        if (in.recorded().phase() == Phase.STALLED) {
            Optional<Decision.Start> chosen = RestoreMissing.chosen(in);
            if (chosen.isPresent()) {
                return jobs.start(chosen.get());
            }
            if (in.recorded().outcome() instanceof Outcome.Stalled stalled && stalled.cause() == Outcome.Cause.RESTORE_MISSING) {
                return RestoreMissing.inOperation(in, operation);
            }
        }
        return switch (operation.step()) {
            case STOPPING -> stopping(in, operation, job);
            case CANCELLING -> cancelling(in, operation, job);
            case SAVEPOINTING -> SavepointSteps.savepointing(in, operation, job, specFor(in), settings);
            case CHECKPOINTING -> SnapshotSteps.checkpointing(in, operation, job);
            case STARTING -> starting(in, operation);
            case RESCALING -> resolve(Rescale.rescaling(in, operation, job));
        };
    }

    private Plan stopping(PlanInput in, OperationRecord operation, JobRecord job) {
        SavepointStatus savepoint = in.observed().savepoint(operation.triggerId());
        AppStatus recorded = in.recorded();
        return switch (savepoint.kind()) {
            case IN_PROGRESS -> savepointInProgress(in, operation, job);
            case COMPLETED -> Plan.record(in.app(), recorded.withSavepoint(new SavepointRecord(savepoint.location(),
                            operation.triggerId(), operation.type().lower(), job.id(), recorded.specCommit(), in.now().toString()))
                    .withJob(job.withState(JobState.FINISHED.name()))
                    .withOperation(operation.atStep(OperationStep.STARTING, savepoint.location()))
                    .withPhase(operation.phase(), "savepoint " + savepoint.location() + " completed in "
                            + waited(operation, in.now()) + "; recorded before the next job starts"));
            case FAILED -> blocked(in, operation, "savepoint failed, job " + job.id() + " keeps running: "
                    + savepoint.failureCause());
            default -> notTriggered(in, operation, job);
        };
    }

    /** STOPPING, and Flink knows no result for the trigger: stop the job, or say what became of it. */
    private Plan notTriggered(PlanInput in, OperationRecord operation, JobRecord job) {
        AppStatus recorded = in.recorded();
        Optional<JobSummary> live = in.observed().job(job.cluster(), job.id());
        if (live.isPresent() && !live.get().state().terminal()) {
            String target = settings.savepointDirectory(in.app(), specFor(in));
            return new Plan.StopWithSavepoint(in.app(), job.cluster(), job.id(), target, operation.triggerId(),
                    PlannerSettings.savepointFormat(specFor(in)),
                    "stopping job " + job.id() + " with a savepoint (trigger " + operation.triggerId() + ")",
                    successor(in, operation, job));
        }
        String state = live.map(j -> j.state().name()).orElse("gone");
        if (live.isPresent() && (live.get().state() == JobState.CANCELED || live.get().state() == JobState.FAILED)) {
            // Not FINISHED: the job ended some other way before the stop, so no savepoint was taken
            // under this trigger. Drop the operation; the job is restarted from the last recorded savepoint.
            String message = "job " + job.id() + " was " + state + " before its stop-with-savepoint: "
                    + operation.type().lower() + " abandoned, restarting from the last recorded savepoint";
            return Plan.record(in.app(), recorded.withOperation(null).withJob(job.withState(state))
                    .withPhase(Phase.RUNNING, message));
        }
        return Plan.recordIfChanged(in.app(), recorded, recorded.withPhase(Phase.STALLED, "job " + job.id() + " is " + state
                + " and Flink no longer knows the result of trigger " + operation.triggerId()
                + ": check the savepoint directory, then set spec.job.initialSavepointPath with a new "
                + "spec.job.savepointRedeployNonce"));
    }

    private Plan savepointInProgress(PlanInput in, OperationRecord operation, JobRecord job) {
        String waiting = "waiting for the savepoint of job " + job.id() + " (trigger " + operation.triggerId() + ", "
                + waited(operation, in.now()) + ")";
        Duration waited = Duration.between(Instant.parse(operation.startedAt()), in.now());
        if (waited.compareTo(settings.savepointTimeout()) <= 0 || in.recorded().lastError() != null) {
            return Plan.Nothing.waiting(in.app(), waiting);
        }
        String message = "the savepoint of job " + job.id() + " is taking longer than " + settings.savepointTimeout()
                + "; still waiting for Flink to complete or fail it";
        return Plan.record(in.app(), in.recorded().withError(new ErrorRecord(message, operation.targetCommit(),
                operation.targetHash(), 1, in.now().toString(), null)).withPhase(operation.phase(), message));
    }

    private Plan cancelling(PlanInput in, OperationRecord operation, JobRecord job) {
        Optional<JobSummary> live = in.observed().job(job.cluster(), job.id());
        if (live.isPresent() && live.get().state() == JobState.CANCELLING) {
            return Plan.Nothing.waiting(in.app(), "waiting for job " + job.id() + " to cancel (" + waited(operation, in.now()) + ")");
        }
        if (live.isPresent() && !live.get().state().terminal()) {
            String why = operation.type() == OperationType.ROLLBACK ? "rollback: it never became ready" : operation.mode().yamlName();
            return new Plan.Cancel(in.app(), job.cluster(), job.id(), "cancelling job " + job.id() + " (" + why + ")",
                    successor(in, operation, job));
        }
        String state = live.map(j -> j.state().name()).orElse("GONE");
        if (operation.mode() == UpgradeMode.LAST_STATE) {
            return LastState.afterCancel(in, operation, job, state);
        }
        String restore = operation.type() == OperationType.ROLLBACK ? operation.savepoint() : null;
        return Plan.record(in.app(), in.recorded().withJob(job.withState(state))
                .withOperation(operation.atStep(OperationStep.STARTING, restore))
                .withPhase(operation.phase(), "job " + job.id() + " cancelled; starting the "
                        + (restore != null ? "last stable spec from " + restore : "new job without state")));
    }

    /** STARTING: the snapshot is durable; what starts next depends on the operation's type (over 40 lines: one case each). */
    private Plan starting(PlanInput in, OperationRecord operation) {
        ErrorRecord error = in.recorded().lastError();
        boolean newerCommit = in.desired().isValid() && error != null && !in.desired().spec().hash().equals(error.specHash());
        if (error != null && error.retryAfter() != null && !newerCommit && in.now().isBefore(Instant.parse(error.retryAfter()))) {
            return Plan.Nothing.waiting(in.app(), "start failed: " + error.message() + " (next try at " + error.retryAfter() + ")");
        }
        if (operation.type() == OperationType.DELETE) {
            String how = operation.savepoint() != null ? "with final savepoint " + operation.savepoint() : "without a savepoint";
            AppStatus next = in.recorded().withOperation(null).withError(null)
                    .withPhase(Phase.DELETED, "spec removed: job " + operation.fromJobId() + " stopped " + how);
            return KubeSteps.ownCluster(in.app(), in.recorded().job())
                    ? new Plan.Undeploy(in.app(), true, next, next.message() + "; its Kubernetes objects deleted")
                    : Plan.record(in.app(), next);
        }
        if (operation.type() == OperationType.ROLLBACK) {
            return resolve(Readiness.startStable(in, operation));
        }
        AppSpec spec = specFor(in);
        String commit = in.desired().isValid() ? in.desired().commit()
                : in.targetSpec() != null ? operation.targetCommit() : in.recorded().specCommit();
        if (spec == null) {
            return Plan.recordIfChanged(in.app(), in.recorded(),
                    in.recorded().withPhase(Phase.STALLED, "no valid spec to start after the savepoint"));
        }
        if (operation.type() == OperationType.SUSPEND || spec.job().state() == DesiredState.SUSPENDED) {
            AppStatus next = in.recorded().withSpec(spec.file(), commit, spec.hash()).withOperation(null)
                    .withPhase(Phase.SUSPENDED, "suspended with savepoint " + operation.savepoint());
            return KubeSteps.ownCluster(in.app(), in.recorded().job())
                    ? new Plan.Undeploy(in.app(), false, next, next.message() + "; its Deployments deleted")
                    : Plan.record(in.app(), next);
        }
        if (operation.type() == OperationType.REDEPLOY && spec.job().initialSavepointPath() != null) {
            return jobs.start(Redeploy.start(in, spec, commit));
        }
        String restore = operation.mode() == UpgradeMode.LAST_STATE ? operation.savepoint() : null;
        return jobs.start(new Decision.Start(in, spec, commit, operation.type().lower() + " of " + Planner.shortCommit(commit),
                restore, Phase.DEPLOYING, null));
    }

    private Plan blocked(PlanInput in, OperationRecord operation, String message) {
        return Plan.record(in.app(), Failures.record(in.recorded().withOperation(null), message, operation.targetCommit(),
                operation.targetHash(), in.now(), settings));
    }

    /**
     * A stateful upgrade's next job and the running job's newest restore point (its latest checkpoint, else the last
     * recorded savepoint), for the state-compatibility guard before the stop (or a last-state cancel); null otherwise. Flink's answer may name a
     * checkpoint already replaced by a newer one: the check reads the newest that exists beside it.
     */
    private static Plan.Successor successor(PlanInput in, OperationRecord operation, JobRecord job) {
        AppSpec next = in.desired().isValid() && in.desired().spec().hash().equals(operation.targetHash())
                ? in.desired().spec() : in.targetSpec();
        if (!OperationType.UPGRADE.equals(operation.type()) || !operation.mode().stateful() || next == null || !next.hasJob()
                || next.job().jarURI() == null) {
            return null;
        }
        dev.flinkgitops.port.CheckpointInfo checkpoints = in.observed().checkpoints().get(job.id());
        boolean checkpoint = checkpoints != null && checkpoints.latestPath() != null && checkpoints.latestPath().contains(":");
        return new Plan.Successor(Plan.Successor.job(next), checkpoint ? checkpoints.latestPath() : in.recorded().restorePath());
    }

    static AppSpec specFor(PlanInput in) {
        if (in.desired().isValid()) {
            return in.desired().spec();
        }
        return in.targetSpec() != null ? in.targetSpec() : in.recordedSpec();
    }

    static String waited(OperationRecord operation, Instant now) {
        Duration waited = Duration.between(Instant.parse(operation.startedAt()), now);
        return String.format("%.1f s", waited.toMillis() / 1000.0);
    }
}
