package dev.flinkgitops.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything the daemon is told at start.
 *
 * @param repoUrl the spec repository (a path, file://, git://, http(s)://, ssh://)
 * @param branch the branch whose specs are applied
 * @param paths folders (or files) in the repository that hold specs
 * @param statusBranch the branch the daemon writes status to
 * @param pollInterval how often the repository is fetched when nothing is in flight
 * @param fastInterval how often it ticks while an operation is in flight
 * @param workDir the daemon's own files: git mirror, jar cache, embedded cluster
 * @param clusters session cluster name to REST URL; empty means: start an embedded cluster
 * @param defaultCluster the cluster a FlinkDeployment's job runs on without Kubernetes
 * @param embeddedPort the embedded cluster's REST and web UI port on 127.0.0.1 (0: any free one)
 * @param embeddedSlots task slots of the embedded cluster
 * @param savepointDir default savepoint directory (per app below it), or null: for the embedded
 *     cluster, {@code workDir/savepoints}
 * @param jarDirs where {@code local://} jars are looked up by file name
 * @param gitUsername user name sent with a token over HTTPS
 * @param gitTokenEnv environment variable holding the git token, or null
 * @param gitTokenFile file holding the git token, or null
 * @param gitSshKey private key file for {@code ssh://} remotes, or null
 * @param gitKnownHosts known_hosts file holding the SSH server's host key, or null
 * @param flinkTimeout the time-out of each Flink REST call
 * @param maxDeletionShare the largest share of live apps one commit may remove without the
 *     {@code Allow-Mass-Deletion: true} trailer
 * @param kubernetes the Kubernetes target, or null when FlinkDeployments run on session clusters
 * @param tenants spec folder to the namespaces its files may use (see {@code validate.Tenancy}); empty: any
 */
public record DaemonConfig(
        String repoUrl,
        String branch,
        List<String> paths,
        String statusBranch,
        Duration pollInterval,
        Duration fastInterval,
        Path workDir,
        Map<String, URI> clusters,
        String defaultCluster,
        int embeddedPort,
        int embeddedSlots,
        String savepointDir,
        List<Path> jarDirs,
        String gitUsername,
        String gitTokenEnv,
        Path gitTokenFile,
        Path gitSshKey,
        Path gitKnownHosts,
        Duration flinkTimeout,
        double maxDeletionShare,
        KubeConfig kubernetes,
        Map<String, List<String>> tenants) {

    public DaemonConfig {
        paths = List.copyOf(paths);
        tenants = Map.copyOf(tenants);
        clusters = Map.copyOf(clusters);
        jarDirs = List.copyOf(jarDirs);
    }

    /** Without tenants. */
    public DaemonConfig(String repoUrl, String branch, List<String> paths, String statusBranch, Duration pollInterval,
            Duration fastInterval, Path workDir, Map<String, URI> clusters, String defaultCluster, int embeddedPort,
            int embeddedSlots, String savepointDir, List<Path> jarDirs, String gitUsername, String gitTokenEnv,
            Path gitTokenFile, Path gitSshKey, Path gitKnownHosts, Duration flinkTimeout, double maxDeletionShare,
            KubeConfig kubernetes) {
        this(repoUrl, branch, paths, statusBranch, pollInterval, fastInterval, workDir, clusters, defaultCluster, embeddedPort,
                embeddedSlots, savepointDir, jarDirs, gitUsername, gitTokenEnv, gitTokenFile, gitSshKey, gitKnownHosts,
                flinkTimeout, maxDeletionShare, kubernetes, Map.of());
    }

    /** No session cluster configured and no Kubernetes target: the daemon starts an embedded cluster. */
    public boolean embedded() {
        return clusters.isEmpty() && kubernetes == null;
    }
}
