package dev.flinkgitops.status;

/** What an operation in flight is for; written to the status file by name. */
public enum OperationType {
    UPGRADE,
    SUSPEND,
    DELETE,
    /** A savepoint without a stop (on demand, periodic, final). */
    SAVEPOINT,
    ROLLBACK,
    /** A redeploy from spec.job.initialSavepointPath (a new savepointRedeployNonce). */
    REDEPLOY,
    /** A checkpoint on demand (a FlinkStateSnapshot with spec.checkpoint, or a new checkpointTriggerNonce). */
    CHECKPOINT,
    /**
     * A change of {@code job.parallelism} alone, asked of Flink without a restart of the job
     * ({@code PUT /jobs/:id/resource-requirements}, adaptive scheduler); the same job keeps running.
     */
    RESCALE;

    /** The phase an app is in while an operation of this type runs. */
    public Phase phase() {
        return switch (this) {
            case SUSPEND -> Phase.SUSPENDING;
            case DELETE -> Phase.DELETING;
            case SAVEPOINT -> Phase.SAVEPOINTING;
            case CHECKPOINT -> Phase.CHECKPOINTING;
            case ROLLBACK -> Phase.ROLLING_BACK;
            case UPGRADE, REDEPLOY, RESCALE -> Phase.UPGRADING;
        };
    }

    /** The type as the messages say it ("upgrade", "suspend"). */
    public String lower() {
        return name().toLowerCase();
    }
}
