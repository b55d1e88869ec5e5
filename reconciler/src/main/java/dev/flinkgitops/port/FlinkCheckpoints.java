package dev.flinkgitops.port;

/** Checkpoints of the jobs on one Flink cluster. */
public interface FlinkCheckpoints {

    /** The job's checkpoint counts, latest completed checkpoint and retention. */
    CheckpointInfo checkpoints(String jobId);

    /**
     * A checkpoint on demand ({@code POST /jobs/:id/checkpoints}, Flink 1.17 or newer) under the caller's
     * trigger id, so that a repeated trigger is the same operation to Flink.
     *
     * @param checkpointType FULL or INCREMENTAL
     * @throws CheckpointsUnsupportedException when the cluster has no such call (Flink before 1.17)
     */
    void triggerCheckpoint(String jobId, String checkpointType, String triggerId);

    /**
     * The state of a triggered checkpoint ({@code GET /jobs/:id/checkpoints/:triggerId}); once completed,
     * its location is the checkpoint's external path, or null when Flink no longer tells it.
     */
    SavepointStatus checkpointStatus(String jobId, String triggerId);
}
