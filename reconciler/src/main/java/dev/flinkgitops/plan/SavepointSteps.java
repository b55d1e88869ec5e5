package dev.flinkgitops.plan;

import dev.flinkgitops.port.JobIds;
import dev.flinkgitops.port.JobSummary;
import dev.flinkgitops.port.SavepointStatus;
import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.appspec.OperatorSettings;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.ErrorRecord;
import dev.flinkgitops.status.JobRecord;
import dev.flinkgitops.status.OperationRecord;
import dev.flinkgitops.status.OperationStep;
import dev.flinkgitops.status.OperationType;
import dev.flinkgitops.status.Phase;
import dev.flinkgitops.status.SavepointRecord;
import dev.flinkgitops.status.SnapshotRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Savepoints that do not stop the job: on demand (a new {@code savepointTriggerNonce}) and
 * periodic ({@code kubernetes.operator.periodic.savepoint.interval}); and the retention of the
 * history ({@code kubernetes.operator.savepoint.history.max.count} / {@code .max.age}).
 */
final class SavepointSteps {

    private SavepointSteps() {}

    static final String FINAL = "final";

    /** Why a savepoint is due now, or empty. */
    static Optional<String> due(PlanInput in, AppSpec spec, PlannerSettings settings) {
        AppStatus recorded = in.recorded();
        Long nonce = spec.job().savepointTriggerNonce();
        if (nonce != null && !nonce.equals(recorded.savepointNonce())) {
            return Optional.of("savepointTriggerNonce " + nonce);
        }
        if (finalDue(recorded, spec, in.finalSavepointsSince())) {
            return Optional.of(FINAL + ": the daemon stops, and its embedded cluster with it");
        }
        Duration every = spec.operatorSettings().periodicSavepointInterval();
        if (every == null || recorded.job() == null) {
            return Optional.empty();
        }
        Instant base = Instant.parse(recorded.job().startedAt());
        base = later(base, recorded.lastSavepoint() == null ? null : recorded.lastSavepoint().time());
        base = later(base, recorded.lastError() == null ? null : recorded.lastError().time());
        return in.now().isBefore(base.plus(every)) ? Optional.empty() : Optional.of("periodic, every " + every);
    }

    /** A stateful job with neither a savepoint nor a failed one since the daemon began to stop. */
    private static boolean finalDue(AppStatus recorded, AppSpec spec, Instant since) {
        if (since == null || recorded.job() == null || !spec.job().upgradeMode().stateful()) {
            return false;
        }
        boolean saved = recorded.lastSavepoint() != null && !Instant.parse(recorded.lastSavepoint().time()).isBefore(since);
        boolean failed = recorded.lastError() != null && !Instant.parse(recorded.lastError().time()).isBefore(since);
        return !saved && !failed;
    }

    private static Instant later(Instant base, String time) {
        if (time == null) {
            return base;
        }
        Instant other = Instant.parse(time);
        return other.isAfter(base) ? other : base;
    }

    /** Records the intent (with its trigger id) before the savepoint is triggered. */
    static Plan begin(PlanInput in, AppSpec spec, String reason) {
        AppStatus recorded = in.recorded();
        JobRecord job = recorded.job();
        String commit = recorded.specCommit();
        String triggerId = JobIds.derive(in.app(), OperationType.SAVEPOINT + ":" + commit + "@" + in.now(), job.generation());
        OperationRecord operation = new OperationRecord(OperationType.SAVEPOINT, OperationStep.SAVEPOINTING, commit,
                recorded.specHash(), spec.job().upgradeMode(), triggerId, job.id(), null, in.now().toString());
        AppStatus next = recorded.withOperation(operation).withPhase(Phase.SAVEPOINTING,
                "savepoint of job " + job.id() + " (" + reason + "), trigger " + triggerId);
        return Plan.record(in.app(), next);
    }

    static Plan savepointing(PlanInput in, OperationRecord operation, JobRecord job, AppSpec spec, PlannerSettings settings) {
        SavepointStatus savepoint = in.observed().savepoint(operation.triggerId());
        AppStatus recorded = in.recorded();
        SnapshotRecord snapshot = recorded.snapshotByTrigger(operation.triggerId());
        if (snapshot != null) {
            return snapshot(in, operation, job, spec, settings, savepoint, snapshot);
        }
        Long nonce = spec == null ? recorded.savepointNonce() : spec.job().savepointTriggerNonce();
        String reason = !Objects.equals(nonce, recorded.savepointNonce()) ? "manual"
                : in.finalSavepointsSince() != null ? FINAL : "periodic";
        switch (savepoint.kind()) {
            case IN_PROGRESS:
                return Plan.Nothing.waiting(in.app(), "waiting for the savepoint of job " + job.id() + " ("
                        + Transitions.waited(operation, in.now()) + ")");
            case COMPLETED:
                AppStatus done = recorded.withSavepoint(new SavepointRecord(savepoint.location(), operation.triggerId(), reason,
                                job.id(), recorded.specCommit(), in.now().toString()))
                        .withOperation(null).withError(null).withSavepointNonce(nonce)
                        .withPhase(Phase.RUNNING, reason + " savepoint " + savepoint.location() + " completed");
                return Plan.record(in.app(), done);
            case FAILED:
                String message = reason + " savepoint failed, job " + job.id() + " keeps running: " + savepoint.failureCause();
                AppStatus failed = recorded.withOperation(null).withSavepointNonce(nonce).withPhase(Phase.RUNNING, message)
                        .withError(new ErrorRecord(message, recorded.specCommit(), recorded.specHash(), 1, in.now().toString(), null));
                return Plan.record(in.app(), failed);
            default:
                Optional<JobSummary> live = in.observed().job(job.cluster(), job.id());
                if (live.isPresent() && !live.get().state().terminal()) {
                    return new Plan.TriggerSavepoint(in.app(), job.cluster(), job.id(),
                            settings.savepointDirectory(in.app(), spec), operation.triggerId(), PlannerSettings.savepointFormat(spec),
                            "savepoint of job " + job.id() + " (trigger " + operation.triggerId() + ")");
                }
                AppStatus skipped = recorded.withOperation(null).withSavepointNonce(nonce)
                        .withPhase(Phase.RUNNING, "savepoint skipped: job " + job.id() + " is not running");
                return Plan.record(in.app(), skipped);
        }
    }

