package dev.flinkgitops.plan;

import dev.flinkgitops.port.JobIds;
import dev.flinkgitops.port.JobState;
import dev.flinkgitops.port.JobSummary;
import dev.flinkgitops.port.RunRequest;
import dev.flinkgitops.port.SavepointStatus;
import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.appspec.DesiredState;
import dev.flinkgitops.appspec.UpgradeMode;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.ErrorRecord;
import dev.flinkgitops.status.JobRecord;
import dev.flinkgitops.status.OperationRecord;
import dev.flinkgitops.status.Phase;
import dev.flinkgitops.status.SavepointRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The transitions of the savepoint-guarded state machine, one per tick:
 * <pre>
 *   (running) --beginStop--> STOPPING --savepoint completed--> STARTING --submit--> (deploying)
 *                 |               \--savepoint failed--> BLOCKED (old job keeps running)
 *                 \--stateless--> CANCELLING --job gone--> STARTING
 * </pre>
 * The intent is recorded (and pushed) before the stop; the savepoint path is recorded (and
 * pushed) before the new job starts.
 */
final class Steps {

    private final PlannerSettings settings;

    Steps(PlannerSettings settings) {
        this.settings = settings;
    }

    /** Submits the job of {@code spec}, from the recorded savepoint when stateful. */
    Plan start(PlanInput in, AppSpec spec, String commit, String reason) {
        return start(in, spec, commit, reason, null, Phase.DEPLOYING, null);
    }

    /**
     * Submits the job of {@code spec} under a new generation (or adopts it, when a crash came between
     * its submission and the record).
     *
     * @param restoreOverride where to restore from instead of the recorded savepoint (a last-state
     *     checkpoint, a rollback's savepoint), or null
     * @param phase the phase while the new job is not ready yet
     * @param error the error to keep (a rollback's reason), or null
     */
    Plan start(PlanInput in, AppSpec spec, String commit, String reason, String restoreOverride, Phase phase,
            ErrorRecord error) {
        AppStatus base = in.recorded() != null ? in.recorded() : AppStatus.empty(in.app().toString(), spec.file());
        int generation = base.job() == null ? 1 : base.job().generation() + 1;
        String cluster = settings.clusterOf(spec);
        String jobId = JobIds.derive(in.app(), commit, generation);
        if (restoreOverride == null && spec.job().upgradeMode() == UpgradeMode.LAST_STATE) {
            Optional<String> stale = LastState.staleCheckpoint(in, base, spec);
            if (stale.isPresent()) {
                return Plan.Nothing.waiting(in.app(), stale.get());
            }
        }
        String restore = restoreOverride != null ? restoreOverride : restorePath(in, base, spec);
        Optional<JobSummary> already = in.observed().job(cluster, jobId);
        Optional<JobSummary> predecessor = base.job() == null || base.job().id().equals(jobId) ? Optional.empty()
                : in.observed().job(base.job().cluster(), base.job().id()).filter(j -> !j.state().terminal());
        if (already.isEmpty() && predecessor.isPresent() && !settings.onKubernetes(spec)) {
            return Plan.Nothing.waiting(in.app(), "job " + base.job().id() + " is still " + predecessor.get().state()
                    + ": its successor starts once it has ended (one job per app)");
        }
        JobRecord job = new JobRecord(jobId, cluster, already.map(j -> j.state().name()).orElse("SUBMITTED"),
                generation, restore, in.now().toString());
        String from = restore == null ? "empty state" : restore;
        AppStatus next = base.withSpec(spec.file(), commit, spec.hash()).withJob(job).withOperation(null).withError(error)
                .withPhase(phase, reason + ": started job " + jobId + " from " + from);
        if (base.job() == null) {
            next = next.withSavepointNonce(spec.job().savepointTriggerNonce()).withRedeployNonce(spec.job().savepointRedeployNonce());
        }
        if (already.isPresent()) {
            return new Plan.Record(in.app(), next, reason + ": job " + jobId + " was already submitted; adopted");
        }
        if (settings.onKubernetes(spec)) {
            return new Plan.Deploy(in.app(), KubeSteps.request(settings, in.app(), spec, jobId, restore), next,
                    reason + ": JobManager of job " + jobId + " applied, restoring from " + from);
        }
        RunRequest request = new RunRequest(spec.job().entryClass(), spec.job().parallelism(), spec.job().args(), restore,
                spec.job().allowNonRestoredState(), jobId, jobConfiguration(in, spec));
        return new Plan.Submit(in.app(), cluster, spec.job().jarURI(), spec.job().upgradeMode(), request, next, next.message());
    }

