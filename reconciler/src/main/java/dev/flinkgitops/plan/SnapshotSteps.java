package dev.flinkgitops.plan;

import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.appspec.SnapshotSpec;
import dev.flinkgitops.port.JobIds;
import dev.flinkgitops.port.JobSummary;
import dev.flinkgitops.port.SavepointStatus;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.JobRecord;
import dev.flinkgitops.status.OperationRecord;
import dev.flinkgitops.status.OperationStep;
import dev.flinkgitops.status.OperationType;
import dev.flinkgitops.status.Phase;
import dev.flinkgitops.status.SnapshotRecord;
import dev.flinkgitops.status.SnapshotState;

import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;

/**
 * Snapshots a running job takes on request: FlinkStateSnapshot files naming the app (a savepoint, a
 * checkpoint, or an existing savepoint registered) and a new {@code checkpointTriggerNonce}; and what
 * removing a snapshot file does (the savepoint is disposed only with {@code disposeOnDelete} and when it
 * is no app's restore point). A savepoint is the {@link OperationType#SAVEPOINT} operation of
 * {@link SavepointSteps} with the snapshot's record; a checkpoint is {@link OperationType#CHECKPOINT}.
 * As everywhere, the intent (with its trigger id) is recorded before the trigger.
 */
final class SnapshotSteps {

    private SnapshotSteps() {}

    /** How long a completed checkpoint's path is asked for again (Flink's REST cache is 3 s by default). */
    static final java.time.Duration PATH_WAIT = java.time.Duration.ofSeconds(10);

    private static long waited(OperationRecord operation, PlanInput in) {
        return java.time.Duration.between(Instant.parse(operation.startedAt()), in.now()).toMillis();
    }

    /** The reason of a snapshot's savepoint in the app's history. */
    static String reason(SnapshotRecord record) {
        return record.name() != null ? "snapshot " + record.name() : record.reason();
    }

    /** The next snapshot step of a steady running job, or empty. */
    static Optional<Plan> next(PlanInput in, AppSpec spec) {
        AppStatus recorded = in.recorded();
        Long nonce = spec.job().checkpointTriggerNonce();
        if (nonce != null && !nonce.equals(recorded.checkpointNonce())) {
            SnapshotRecord request = new SnapshotRecord(null, null, null, SnapshotRecord.CHECKPOINT, SnapshotState.TRIGGER_PENDING,
                    null, null, null, "FULL", false, "checkpointTriggerNonce " + nonce, null, null, null, 0, 0, null, null);
            return Optional.of(begin(in, spec, request, recorded.withCheckpointNonce(nonce)));
        }
        for (SnapshotSpec wanted : in.snapshots().wanted().stream().sorted(Comparator.comparing(s -> s.id().toString())).toList()) {
            SnapshotRecord record = recorded.snapshot(wanted.id().toString());
            boolean fresh = record == null || (record.state().ended() && !wanted.hash().equals(record.specHash()));
            if (fresh) {
                return Optional.of(request(in, spec, wanted));
            }
            if (record.state() == SnapshotState.TRIGGER_PENDING
                    && (record.retryAfter() == null || !in.now().isBefore(Instant.parse(record.retryAfter())))) {
                return Optional.of(begin(in, spec, record, recorded));
            }
        }
        for (SnapshotRecord record : recorded.snapshots()) {
            boolean gone = record.name() != null && in.snapshots().wanted(record.name()) == null
                    && !in.snapshots().files().contains(record.file());
            if (gone && record.state() != SnapshotState.DISPOSED && record.state() != SnapshotState.REMOVED) {
                Optional<Plan> removal = removed(in, record);
                if (removal.isPresent()) {
                    return removal;
                }
            }
        }
        return Optional.empty();
    }

    /** A snapshot file new at head (or changed after its last snapshot ended). */
    private static Plan request(PlanInput in, AppSpec spec, SnapshotSpec wanted) {
        String kind = wanted.checkpoint() ? SnapshotRecord.CHECKPOINT : SnapshotRecord.SAVEPOINT;
        String type = wanted.checkpoint() ? wanted.checkpointType() : wanted.formatType();
        SnapshotRecord request = new SnapshotRecord(wanted.id().toString(), wanted.file(), wanted.hash(), kind,
                SnapshotState.TRIGGER_PENDING, wanted.path(), null, null, type, !wanted.checkpoint() && wanted.disposeOnDelete(),
                "snapshot " + wanted.id(), null, null, null, 0, wanted.backoffLimit(), null, null);
        if (wanted.alreadyExists()) {
            SnapshotRecord registered = request.completed(wanted.path(), in.now());
            return Plan.record(in.app(), in.recorded().withSnapshot(registered).withPhase(in.recorded().phase(),
                    "FlinkStateSnapshot " + wanted.id() + " registers existing savepoint " + wanted.path()));
        }
        return begin(in, spec, request, in.recorded());
    }

