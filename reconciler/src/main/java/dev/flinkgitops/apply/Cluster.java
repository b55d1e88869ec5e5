package dev.flinkgitops.apply;

import dev.flinkgitops.flink.FlinkCheckpoints;
import dev.flinkgitops.flink.FlinkJobs;
import dev.flinkgitops.flink.FlinkSavepoints;

/** One Flink cluster the daemon can reach, by the name specs use for it. */
public record Cluster(String name, String restUrl, FlinkJobs jobs, FlinkSavepoints savepoints, FlinkCheckpoints checkpoints) {}