    /**
     * SAVEPOINTING for a FlinkStateSnapshot: into the snapshot's {@code savepoint.path} when it names
     * one; recorded in the app's history (reason "snapshot <name>") and in the snapshot's record.
     */
    private static Plan snapshot(PlanInput in, OperationRecord operation, JobRecord job, AppSpec spec, PlannerSettings settings,
            SavepointStatus savepoint, SnapshotRecord snapshot) {
        AppStatus recorded = in.recorded();
        String reason = SnapshotSteps.reason(snapshot);
        switch (savepoint.kind()) {
            case IN_PROGRESS:
                return Plan.Nothing.waiting(in.app(), "waiting for the savepoint of job " + job.id() + " (" + reason + ", "
                        + Transitions.waited(operation, in.now()) + ")");
            case COMPLETED:
                AppStatus saved = recorded.withSavepoint(new SavepointRecord(savepoint.location(), operation.triggerId(), reason,
                        job.id(), recorded.specCommit(), in.now().toString())).withError(null);
                return Plan.record(in.app(), SnapshotSteps.ended(saved, snapshot.completed(savepoint.location(), in.now()),
                        reason + ": savepoint " + savepoint.location() + " completed"));
            case FAILED:
                SnapshotRecord failed = snapshot.failed(savepoint.failureCause(), in.now());
                return Plan.record(in.app(), SnapshotSteps.ended(recorded, failed, reason + ": savepoint failed, job " + job.id()
                        + " keeps running: " + savepoint.failureCause() + SnapshotSteps.retry(failed)));
            default:
                Optional<JobSummary> live = in.observed().job(job.cluster(), job.id());
                if (live.isPresent() && !live.get().state().terminal()) {
                    String target = snapshot.path() != null ? snapshot.path() : settings.savepointDirectory(in.app(), spec);
                    // The snapshot's own savepoint.formatType wins over the app's savepoint.format.type, for this savepoint.
                    dev.flinkgitops.appspec.SavepointFormat format = dev.flinkgitops.appspec.SavepointFormat.parse(snapshot.type());
                    return new Plan.TriggerSavepoint(in.app(), job.cluster(), job.id(), target, operation.triggerId(),
                            format != null ? format : PlannerSettings.savepointFormat(spec),
                            "savepoint of job " + job.id() + " (" + reason + ", trigger " + operation.triggerId() + ")");
                }
                return Plan.record(in.app(), SnapshotSteps.ended(recorded, snapshot.abandoned("job " + job.id() + " is not running",
                        in.now()), reason + " abandoned: job " + job.id() + " is not running"));
        }
    }

    /**
     * The oldest savepoint the retention rules no longer keep (never the latest, nor the one the
     * running job restored from), as a disposal plan; empty when none or when no rule is set.
     */
    static Optional<Plan> retention(PlanInput in, AppSpec spec) {
        OperatorSettings rules = spec.operatorSettings();
        AppStatus recorded = in.recorded();
        if (rules.historyMaxCount() == null && rules.historyMaxAge() == null) {
            return Optional.empty();
        }
        ErrorRecord error = recorded.lastError();
        if (error != null && error.message().startsWith("disposal of") && error.retryAfter() != null
                && in.now().isBefore(Instant.parse(error.retryAfter()))) {
            return Optional.empty();
        }
        Set<String> kept = new HashSet<>();
        if (recorded.lastSavepoint() != null) {
            kept.add(recorded.lastSavepoint().path());
        }
        if (recorded.job() != null && recorded.job().restoredFrom() != null) {
            kept.add(recorded.job().restoredFrom());
        }
        List<SavepointRecord> history = recorded.savepoints();
        for (int index = history.size() - 1; index >= 0; index--) {
            SavepointRecord savepoint = history.get(index);
            boolean tooMany = rules.historyMaxCount() != null && index >= rules.historyMaxCount();
            boolean tooOld = rules.historyMaxAge() != null && savepoint.time() != null
                    && Instant.parse(savepoint.time()).plus(rules.historyMaxAge()).isBefore(in.now());
            if (!kept.contains(savepoint.path()) && (tooMany || tooOld)) {
                String why = "dispose savepoint " + savepoint.path() + " ("
                        + (tooMany ? "beyond max.count " + rules.historyMaxCount() : "older than max.age " + rules.historyMaxAge()) + ")";
                AppStatus next = recorded.withDisposed(savepoint, in.now().toString()).withPhase(recorded.phase(), why);
                return Optional.of(new Plan.Dispose(in.app(), recorded.job().cluster(), savepoint.path(), next, why));
            }
        }
        return Optional.empty();
    }
}