    /** Records the intent to stop the running job (write-ahead); the stop itself is the next tick's step. */
    Plan beginStop(PlanInput in, AppSpec spec, String type, String reason) {
        return beginStop(in, spec, spec.job().upgradeMode(), type, reason);
    }

    /** Records the intent to stop in {@code mode} for the head commit. */
    Plan beginStop(PlanInput in, AppSpec spec, UpgradeMode mode, String type, String reason) {
        return beginStop(in, spec, in.desired().commit(), mode, type, reason);
    }

    /**
     * Records the intent to stop the running job in {@code mode} (write-ahead). The trigger id is
     * derived from the intent itself (app, type, target, time, generation): a retry after a failed
     * savepoint is a new trigger, never the cached failure of the last one.
     */
    Plan beginStop(PlanInput in, AppSpec spec, String target, UpgradeMode mode, String type, String reason) {
        AppStatus recorded = in.recorded();
        JobRecord job = recorded.job();
        boolean stateful = mode.stateful() && mode != UpgradeMode.LAST_STATE;
        String triggerId = stateful ? JobIds.derive(in.app(), type + ":" + target + "@" + in.now(), job.generation()) : null;
        OperationRecord operation = new OperationRecord(type, stateful ? OperationRecord.STOPPING : OperationRecord.CANCELLING,
                target, spec.hash(), mode.yamlName(), triggerId, job.id(), null, in.now().toString());
        String action = stateful ? "stop job " + job.id() + " with a savepoint (trigger " + triggerId + ")"
                : mode == UpgradeMode.LAST_STATE ? "cancel job " + job.id() + " and restore from its last retained checkpoint"
                : "cancel job " + job.id() + " (" + (OperationRecord.DELETE.equals(type)
                        ? "kubernetes.operator.job.savepoint-on-deletion is false" : "upgradeMode stateless")
                        + ": no state is kept)";
        String what = OperationRecord.DELETE.equals(type) ? "delete at " : type.toLowerCase() + " to ";
        AppStatus next = recorded.withOperation(operation).withPhase(operation.phase(),
                what + Planner.shortCommit(target) + " (" + reason + "): " + action);
        return new Plan.Record(in.app(), next, next.message());
    }

    /** Continues the operation the status branch says is in flight. */
    Plan continueOperation(PlanInput in) {
        OperationRecord operation = in.recorded().operation();
        JobRecord job = in.recorded().job();
        if (!OperationRecord.STARTING.equals(operation.step()) && !in.observed().reachable(job.cluster())) {
            return Plan.Nothing.outage(in.app(), in.observed().whyUndecided(job.cluster()) + ": "
                    + operation.type().toLowerCase() + " paused at " + operation.step());
        }
        if (in.recorded().phase() == Phase.STALLED) {
            Optional<Plan> chosen = RestoreMissing.chosen(this, in);
            if (chosen.isPresent()) {
                return chosen.get();
            }
            if (Failures.stalledOnMissingRestorePoint(in.recorded())) {
                return RestoreMissing.inOperation(in, operation);
            }
        }
        return switch (operation.step()) {
            case OperationRecord.STOPPING -> stopping(in, operation, job);
            case OperationRecord.CANCELLING -> cancelling(in, operation, job);
            case OperationRecord.SAVEPOINTING -> SavepointSteps.savepointing(in, operation, job, specFor(in), settings);
            default -> starting(in, operation);
        };
    }

