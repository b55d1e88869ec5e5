package dev.flinkgitops.cli;

import dev.flinkgitops.config.DaemonConfig;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The daemon's settings as command-line options, shared by {@code run} and {@code demo}. */
final class DaemonOptions {

    @Option(names = "--branch", defaultValue = "main", description = "Branch whose specs are applied (default: ${DEFAULT-VALUE}).")
    String branch;

    @Option(names = "--path", defaultValue = "apps", split = ",",
            description = "Folders or files in the repository holding specs (default: ${DEFAULT-VALUE}).")
    List<String> paths;

    @Option(names = "--status-branch", defaultValue = "status",
            description = "Branch the daemon writes status to (default: ${DEFAULT-VALUE}).")
    String statusBranch;

    @Option(names = "--interval", defaultValue = "10s", converter = DurationConverter.class,
            description = "Poll interval when nothing is in flight, e.g. 10s, 1m (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--fast-interval", defaultValue = "250ms", converter = DurationConverter.class,
            description = "Tick interval while an operation is in flight (default: ${DEFAULT-VALUE}).")
    Duration fastInterval;

    @Option(names = "--work-dir", defaultValue = ".flink-gitops",
            description = "The daemon's own files: git mirror, jar cache, embedded cluster (default: ${DEFAULT-VALUE}).")
    Path workDir;

    @Option(names = "--cluster", paramLabel = "NAME=URL", split = ",",
            description = "A session cluster's REST URL, by the name specs use (spec.deploymentName). Repeatable. "
                    + "Without any, the daemon starts an embedded Flink cluster and runs every job there.")
    Map<String, URI> clusters = new LinkedHashMap<>();

    @Option(names = "--default-cluster", defaultValue = "default",
            description = "Cluster for FlinkDeployment jobs when Kubernetes is not used (default: ${DEFAULT-VALUE}).")
    String defaultCluster;

    @Option(names = "--embedded-port", defaultValue = "8081",
            description = "Embedded cluster REST/web UI port on 127.0.0.1; 0 for any free port (default: ${DEFAULT-VALUE}).")
    int embeddedPort;

    @Option(names = "--embedded-slots", defaultValue = "8", description = "Task slots of the embedded cluster (default: ${DEFAULT-VALUE}).")
    int embeddedSlots;

    @Option(names = "--savepoint-dir",
            description = "Default savepoint directory (a folder per app below it) for specs without state.savepoints.dir. "
                    + "Embedded default: WORK_DIR/savepoints.")
    String savepointDir;

    @Option(names = "--jar-dir", split = ",", description = "Folders where local:// jars are looked up by file name.")
    List<Path> jarDirs = new ArrayList<>();

    @Option(names = "--git-username", defaultValue = "git", description = "User name sent with the token over HTTPS (default: ${DEFAULT-VALUE}).")
    String gitUsername;

    @Option(names = "--git-token-env", paramLabel = "VAR", description = "Environment variable holding the HTTPS token or password.")
    String gitTokenEnv;

    @Option(names = "--git-token-file", paramLabel = "FILE", description = "File holding the HTTPS token or password.")
    Path gitTokenFile;

    @Option(names = "--git-ssh-key", paramLabel = "FILE",
            description = "Private key file (unencrypted) for an ssh:// repository; needs --git-known-hosts.")
    Path gitSshKey;

    @Option(names = "--git-known-hosts", paramLabel = "FILE",
            description = "known_hosts file with the SSH server's host key; any other host key is refused.")
    Path gitKnownHosts;

    @Option(names = "--flink-timeout", defaultValue = "10s", converter = DurationConverter.class,
            description = "Time-out of each Flink REST call (default: ${DEFAULT-VALUE}).")
    Duration flinkTimeout;

    @Option(names = "--max-deletion-share", defaultValue = "0.5",
            description = "Largest share of live apps one commit may remove; above it (or removing all), nothing is "
                    + "deleted until the commit has the trailer 'Allow-Mass-Deletion: true' (default: ${DEFAULT-VALUE}).")
    double maxDeletionShare;

    @Option(names = "--log-format", defaultValue = "text",
            description = "text (human-readable) or json (one object per line, with app and specCommit fields) (default: ${DEFAULT-VALUE}).")
    String logFormat;

    @Option(names = "--kubernetes", description = "Run FlinkDeployments as their own clusters on Kubernetes "
            + "(kubeconfig or in-cluster service account, as fabric8 finds them).")
    boolean kubernetes;

    @Option(names = "--namespace", split = ",", paramLabel = "NS",
            description = "With --kubernetes: the namespaces apps may use (a spec elsewhere is invalid). Default: any.")
    java.util.Set<String> namespaces = new java.util.TreeSet<>();

    @Option(names = "--rest-access", defaultValue = "auto",
            description = "With --kubernetes: reach each cluster's REST Service by dns, port-forward, or auto "
                    + "(dns inside a cluster, port-forward outside) (default: ${DEFAULT-VALUE}).")
    String restAccess;

    @Option(names = "--lease", defaultValue = "flink-gitops", description = "With --kubernetes: the leader-election Lease "
            + "name (default: ${DEFAULT-VALUE}); its namespace is --lease-namespace.")
    String leaseName;

    @Option(names = "--lease-namespace", defaultValue = "default",
            description = "With --kubernetes: the Lease's namespace (default: ${DEFAULT-VALUE}).")
    String leaseNamespace;

    @picocli.CommandLine.Mixin
    TenantOption tenant = new TenantOption();

    private dev.flinkgitops.config.KubeConfig kubeConfig() {
        return new dev.flinkgitops.config.KubeConfig(namespaces, restAccess, leaseName, leaseNamespace);
    }

    DaemonConfig toConfig(String repoUrl) {
        LogFormat.apply(logFormat);
        return build(repoUrl);
    }

    /** The settings as a DaemonConfig, without side effects. */
    DaemonConfig build(String repoUrl) {
        return new DaemonConfig(repoUrl, branch, paths, statusBranch, interval, fastInterval, workDir.toAbsolutePath(),
                clusters, defaultCluster, embeddedPort, embeddedSlots, savepointDir, jarDirs, gitUsername, gitTokenEnv,
                gitTokenFile, absolute(gitSshKey), absolute(gitKnownHosts), flinkTimeout, maxDeletionShare,
                kubernetes ? kubeConfig() : null, tenant.tenancy().namespacesByFolder());
    }

    private static Path absolute(Path path) {
        return path == null ? null : path.toAbsolutePath();
    }
}
