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
 * @param embeddedAdaptive the embedded cluster runs Flink's adaptive scheduler, so that a change of
 *     {@code job.parallelism} alone rescales the running job in place (off: Flink's default scheduler)
 */
public record FlinkConfig(Map<String, URI> clusters, String defaultCluster, int embeddedPort, int embeddedSlots,
        String savepointDir, List<Path> jarDirs, Duration timeout, boolean embeddedAdaptive) {

    /** No session cluster (an embedded one on port 8081 with 8 slots), 10 s per REST call. */
    public static final FlinkConfig DEFAULTS =
            new FlinkConfig(Map.of(), "default", 8081, 8, null, List.of(), Duration.ofSeconds(10), false);

    public FlinkConfig {
        clusters = Map.copyOf(clusters);
        jarDirs = List.copyOf(jarDirs);
    }

    public FlinkConfig withClusters(Map<String, URI> clusters) {
        return new FlinkConfig(clusters, defaultCluster, embeddedPort, embeddedSlots, savepointDir, jarDirs, timeout, embeddedAdaptive);
    }

    public FlinkConfig withDefaultCluster(String defaultCluster) {
        return new FlinkConfig(clusters, defaultCluster, embeddedPort, embeddedSlots, savepointDir, jarDirs, timeout, embeddedAdaptive);
    }

    /** The embedded cluster's port and task slots. */
    public FlinkConfig withEmbedded(int embeddedPort, int embeddedSlots) {
        return new FlinkConfig(clusters, defaultCluster, embeddedPort, embeddedSlots, savepointDir, jarDirs, timeout, embeddedAdaptive);
    }

    public FlinkConfig withSavepointDir(String savepointDir) {
        return new FlinkConfig(clusters, defaultCluster, embeddedPort, embeddedSlots, savepointDir, jarDirs, timeout, embeddedAdaptive);
    }

    public FlinkConfig withJarDirs(List<Path> jarDirs) {
        return new FlinkConfig(clusters, defaultCluster, embeddedPort, embeddedSlots, savepointDir, jarDirs, timeout, embeddedAdaptive);
    }

    /** The embedded cluster with Flink's adaptive scheduler (rescales in place) or its default one. */
    public FlinkConfig withEmbeddedAdaptive(boolean adaptive) {
        return new FlinkConfig(clusters, defaultCluster, embeddedPort, embeddedSlots, savepointDir, jarDirs, timeout, adaptive);
    }

    public FlinkConfig withTimeout(Duration timeout) {
        return new FlinkConfig(clusters, defaultCluster, embeddedPort, embeddedSlots, savepointDir, jarDirs, timeout, embeddedAdaptive);
    }
}
