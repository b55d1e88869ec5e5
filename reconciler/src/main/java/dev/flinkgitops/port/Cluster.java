package dev.flinkgitops.port;

/** One Flink cluster the daemon can reach, by the name specs use for it. */
public record Cluster(String name, String restUrl, FlinkJobs jobs, FlinkSavepoints savepoints, FlinkCheckpoints checkpoints,
        FlinkRescale rescale) {

    /** A cluster that never rescales in place. */
    public Cluster(String name, String restUrl, FlinkJobs jobs, FlinkSavepoints savepoints, FlinkCheckpoints checkpoints) {
        this(name, restUrl, jobs, savepoints, checkpoints, FlinkRescale.UNSUPPORTED);
    }
}