    private Plan stopping(PlanInput in, OperationRecord operation, JobRecord job) {
        SavepointStatus savepoint = in.observed().savepoint(operation.triggerId());
        AppStatus recorded = in.recorded();
        switch (savepoint.kind()) {
            case IN_PROGRESS:
                return savepointInProgress(in, operation, job);
            case COMPLETED:
                SavepointRecord record = new SavepointRecord(savepoint.location(), operation.triggerId(),
                        operation.type().toLowerCase(), job.id(), recorded.specCommit(), in.now().toString());
                AppStatus next = recorded.withSavepoint(record).withJob(job.withState(JobState.FINISHED.name()))
                        .withOperation(operation.atStep(OperationRecord.STARTING, savepoint.location()))
                        .withPhase(operation.phase(), "savepoint " + savepoint.location() + " completed in "
                                + waited(operation, in.now()) + "; recorded before the next job starts");
                return new Plan.Record(in.app(), next, next.message());
            case FAILED:
                return blocked(in, operation, "savepoint failed, job " + job.id() + " keeps running: " + savepoint.failureCause());
            default:
                Optional<JobSummary> live = in.observed().job(job.cluster(), job.id());
                if (live.isPresent() && !live.get().state().terminal()) {
                    String target = settings.savepointDirectory(in.app(), specFor(in));
                    return new Plan.StopWithSavepoint(in.app(), job.cluster(), job.id(), target, operation.triggerId(),
                            "stopping job " + job.id() + " with a savepoint (trigger " + operation.triggerId() + ")");
                }
                String state = live.map(j -> j.state().name()).orElse("gone");
                if (live.isPresent() && (live.get().state() == JobState.CANCELED || live.get().state() == JobState.FAILED)) {
                    // Not FINISHED: the job ended some other way before the stop, so no savepoint was taken
                    // under this trigger. Drop the operation; the job is restarted from the last recorded savepoint.
                    String message = "job " + job.id() + " was " + state + " before its stop-with-savepoint: "
                            + operation.type().toLowerCase() + " abandoned, restarting from the last recorded savepoint";
                    AppStatus abandoned = recorded.withOperation(null).withJob(job.withState(state))
                            .withPhase(Phase.RUNNING, message);
                    return new Plan.Record(in.app(), abandoned, message);
                }
                AppStatus stalled = recorded.withPhase(Phase.STALLED, "job " + job.id() + " is " + state
                        + " and Flink no longer knows the result of trigger " + operation.triggerId()
                        + ": check the savepoint directory, then set spec.job.initialSavepointPath with a new "
                        + "spec.job.savepointRedeployNonce");
                return stalled.equals(recorded) ? Plan.Nothing.steady(in.app(), stalled.message())
                        : new Plan.Record(in.app(), stalled, stalled.message());
        }
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
        AppStatus next = in.recorded().withError(new ErrorRecord(message, operation.targetCommit(), operation.targetHash(),
                1, in.now().toString(), null)).withPhase(operation.phase(), message);
        return new Plan.Record(in.app(), next, message);
    }

    private Plan cancelling(PlanInput in, OperationRecord operation, JobRecord job) {
        Optional<JobSummary> live = in.observed().job(job.cluster(), job.id());
        if (live.isPresent() && live.get().state() == JobState.CANCELLING) {
            return Plan.Nothing.waiting(in.app(), "waiting for job " + job.id() + " to cancel (" + waited(operation, in.now()) + ")");
        }
        if (live.isPresent() && !live.get().state().terminal()) {
            String why = OperationRecord.ROLLBACK.equals(operation.type()) ? "rollback: it never became ready" : operation.mode();
            return new Plan.Cancel(in.app(), job.cluster(), job.id(), "cancelling job " + job.id() + " (" + why + ")");
        }
        String state = live.map(j -> j.state().name()).orElse("GONE");
        if (UpgradeMode.LAST_STATE.yamlName().equals(operation.mode())) {
            return LastState.afterCancel(in, operation, job, state);
        }
        String restore = OperationRecord.ROLLBACK.equals(operation.type()) ? operation.savepoint() : null;
        AppStatus next = in.recorded().withJob(job.withState(state))
                .withOperation(operation.atStep(OperationRecord.STARTING, restore))
                .withPhase(operation.phase(), "job " + job.id() + " cancelled; starting the "
                        + (restore != null ? "last stable spec from " + restore : "new job without state"));
        return new Plan.Record(in.app(), next, next.message());
    }

