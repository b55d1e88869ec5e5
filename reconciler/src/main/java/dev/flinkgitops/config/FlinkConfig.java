package dev.flinkgitops.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Where jobs run and how the daemon talks to Flink.
 *
 * @param clusters session cluster name to REST URL; empty (and no Kubernetes): start an embedded cluster
 * @param defaultCluster the cluster a FlinkDeployment's job runs on without Kubernetes
 * @param embeddedPort the embedded cluster's REST and web UI port on 127.0.0.1 (0: any free one)
 * @param embeddedSlots task slots of the embedded cluster
 * @param savepointDir default savepoint directory (per app below it), or null: for the embedded
 *     cluster, {@code workDir/savepoints}
 * @param jarDirs where {@code local://} jars are looked up by file name
 * @param timeout the time-out of each Flink REST call
 */
public record FlinkConfig(Map<String, URI> clusters, String defaultCluster, int embeddedPort, int embeddedSlots,
        String savepointDir, List<Path> jarDirs, Duration timeout) {

    /** No session cluster (an embedded one on port 8081 with 8 slots), 10 s per REST call. */
    public static final FlinkConfig DEFAULTS =
            new FlinkConfig(Map.of(), "default", 8081, 8, null, List.of(), Duration.ofSeconds(10));

    public FlinkConfig {
        clusters = Map.copyOf(clusters);
        jarDirs = List.copyOf(jarDirs);
    }

    public FlinkConfig withClusters(Map<String, URI> clusters) {
        return new FlinkConfig(clusters, defaultCluster, embeddedPort, embeddedSlots, savepointDir, jarDirs, timeout);
    }

    public FlinkConfig withDefaultCluster(String defaultCluster) {
        return new FlinkConfig(clusters, defaultCluster, embeddedPort, embeddedSlots, savepointDir, jarDirs, timeout);
    }

    /** The embedded cluster's port and task slots. */
    public FlinkConfig withEmbedded(int embeddedPort, int embeddedSlots) {
        return new FlinkConfig(clusters, defaultCluster, embeddedPort, embeddedSlots, savepointDir, jarDirs, timeout);
    }

    public FlinkConfig withSavepointDir(String savepointDir) {
        return new FlinkConfig(clusters, defaultCluster, embeddedPort, embeddedSlots, savepointDir, jarDirs, timeout);
    }

    public FlinkConfig withJarDirs(List<Path> jarDirs) {
        return new FlinkConfig(clusters, defaultCluster, embeddedPort, embeddedSlots, savepointDir, jarDirs, timeout);
    }

    public FlinkConfig withTimeout(Duration timeout) {
        return new FlinkConfig(clusters, defaultCluster, embeddedPort, embeddedSlots, savepointDir, jarDirs, timeout);
    }
}