    /** Records the intent of a snapshot (its trigger id) on {@code base}; the trigger is the next tick's step. */
    private static Plan begin(PlanInput in, AppSpec spec, SnapshotRecord request, AppStatus base) {
        JobRecord job = base.job();
        boolean checkpoint = SnapshotRecord.CHECKPOINT.equals(request.kind());
        OperationType type = checkpoint ? OperationType.CHECKPOINT : OperationType.SAVEPOINT;
        String triggerId = JobIds.derive(in.app(), type + ":" + reason(request) + "@" + in.now(), job.generation());
        OperationRecord operation = new OperationRecord(type, checkpoint ? OperationStep.CHECKPOINTING : OperationStep.SAVEPOINTING,
                base.specCommit(), base.specHash(), spec.job().upgradeMode(), triggerId, job.id(), null, in.now().toString());
        AppStatus next = base.withOperation(operation).withSnapshot(request.triggered(triggerId, job.id(), in.now()))
                .withPhase(type.phase(), request.kind() + " of job " + job.id() + " (" + reason(request) + "), trigger " + triggerId);
        return Plan.record(in.app(), next);
    }

    /** CHECKPOINTING: trigger the checkpoint, wait for it, record its outcome. */
    static Plan checkpointing(PlanInput in, OperationRecord operation, JobRecord job) {
        AppStatus recorded = in.recorded();
        SnapshotRecord record = recorded.snapshotByTrigger(operation.triggerId());
        SnapshotRecord snapshot = record != null ? record : new SnapshotRecord(null, null, null, SnapshotRecord.CHECKPOINT,
                SnapshotState.IN_PROGRESS, null, operation.triggerId(), job.id(), "FULL", false, "checkpoint", operation.startedAt(),
                null, null, 0, 0, null, null);
        SavepointStatus status = in.observed().savepoint(operation.triggerId());
        String what = "checkpoint of job " + job.id() + " (" + reason(snapshot) + ")";
        switch (status.kind()) {
            case IN_PROGRESS:
                return Plan.Nothing.waiting(in.app(), "waiting for the " + what + " (" + Transitions.waited(operation, in.now()) + ")");
            case COMPLETED:
                if (status.location() == null && waited(operation, in) < PATH_WAIT.toMillis()) {
                    // Flink serves checkpoint details from a cache (web.refresh-interval, 3 s): ask again before giving up on the path.
                    return Plan.Nothing.waiting(in.app(), what + " completed; waiting for Flink to tell its path");
                }
                return Plan.record(in.app(), ended(recorded, snapshot.completed(status.location(), in.now()),
                        what + " completed: " + (status.location() != null ? status.location() : "Flink no longer tells its path")));
            case FAILED:
                SnapshotRecord failed = snapshot.failed(status.failureCause(), in.now());
                return Plan.record(in.app(), ended(recorded, failed, what + " failed, job " + job.id() + " keeps running: "
                        + status.failureCause() + retry(failed)));
            default:
                Optional<JobSummary> live = in.observed().job(job.cluster(), job.id());
                if (live.isPresent() && !live.get().state().terminal()) {
                    return new Plan.TriggerCheckpoint(in.app(), job.cluster(), job.id(), snapshot.type(), operation.triggerId(),
                            what + ", trigger " + operation.triggerId());
                }
                return Plan.record(in.app(), ended(recorded, snapshot.abandoned("job " + job.id() + " is not running", in.now()),
                        what + " abandoned: job " + job.id() + " is not running"));
        }
    }

    /** The operation ends; the job runs on; the snapshot's record says how it went. */
    static AppStatus ended(AppStatus recorded, SnapshotRecord snapshot, String message) {
        return recorded.withOperation(null).withSnapshot(snapshot).withPhase(Phase.RUNNING, message);
    }

    /** How a failed snapshot goes on, for the message. */
    static String retry(SnapshotRecord failed) {
        return failed.state() == SnapshotState.FAILED ? " (backoffLimit " + failed.backoffLimit() + " reached: not tried again)"
                : " (tried again at " + failed.retryAfter() + ")";
    }

    /**
     * A snapshot file removed: its savepoint is disposed when {@code disposeOnDelete} and no app restores
     * from it; otherwise it is kept and its record says why. A disposal that failed waits for its retry time.
     */
    private static Optional<Plan> removed(PlanInput in, SnapshotRecord record) {
        AppStatus recorded = in.recorded();
        String keep = SnapshotRemoval.keepReason(in.app(), in.recorded(), record, in.snapshots().restorePoints());
        if (keep != null) {
            return Optional.of(Plan.record(in.app(), recorded.withSnapshot(record.removed(SnapshotState.REMOVED, keep, in.now()))
                    .withPhase(recorded.phase(), "FlinkStateSnapshot " + record.name() + " removed: " + keep)));
        }
        if (recorded.lastError() != null && recorded.lastError().message().startsWith("disposal of " + record.path())
                && recorded.lastError().retryAfter() != null && in.now().isBefore(Instant.parse(recorded.lastError().retryAfter()))) {
            return Optional.empty();
        }
        String why = "FlinkStateSnapshot " + record.name() + " removed: disposing savepoint " + record.path() + " (disposeOnDelete)";
        AppStatus next = recorded.withSnapshot(record.removed(SnapshotState.DISPOSED, "disposed: its file was removed", in.now()));
        var history = recorded.savepoints().stream().filter(s -> s.path().equals(record.path())).findFirst();
        if (history.isPresent()) {
            next = next.withDisposed(history.get(), in.now().toString());
        }
        return Optional.of(new Plan.Dispose(in.app(), recorded.job().cluster(), record.path(), next.withPhase(recorded.phase(), why),
                why));
    }
}