    private Plan starting(PlanInput in, OperationRecord operation) {
        ErrorRecord error = in.recorded().lastError();
        boolean newerCommit = in.desired().isValid() && error != null && !in.desired().spec().hash().equals(error.specHash());
        if (error != null && error.retryAfter() != null && !newerCommit && in.now().isBefore(Instant.parse(error.retryAfter()))) {
            return Plan.Nothing.waiting(in.app(), "start failed: " + error.message() + " (next try at " + error.retryAfter() + ")");
        }
        if (OperationRecord.DELETE.equals(operation.type())) {
            String how = operation.savepoint() != null ? "with final savepoint " + operation.savepoint() : "without a savepoint";
            AppStatus next = in.recorded().withOperation(null).withError(null)
                    .withPhase(Phase.DELETED, "spec removed: job " + operation.fromJobId() + " stopped " + how);
            return KubeSteps.ownCluster(in.app(), in.recorded().job())
                    ? new Plan.Undeploy(in.app(), true, next, next.message() + "; its Kubernetes objects deleted")
                    : new Plan.Record(in.app(), next, next.message());
        }
        if (OperationRecord.ROLLBACK.equals(operation.type())) {
            return Readiness.startStable(this, in, operation);
        }
        AppSpec spec = specFor(in);
        String commit = in.desired().isValid() ? in.desired().commit()
                : in.targetSpec() != null ? operation.targetCommit() : in.recorded().specCommit();
        if (spec == null) {
            AppStatus next = in.recorded().withPhase(Phase.STALLED, "no valid spec to start after the savepoint");
            return next.equals(in.recorded()) ? Plan.Nothing.steady(in.app(), next.message()) : new Plan.Record(in.app(), next, next.message());
        }
        if (OperationRecord.SUSPEND.equals(operation.type()) || spec.job().state() == DesiredState.SUSPENDED) {
            AppStatus next = in.recorded().withSpec(spec.file(), commit, spec.hash()).withOperation(null)
                    .withPhase(Phase.SUSPENDED, "suspended with savepoint " + operation.savepoint());
            return KubeSteps.ownCluster(in.app(), in.recorded().job())
                    ? new Plan.Undeploy(in.app(), false, next, next.message() + "; its Deployments deleted")
                    : new Plan.Record(in.app(), next, next.message());
        }
        if (OperationRecord.REDEPLOY.equals(operation.type()) && spec.job().initialSavepointPath() != null) {
            return Redeploy.start(this, in, spec, commit);
        }
        String restore = UpgradeMode.LAST_STATE.yamlName().equals(operation.mode()) ? operation.savepoint() : null;
        return start(in, spec, commit, operation.type().toLowerCase() + " of " + Planner.shortCommit(commit), restore,
                Phase.DEPLOYING, null);
    }

    /**
     * A removed spec file: stop the job with a final savepoint (or cancel it when the spec said
     * {@code kubernetes.operator.job.savepoint-on-deletion: false}), then record DELETED.
     */
    Plan delete(PlanInput in) {
        AppStatus recorded = in.recorded();
        if (recorded == null || recorded.phase() == Phase.DELETED) {
            return Plan.Nothing.steady(in.app(), "deleted");
        }
        if (in.deletionRefused() != null) {
            return refuseDeletion(in, recorded);
        }
        JobRecord job = recorded.job();
        if (job != null && !in.observed().reachable(job.cluster())) {
            return Plan.Nothing.outage(in.app(), in.observed().whyUndecided(job.cluster()) + ": deletion waits");
        }
        ErrorRecord error = recorded.lastError();
        if (recorded.phase() == Phase.BLOCKED && error != null && error.retryAfter() != null
                && in.now().isBefore(Instant.parse(error.retryAfter()))) {
            return Plan.Nothing.waiting(in.app(), "deletion blocked: " + error.message() + " (next try at " + error.retryAfter() + ")");
        }
        boolean running = job != null && in.observed().job(job.cluster(), job.id()).map(j -> !j.state().terminal()).orElse(false);
        AppSpec spec = in.recordedSpec();
        if (!running || spec == null || spec.job() == null) {
            AppStatus next = recorded.withOperation(null).withError(null)
                    .withPhase(Phase.DELETED, "spec removed" + (running ? "" : "; no job was running"));
            return in.observed().kube(in.app()).isEmpty() ? new Plan.Record(in.app(), next, next.message())
                    : new Plan.Undeploy(in.app(), true, next, next.message() + "; its Kubernetes objects deleted");
        }
        // A final stop-with-savepoint whatever the stateful mode: a last-state cancel would leave a
        // checkpoint nobody restores from, and a deleted app has no spec to read it for.
        boolean savepoint = spec.operatorSettings().savepointOnDeletion();
        UpgradeMode mode = savepoint && spec.job().upgradeMode().stateful() ? UpgradeMode.SAVEPOINT : UpgradeMode.STATELESS;
        return beginStop(in, spec, mode, OperationRecord.DELETE, "spec file " + recorded.specFile() + " removed");
    }

