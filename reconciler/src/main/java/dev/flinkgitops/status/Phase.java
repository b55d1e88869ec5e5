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
    /** An operation (upgrade, suspend, restart) is in flight; see {@code operation}. */
    UPGRADING,
    /** Stopped with a savepoint on purpose ({@code job.state: suspended}). */
    SUSPENDED,
    /** A step failed (for example the savepoint); the old job keeps running; retried with backoff. */
    BLOCKED,
    /** Needs a human: the spec is invalid, or nothing safe can be done. The last valid job is untouched. */
    STALLED,
    /** The job finished by itself. */
    FINISHED
}
