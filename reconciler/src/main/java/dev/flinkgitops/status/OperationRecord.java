package dev.flinkgitops.status;

/**
 * The write-ahead record of an operation in flight. It is pushed to the status branch before
 * the job is stopped; the savepoint path is pushed before the new job starts.
 *
 * @param type UPGRADE, SUSPEND, DELETE, SAVEPOINT (no stop) or ROLLBACK
 * @param step STOPPING (stop-with-savepoint triggered or about to be), CANCELLING (stateless),
 *     STARTING (the snapshot is durable; the new job is next), SAVEPOINTING (a savepoint without stop)
 * @param targetCommit the spec commit the operation was started for
 * @param mode the upgrade mode in force when it started
 * @param triggerId the savepoint trigger id the daemon chose (reused after a crash)
 * @param fromJobId the job being stopped
 * @param savepoint the completed savepoint path, once known (last-state, while CANCELLING: the
 *     checkpoint last read as the restore point, not yet known to be stable)
 * @param checkpointReadAt last-state, while CANCELLING: when {@code savepoint} was first read after
 *     the job ended; it is recorded as the restore point only once a read past Flink's REST cache
 *     still names it
 */
public record OperationRecord(
        String type,
        String step,
        String targetCommit,
        String targetHash,
        String mode,
        String triggerId,
        String fromJobId,
        String savepoint,
        String startedAt,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        String checkpointReadAt) {

    public OperationRecord(String type, String step, String targetCommit, String targetHash, String mode, String triggerId,
            String fromJobId, String savepoint, String startedAt) {
        this(type, step, targetCommit, targetHash, mode, triggerId, fromJobId, savepoint, startedAt, null);
    }

    public static final String UPGRADE = "UPGRADE";
    public static final String SUSPEND = "SUSPEND";
    public static final String DELETE = "DELETE";
    public static final String SAVEPOINT = "SAVEPOINT";
    public static final String ROLLBACK = "ROLLBACK";
    public static final String STOPPING = "STOPPING";
    public static final String CANCELLING = "CANCELLING";
    public static final String STARTING = "STARTING";
    public static final String SAVEPOINTING = "SAVEPOINTING";

    /** The phase an app is in while this operation runs. */
    public Phase phase() {
        return switch (type) {
            case SUSPEND -> Phase.SUSPENDING;
            case DELETE -> Phase.DELETING;
            case SAVEPOINT -> Phase.SAVEPOINTING;
            case ROLLBACK -> Phase.ROLLING_BACK;
            default -> Phase.UPGRADING;
        };
    }

    public OperationRecord atStep(String newStep, String savepointPath) {
        return new OperationRecord(type, newStep, targetCommit, targetHash, mode, triggerId, fromJobId, savepointPath, startedAt);
    }

    /** Still CANCELLING: {@code path} read as the final checkpoint at {@code readAt}, to be confirmed by a later read. */
    public OperationRecord withCheckpointCandidate(String path, String readAt) {
        return new OperationRecord(type, step, targetCommit, targetHash, mode, triggerId, fromJobId, path, startedAt, readAt);
    }
}
