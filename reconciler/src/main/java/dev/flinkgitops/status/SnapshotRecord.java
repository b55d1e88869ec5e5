package dev.flinkgitops.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.Duration;
import java.time.Instant;

/**
 * A snapshot of an app's job that a FlinkStateSnapshot file (or {@code checkpointTriggerNonce})
 * asked for, in the app's status file. The intent (with its trigger id) is recorded before the
 * trigger, as for every operation.
 *
 * @param name the FlinkStateSnapshot's identity ({@code <namespace>/<name>}), or null for a checkpoint
 *     that {@code checkpointTriggerNonce} asked for
 * @param file the FlinkStateSnapshot's file
 * @param specHash the hash of the snapshot file it was made for: a changed file is a new request
 * @param kind {@code savepoint} or {@code checkpoint}
 * @param jobId the job it was taken of
 * @param path the snapshot's path once completed (a registered one from the start); may be null for a
 *     checkpoint whose path Flink did not tell
 * @param type the savepoint's {@code formatType} (CANONICAL or NATIVE) or the checkpoint's {@code checkpointType}
 *     (FULL or INCREMENTAL)
 * @param disposeOnDelete whether removing the file disposes the savepoint
 * @param reason why it was taken ("snapshot payments/daily", "checkpointTriggerNonce 3", "registered")
 * @param failures failed attempts so far
 * @param backoffLimit retries allowed after a failure (-1: no limit)
 * @param retryAfter after a failure, when it is triggered again
 * @param note what became of it after its file was removed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "file", "specHash", "kind", "state", "path", "triggerId", "jobId", "type",
    "disposeOnDelete", "reason", "triggeredAt", "resultAt", "error", "failures", "backoffLimit", "retryAfter", "note"})
public record SnapshotRecord(
        String name,
        String file,
        String specHash,
        String kind,
        SnapshotState state,
        String path,
        String triggerId,
        String jobId,
        String type,
        boolean disposeOnDelete,
        String reason,
        String triggeredAt,
        String resultAt,
        String error,
        int failures,
        int backoffLimit,
        String retryAfter,
        String note) {

    public static final String SAVEPOINT = "savepoint";
    public static final String CHECKPOINT = "checkpoint";

    /** The first retry waits this long, doubling (the operator's 10 s, 20 s, 40 s, ...), at most {@link #MAX_RETRY}. */
    static final Duration FIRST_RETRY = Duration.ofSeconds(10);
    static final Duration MAX_RETRY = Duration.ofMinutes(10);

    /** Whether {@code other} records the same snapshot (same name; unnamed ones by trigger id). */
    public boolean sameSnapshot(SnapshotRecord other) {
        return name != null ? name.equals(other.name) : other.name == null && triggerId != null && triggerId.equals(other.triggerId);
    }

    /** Triggered (intent recorded) under {@code trigger}, of {@code job}, at {@code now}. */
    public SnapshotRecord triggered(String trigger, String job, Instant now) {
        return new SnapshotRecord(name, file, specHash, kind, SnapshotState.IN_PROGRESS, path, trigger, job, type,
                disposeOnDelete, reason, now.toString(), null, error, failures, backoffLimit, null, note);
    }

    public SnapshotRecord completed(String location, Instant now) {
        return new SnapshotRecord(name, file, specHash, kind, SnapshotState.COMPLETED, location, triggerId, jobId, type,
                disposeOnDelete, reason, triggeredAt, now.toString(), null, failures, backoffLimit, null, note);
    }

    /**
     * A failed attempt: tried again after a backoff while {@code backoffLimit} allows (-1: always),
     * else FAILED for good.
     */
    public SnapshotRecord failed(String cause, Instant now) {
        int attempts = failures + 1;
        boolean again = backoffLimit < 0 || attempts <= backoffLimit;
        Duration wait = FIRST_RETRY.multipliedBy(1L << Math.min(attempts - 1, 16));
        wait = wait.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : wait;
        return new SnapshotRecord(name, file, specHash, kind, again ? SnapshotState.TRIGGER_PENDING : SnapshotState.FAILED,
                path, again ? null : triggerId, jobId, type, disposeOnDelete, reason, triggeredAt, now.toString(), cause,
                attempts, backoffLimit, again ? now.plus(wait).toString() : null, note);
    }

    /** Failed in a way a retry cannot mend (the cluster has no such call): FAILED for good. */
    public SnapshotRecord failedForGood(String cause, Instant now) {
        return new SnapshotRecord(name, file, specHash, kind, SnapshotState.FAILED, path, triggerId, jobId, type,
                disposeOnDelete, reason, triggeredAt, now.toString(), cause, failures + 1, backoffLimit, null, note);
    }

    /** Its job was not there to take it: not tried again. */
    public SnapshotRecord abandoned(String why, Instant now) {
        return new SnapshotRecord(name, file, specHash, kind, SnapshotState.ABANDONED, path, triggerId, jobId, type,
                disposeOnDelete, reason, triggeredAt, now.toString(), why, failures, backoffLimit, null, note);
    }

    /** Its file is gone: {@code state} DISPOSED or REMOVED, with what was done and why. */
    public SnapshotRecord removed(SnapshotState state, String why, Instant now) {
        return new SnapshotRecord(name, file, specHash, kind, state, path, triggerId, jobId, type, disposeOnDelete,
                reason, triggeredAt, now.toString(), error, failures, backoffLimit, null, why);
    }

    /** This record with its error text redacted, as it may leave the process. */
    SnapshotRecord redacted() {
        return error == null ? this : new SnapshotRecord(name, file, specHash, kind, state, path, triggerId, jobId, type,
                disposeOnDelete, reason, triggeredAt, resultAt, dev.flinkgitops.redact.Redact.text(error), failures,
                backoffLimit, retryAfter, note);
    }
}
