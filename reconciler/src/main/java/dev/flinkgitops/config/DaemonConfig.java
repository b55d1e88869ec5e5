package dev.flinkgitops.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Everything the daemon is told at start, grouped by what it concerns. The defaults live here
 * (and in each part's {@code DEFAULTS}) and nowhere else: the command line starts from them. A
 * new concern (notifications, say) is one more part.
 *
 * @param git the spec repository and its credentials
 * @param flink where jobs run
 * @param timing the loop's intervals and the planner's patience
 * @param kubernetes the Kubernetes target, or null when FlinkDeployments run on session clusters
 * @param http the HTTP endpoints
 * @param workDir the daemon's own files: git mirror, jar cache, embedded cluster
 * @param maxDeletionShare the largest share of live apps one commit may remove without the
 *     {@code Allow-Mass-Deletion: true} trailer
 * @param tenants spec folder to the namespaces its files may use (see {@code validate.Tenancy}); empty: any
 * @param notifications where notifications of outcomes go
 * @param stateCheck whether an upgrade's new version is checked against the restore point's state before the
 *     stop (off: every upgrade's status says "state compatibility not checked: turned off with --no-state-check")
 */
public record DaemonConfig(GitConfig git, FlinkConfig flink, TimingConfig timing, KubeConfig kubernetes, HttpConfig http,
        Path workDir, double maxDeletionShare, Map<String, List<String>> tenants, NotifyConfig notifications,
        boolean stateCheck) {

    /** The work directory when none is given, relative to where the daemon starts. */
    public static final Path DEFAULT_WORK_DIR = Path.of(".flink-gitops");

    /** At most half of the live apps may go in one commit without the trailer. */
    public static final double DEFAULT_MAX_DELETION_SHARE = 0.5;

    public DaemonConfig {
        tenants = Map.copyOf(tenants);
    }

    /** The defaults for a spec repository: an embedded cluster, no Kubernetes, no tenants, no notifications, the state check on. */
    public static DaemonConfig of(String repoUrl) {
        return new DaemonConfig(GitConfig.of(repoUrl), FlinkConfig.DEFAULTS, TimingConfig.DEFAULTS, null, HttpConfig.DEFAULTS,
                DEFAULT_WORK_DIR, DEFAULT_MAX_DELETION_SHARE, Map.of(), NotifyConfig.NONE, true);
    }

    /** No session cluster configured and no Kubernetes target: the daemon starts an embedded cluster. */
    public boolean embedded() {
        return flink.clusters().isEmpty() && kubernetes == null;
    }

    public DaemonConfig withGit(UnaryOperator<GitConfig> change) {
        return new DaemonConfig(change.apply(git), flink, timing, kubernetes, http, workDir, maxDeletionShare, tenants,
                notifications, stateCheck);
    }

    public DaemonConfig withFlink(UnaryOperator<FlinkConfig> change) {
        return new DaemonConfig(git, change.apply(flink), timing, kubernetes, http, workDir, maxDeletionShare, tenants,
                notifications, stateCheck);
    }

    public DaemonConfig withTiming(UnaryOperator<TimingConfig> change) {
        return new DaemonConfig(git, flink, change.apply(timing), kubernetes, http, workDir, maxDeletionShare, tenants,
                notifications, stateCheck);
    }

    /** With a Kubernetes target (or none, for null). */
    public DaemonConfig withKubernetes(KubeConfig kubernetes) {
        return new DaemonConfig(git, flink, timing, kubernetes, http, workDir, maxDeletionShare, tenants, notifications, stateCheck);
    }

    public DaemonConfig withHttp(HttpConfig http) {
        return new DaemonConfig(git, flink, timing, kubernetes, http, workDir, maxDeletionShare, tenants, notifications, stateCheck);
    }

    public DaemonConfig withWorkDir(Path workDir) {
        return new DaemonConfig(git, flink, timing, kubernetes, http, workDir, maxDeletionShare, tenants, notifications, stateCheck);
    }

    public DaemonConfig withMaxDeletionShare(double maxDeletionShare) {
        return new DaemonConfig(git, flink, timing, kubernetes, http, workDir, maxDeletionShare, tenants, notifications, stateCheck);
    }

    public DaemonConfig withNotifications(NotifyConfig notifications) {
        return new DaemonConfig(git, flink, timing, kubernetes, http, workDir, maxDeletionShare, tenants, notifications, stateCheck);
    }

    public DaemonConfig withTenants(Map<String, List<String>> tenants) {
        return new DaemonConfig(git, flink, timing, kubernetes, http, workDir, maxDeletionShare, tenants, notifications, stateCheck);
    }

    /** With the state-compatibility check before an upgrade's stop on (the default) or off. */
    public DaemonConfig withStateCheck(boolean stateCheck) {
        return new DaemonConfig(git, flink, timing, kubernetes, http, workDir, maxDeletionShare, tenants, notifications,
                stateCheck);
    }
}
