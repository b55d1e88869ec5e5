package dev.flinkgitops.status;

/** Where an operation in flight stands; written to the status file by name. */
public enum OperationStep {
    /** A stop-with-savepoint is triggered or about to be. */
    STOPPING,
    /** The job is cancelled without a savepoint (stateless, last-state, a rollback). */
    CANCELLING,
    /** The snapshot is durable; the new job is next. */
    STARTING,
    /** A savepoint without a stop is triggered or about to be. */
    SAVEPOINTING,
    /** A checkpoint on demand is triggered or about to be. */
    CHECKPOINTING,
    /** The job is asked to run at the target parallelism (in place); waiting until it does. */
    RESCALING;

    /** The step as the messages say it. */
    public String lower() {
        return name().toLowerCase();
    }
}
