package dev.flinkgitops.port;

/** Checkpoints of the jobs on one Flink cluster. */
public interface FlinkCheckpoints {

    /** The job's checkpoint counts, latest completed checkpoint and retention. */
    CheckpointInfo checkpoints(String jobId);
}
