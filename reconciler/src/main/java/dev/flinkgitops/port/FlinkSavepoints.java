package dev.flinkgitops.port;

/**
 * Savepoints on one Flink cluster. Trigger ids are chosen by the caller so that a repeated
 * trigger (after a crash or a lost answer) is the same operation to Flink.
 */
public interface FlinkSavepoints {

    /** Stop-with-savepoint ({@code POST /jobs/:id/stop}), atomic: the job stops only if the savepoint completes. */
    void stopWithSavepoint(String jobId, String targetDirectory, String triggerId);

    /** A savepoint without stopping ({@code POST /jobs/:id/savepoints}). */
    void triggerSavepoint(String jobId, String targetDirectory, String triggerId);

    /** The state of a triggered savepoint or stop ({@code GET /jobs/:id/savepoints/:triggerId}). */
    SavepointStatus savepointStatus(String jobId, String triggerId);

    /**
     * Disposes a savepoint ({@code POST /savepoint-disposal}, then its status until it is done,
     * bounded by {@code timeout}). Throws {@link FlinkException} when Flink reports a failure.
     */
    void dispose(String path, java.time.Duration timeout);
}
