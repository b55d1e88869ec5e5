package dev.flinkgitops.port;

import dev.flinkgitops.port.FlinkCheckpoints;
import dev.flinkgitops.port.FlinkJobs;
import dev.flinkgitops.port.FlinkSavepoints;

/** One Flink cluster the daemon can reach, by the name specs use for it. */
public record Cluster(String name, String restUrl, FlinkJobs jobs, FlinkSavepoints savepoints, FlinkCheckpoints checkpoints) {}
