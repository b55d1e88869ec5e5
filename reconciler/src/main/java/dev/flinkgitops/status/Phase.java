package dev.flinkgitops.status;

/**
 * Where an application stands. Outcomes that need different handling are different phases:
 * STALLED needs a human (do not retry), UPGRADING is waiting on an operation in flight (look
 * again soon), BLOCKED is a failure that is retried with backoff or pre-empted by a newer
 * commit.
 */
public enum Phase {
    /** A job was submitted and is not RUNNING yet. */
    DEPLOYING,
    /** The job of the applied spec is RUNNING. */
    RUNNING,
    /** An upgrade is in flight (stop with savepoint, then start the new version); see {@code operation}. */
    UPGRADING,
    /** {@code job.state: suspended}: the job is being stopped with a savepoint. */
    SUSPENDING,
    /** Stopped with a savepoint on purpose ({@code job.state: suspended}). */
    SUSPENDED,
    /** A savepoint without a stop is in flight (on demand, or periodic). */
    SAVEPOINTING,
    /** A checkpoint on demand is in flight (a FlinkStateSnapshot, or checkpointTriggerNonce). */
    CHECKPOINTING,
    /** The spec file was removed: the job is being stopped with a final savepoint. */
    DELETING,
    /** The spec file was removed and the job is gone; the file stays as the app's record. */
    DELETED,
    /** The new version did not become ready: the last stable spec is being started again. */
    ROLLING_BACK,
    /** The last stable spec runs again after a version that did not become ready; see {@code lastError}. */
    ROLLED_BACK,
    /** A step failed (for example the savepoint); the old job keeps running; retried with backoff. */
    BLOCKED,
    /** Needs a human: the spec is invalid, or nothing safe can be done. The last valid job is untouched. */
    STALLED,
    /** The job finished by itself. */
    FINISHED
}
