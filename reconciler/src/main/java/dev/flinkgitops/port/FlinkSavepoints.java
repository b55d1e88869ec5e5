package dev.flinkgitops.port;

import dev.flinkgitops.appspec.SavepointFormat;

/**
 * Savepoints on one Flink cluster. Trigger ids are chosen by the caller so that a repeated
 * trigger (after a crash or a lost answer) is the same operation to Flink. A {@code format} of
 * null leaves the savepoint format to Flink (canonical); otherwise it is sent as {@code formatType}.
 */
public interface FlinkSavepoints {

    /** Stop-with-savepoint ({@code POST /jobs/:id/stop}), atomic: the job stops only if the savepoint completes. */
    void stopWithSavepoint(String jobId, String targetDirectory, String triggerId, SavepointFormat format);

    /** A savepoint without stopping ({@code POST /jobs/:id/savepoints}). */
    void triggerSavepoint(String jobId, String targetDirectory, String triggerId, SavepointFormat format);

    /** As {@link #stopWithSavepoint(String, String, String, SavepointFormat)} in Flink's default format. */
    default void stopWithSavepoint(String jobId, String targetDirectory, String triggerId) {
        stopWithSavepoint(jobId, targetDirectory, triggerId, null);
    }

    /** As {@link #triggerSavepoint(String, String, String, SavepointFormat)} in Flink's default format. */
    default void triggerSavepoint(String jobId, String targetDirectory, String triggerId) {
        triggerSavepoint(jobId, targetDirectory, triggerId, null);
    }

    /** The state of a triggered savepoint or stop ({@code GET /jobs/:id/savepoints/:triggerId}). */
    SavepointStatus savepointStatus(String jobId, String triggerId);

    /**
     * Disposes a savepoint ({@code POST /savepoint-disposal}, then its status until it is done,
     * bounded by {@code timeout}). Throws {@link FlinkException} when Flink reports a failure.
     */
    void dispose(String path, java.time.Duration timeout);
}
