package dev.flinkgitops.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.flinkgitops.redact.Redact;

import java.util.ArrayList;
import java.util.List;

/**
 * One application's file on the status branch ({@code <namespace>/<name>.yaml}). Holds only
 * what changes on a transition, so an unchanged app writes an unchanged file.
 *
 * @param specFile the spec's path in the repository
 * @param specCommit the spec commit whose job runs (or last ran)
 * @param specHash that spec's hash
 * @param job the daemon's current job, or null when none runs (new, suspended)
 * @param lastSavepoint the newest completed savepoint, or null
 * @param savepoints completed savepoints, newest first, bounded
 * @param operation the write-ahead record of the operation in flight, or null
 * @param lastError the last error, or null
 * @param message one line saying what the daemon last did or is waiting for
 * @param savepointNonce the {@code savepointTriggerNonce} last acted on (a new value triggers a savepoint)
 * @param stableCommit the last spec commit whose job became ready (the rollback target)
 * @param stableHash that spec's hash
 * @param disposed savepoints disposed by the retention rules, newest first, bounded
 * @param redeployNonce the {@code savepointRedeployNonce} last acted on (a new value redeploys from
 *     {@code initialSavepointPath})
 * @param checkpointNonce the {@code checkpointTriggerNonce} last acted on (a new value triggers a checkpoint)
 * @param snapshots the snapshots of this app's job that FlinkStateSnapshot files and
 *     {@code checkpointTriggerNonce} asked for, newest first, bounded; each snapshot's own status file
 *     ({@code snapshots/<namespace>/<name>.yaml}) is written from its record here
 * @param drift when the JobManager was last replaced for drift and since when a replacement is held
 *     back (the rate limit), or null when it never was
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"app", "specFile", "specCommit", "specHash", "phase", "message", "job", "operation",
    "lastSavepoint", "savepoints", "lastError", "savepointNonce", "stableCommit", "stableHash", "disposed",
    "redeployNonce", "checkpointNonce", "snapshots", "drift"})
public record AppStatus(
        String app,
        String specFile,
        String specCommit,
        String specHash,
        Phase phase,
        String message,
        JobRecord job,
        OperationRecord operation,
        SavepointRecord lastSavepoint,
        List<SavepointRecord> savepoints,
        ErrorRecord lastError,
        Long savepointNonce,
        String stableCommit,
        String stableHash,
        List<SavepointRecord> disposed,
        Long redeployNonce,
        Long checkpointNonce,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<SnapshotRecord> snapshots,
        DriftRecord drift) {

    /** How many savepoints the history keeps. */
    public static final int HISTORY_LIMIT = 10;

    public AppStatus {
        savepoints = savepoints == null ? List.of() : List.copyOf(savepoints);
        disposed = disposed == null ? List.of() : List.copyOf(disposed);
        snapshots = snapshots == null ? List.of() : List.copyOf(snapshots);
    }

    /** How many snapshot records the file keeps (the oldest ended ones go first). */
    public static final int SNAPSHOT_LIMIT = 50;

    /** Records the {@code checkpointTriggerNonce} acted on. */
    public AppStatus withCheckpointNonce(Long nonce) {
        return new AppStatus(app, specFile, specCommit, specHash, phase, message, job, operation, lastSavepoint, savepoints,
                lastError, savepointNonce, stableCommit, stableHash, disposed, redeployNonce, nonce, snapshots, drift);
    }

    /**
     * Puts {@code record} first, in place of the record of the same snapshot (by name, or for an unnamed
     * one by trigger id); bounded by {@link #SNAPSHOT_LIMIT}, dropping the oldest ended records first.
     */
    public AppStatus withSnapshot(SnapshotRecord record) {
        List<SnapshotRecord> next = new ArrayList<>();
        next.add(record);
        snapshots.stream().filter(s -> !s.sameSnapshot(record)).forEach(next::add);
        for (int i = next.size() - 1; i > 0 && next.size() > SNAPSHOT_LIMIT; i--) {
            if (next.get(i).state().ended()) {
                next.remove(i);
            }
        }
        return new AppStatus(app, specFile, specCommit, specHash, phase, message, job, operation, lastSavepoint, savepoints,
                lastError, savepointNonce, stableCommit, stableHash, disposed, redeployNonce, checkpointNonce, next, drift);
    }

    /** The record of the named snapshot ({@code <namespace>/<name>}), or null. */
    public SnapshotRecord snapshot(String name) {
        return snapshots.stream().filter(s -> name.equals(s.name())).findFirst().orElse(null);
    }

    /** The record of the snapshot triggered under {@code triggerId}, or null. */
    public SnapshotRecord snapshotByTrigger(String triggerId) {
        return triggerId == null ? null
                : snapshots.stream().filter(s -> triggerId.equals(s.triggerId())).findFirst().orElse(null);
    }

    public static AppStatus empty(String app, String specFile) {
        return new AppStatus(app, specFile, null, null, null, null, null, null, null, List.of(), null, null, null, null,
                List.of(), null, null, List.of(), null);
    }

    public AppStatus withSpec(String file, String commit, String hash) {
        return new AppStatus(app, file, commit, hash, phase, message, job, operation, lastSavepoint, savepoints, lastError, savepointNonce, stableCommit, stableHash,
                disposed, redeployNonce, checkpointNonce, snapshots, drift);
    }

    public AppStatus withPhase(Phase newPhase, String newMessage) {
        return new AppStatus(app, specFile, specCommit, specHash, newPhase, newMessage, job, operation, lastSavepoint, savepoints, lastError, savepointNonce, stableCommit, stableHash,
                disposed, redeployNonce, checkpointNonce, snapshots, drift);
    }

    public AppStatus withJob(JobRecord newJob) {
        return new AppStatus(app, specFile, specCommit, specHash, phase, message, newJob, operation, lastSavepoint, savepoints, lastError, savepointNonce, stableCommit, stableHash,
                disposed, redeployNonce, checkpointNonce, snapshots, drift);
    }

    public AppStatus withOperation(OperationRecord newOperation) {
        return new AppStatus(app, specFile, specCommit, specHash, phase, message, job, newOperation, lastSavepoint, savepoints, lastError, savepointNonce, stableCommit, stableHash,
                disposed, redeployNonce, checkpointNonce, snapshots, drift);
    }

    public AppStatus withError(ErrorRecord newError) {
        return new AppStatus(app, specFile, specCommit, specHash, phase, message, job, operation, lastSavepoint, savepoints, newError, savepointNonce, stableCommit, stableHash,
                disposed, redeployNonce, checkpointNonce, snapshots, drift);
    }

    public AppStatus withSavepointNonce(Long nonce) {
        return new AppStatus(app, specFile, specCommit, specHash, phase, message, job, operation, lastSavepoint, savepoints,
                lastError, nonce, stableCommit, stableHash, disposed, redeployNonce, checkpointNonce, snapshots, drift);
    }

    /** Records the {@code savepointRedeployNonce} acted on. */
    public AppStatus withRedeployNonce(Long nonce) {
        return new AppStatus(app, specFile, specCommit, specHash, phase, message, job, operation, lastSavepoint, savepoints,
                lastError, savepointNonce, stableCommit, stableHash, disposed, nonce, checkpointNonce, snapshots, drift);
    }

    /** Records a JobManager replacement for drift, or one held back. */
    public AppStatus withDrift(DriftRecord record) {
        return new AppStatus(app, specFile, specCommit, specHash, phase, message, job, operation, lastSavepoint, savepoints,
                lastError, savepointNonce, stableCommit, stableHash, disposed, redeployNonce, checkpointNonce, snapshots, record);
    }

    /** Marks the applied spec as stable: its job became ready. */
    public AppStatus withStable(String commit, String hash) {
        return new AppStatus(app, specFile, specCommit, specHash, phase, message, job, operation, lastSavepoint, savepoints,
                lastError, savepointNonce, commit, hash, disposed, redeployNonce, checkpointNonce, snapshots, drift);
    }

    /** Removes a disposed savepoint from the history and records the disposal (bounded, newest first). */
    public AppStatus withDisposed(SavepointRecord savepoint, String time) {
        List<SavepointRecord> history = new ArrayList<>(savepoints);
        history.removeIf(s -> s.path().equals(savepoint.path()));
        List<SavepointRecord> gone = new ArrayList<>();
        gone.add(new SavepointRecord(savepoint.path(), savepoint.triggerId(), savepoint.reason(), savepoint.jobId(),
                savepoint.specCommit(), time));
        gone.addAll(disposed);
        return new AppStatus(app, specFile, specCommit, specHash, phase, message, job, operation, lastSavepoint, history,
                lastError, savepointNonce, stableCommit, stableHash, gone.subList(0, Math.min(HISTORY_LIMIT, gone.size())),
                redeployNonce, checkpointNonce, snapshots, drift);
    }

    /** Records a completed savepoint as the latest and at the head of the bounded history. */
    public AppStatus withSavepoint(SavepointRecord savepoint) {
        List<SavepointRecord> history = new ArrayList<>();
        history.add(savepoint);
        history.addAll(savepoints);
        if (history.size() > HISTORY_LIMIT) {
            history = history.subList(0, HISTORY_LIMIT);
        }
        return new AppStatus(app, specFile, specCommit, specHash, phase, message, job, operation, savepoint, history, lastError, savepointNonce, stableCommit, stableHash,
                disposed, redeployNonce, checkpointNonce, snapshots, drift);
    }

    /**
     * This status as it may leave the process (status file, {@code status} output): the message and
     * the last error's message {@link Redact#text redacted}. Paths, ids and commits are kept as they
     * are: the daemon restores from the recorded savepoint paths.
     */
    public AppStatus redacted() {
        ErrorRecord error = lastError == null ? null : new ErrorRecord(Redact.text(lastError.message()),
                lastError.specCommit(), lastError.specHash(), lastError.attempts(), lastError.time(), lastError.retryAfter());
        return new AppStatus(app, specFile, specCommit, specHash, phase, Redact.text(message), job, operation, lastSavepoint,
                savepoints, error, savepointNonce, stableCommit, stableHash, disposed, redeployNonce, checkpointNonce,
                snapshots.stream().map(SnapshotRecord::redacted).toList(), drift);
    }

    /** How this app stands: stalled, failing with a retry, waiting, or settled (see {@link Outcome}). */
    public Outcome outcome() {
        return Outcome.of(this);
    }

    /** The savepoint a stateful restart must start from, or null when none is recorded. */
    public String restorePath() {
        return lastSavepoint == null ? null : lastSavepoint.path();
    }
}
