package dev.flinkgitops.flink;

/** Checkpoints of the jobs on one Flink cluster. */
public interface FlinkCheckpoints {

    /** The job's checkpoint counts, latest completed checkpoint and retention. */
    CheckpointInfo checkpoints(String jobId);
}