    private Plan refuseDeletion(PlanInput in, AppStatus recorded) {
        String reason = in.deletionRefused();
        if (recorded.lastError() != null && reason.equals(recorded.lastError().message())) {
            return Plan.Nothing.waiting(in.app(), reason);
        }
        AppStatus next = recorded.withError(new ErrorRecord(reason, in.desired().commit(), null, 1, in.now().toString(), null))
                .withPhase(recorded.phase(), "deletion refused: " + reason);
        return new Plan.Record(in.app(), next, next.message());
    }

    /** Marks a suspended app that has no running job. */
    Plan settleSuspended(PlanInput in, AppSpec spec) {
        AppStatus base = in.recorded() != null ? in.recorded() : AppStatus.empty(in.app().toString(), spec.file());
        AppStatus next = base.withSpec(spec.file(), in.desired().commit(), spec.hash())
                .withPhase(Phase.SUSPENDED, base.job() == null ? "not started: job.state is suspended" : base.message());
        return next.equals(in.recorded()) ? Plan.Nothing.steady(in.app(), "suspended")
                : new Plan.Record(in.app(), next, next.message());
    }

    /** Records the live state of a job that runs the applied spec. */
    Plan observeRunning(PlanInput in, JobSummary live) {
        AppStatus recorded = in.recorded();
        JobRecord job = recorded.job().withState(live.state().name());
        boolean rolledBack = recorded.phase() == Phase.ROLLED_BACK;
        Phase phase = live.state() == JobState.RUNNING && !rolledBack ? Phase.RUNNING : recorded.phase();
        String message = phase == recorded.phase() && job.equals(recorded.job()) ? recorded.message()
                : "job " + job.id() + " is " + live.state();
        AppStatus next = recorded.withJob(job).withPhase(phase, message)
                .withError(phase == Phase.RUNNING ? null : recorded.lastError());
        return next.equals(recorded) ? Plan.Nothing.steady(in.app(), "in sync")
                : new Plan.Record(in.app(), next, next.message());
    }

    private Plan blocked(PlanInput in, OperationRecord operation, String message) {
        AppStatus next = Failures.record(in.recorded().withOperation(null), message, operation.targetCommit(),
                operation.targetHash(), in.now(), settings);
        return new Plan.Record(in.app(), next, next.message());
    }

    static AppSpec specFor(PlanInput in) {
        if (in.desired().isValid()) {
            return in.desired().spec();
        }
        return in.targetSpec() != null ? in.targetSpec() : in.recordedSpec();
    }

    /**
     * Stateful jobs start from the recorded savepoint (last-state: from the dead job's latest retained
     * checkpoint when that is newer and young enough), or the spec's initial one; stateless jobs
     * start from nothing after the first start.
     */
    private static String restorePath(PlanInput in, AppStatus base, AppSpec spec) {
        boolean firstStart = base.job() == null;
        if (spec.job().upgradeMode() == UpgradeMode.LAST_STATE && !firstStart) {
            String checkpoint = LastState.restartCheckpoint(in, base, spec);
            if (checkpoint != null) {
                return checkpoint;
            }
        }
        if (spec.job().upgradeMode().stateful() && base.restorePath() != null) {
            return base.restorePath();
        }
        return firstStart ? spec.job().initialSavepointPath() : null;
    }

    private Map<String, String> jobConfiguration(PlanInput in, AppSpec spec) {
        Map<String, String> configuration = new TreeMap<>();
        spec.flinkConfiguration().forEach((key, value) -> {
            if (!key.startsWith(ChangeTable.OPERATOR_PREFIX)) {
                configuration.put(key, value);
            }
        });
        String savepoints = settings.savepointDirectory(in.app(), spec);
        if (savepoints != null) {
            configuration.putIfAbsent("state.savepoints.dir", savepoints);
        }
        if (spec.job().upgradeMode() == UpgradeMode.LAST_STATE) {
            configuration.put(LastState.RETENTION_KEY, LastState.RETAIN_ON_CANCELLATION);
        }
        return configuration;
    }

    static String waited(OperationRecord operation, Instant now) {
        Duration waited = Duration.between(Instant.parse(operation.startedAt()), now);
        return String.format("%.1f s", waited.toMillis() / 1000.0);
    }
}
