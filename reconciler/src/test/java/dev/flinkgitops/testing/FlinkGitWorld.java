package dev.flinkgitops.testing;

import dev.flinkgitops.flink.EmbeddedFlinkCluster;
import dev.flinkgitops.flink.FlinkRestClient;
import dev.flinkgitops.port.JobState;
import dev.flinkgitops.port.JobSummary;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The real parts the daemon's integration tests share: a {@code git daemon} on 127.0.0.1 and a
 * Flink cluster (embedded, in the test JVM) that the daemon reaches over REST.
 */
public final class FlinkGitWorld implements AutoCloseable {

    private final Path root;
    private final GitServer git;
    private final EmbeddedFlinkCluster cluster;
    private final FlinkRestClient flink;

    private FlinkGitWorld(Path root, GitServer git, EmbeddedFlinkCluster cluster) {
        this.root = root;
        this.git = git;
        this.cluster = cluster;
        this.flink = new FlinkRestClient(cluster.restUrl(), Duration.ofSeconds(10));
    }

    public static FlinkGitWorld start(Path root) {
        return start(root, false);
    }

    /** @param adaptiveScheduler the cluster runs Flink's adaptive scheduler (rescales in place) */
    public static FlinkGitWorld start(Path root, boolean adaptiveScheduler) {
        GitServer git = GitServer.start(root.resolve("git"));
        EmbeddedFlinkCluster cluster = EmbeddedFlinkCluster.start(EmbeddedFlinkCluster.Settings.defaults(root.resolve("flink"))
                .withPort(0).withTaskSlots(16).withAdaptiveScheduler(adaptiveScheduler));
        return new FlinkGitWorld(root, git, cluster);
    }

    /** A fresh repository, work directory and daemon for one test. */
    public Scenario scenario(String name, String savepointDir) {
        return scenario(name, savepointDir, url -> url);
    }

    /** As above, with the daemon given {@code daemonUrl} of the repository's URL (to add user info, say). */
    public Scenario scenario(String name, String savepointDir, java.util.function.UnaryOperator<String> daemonUrl) {
        return Scenario.create(this, root.resolve(name), name, savepointDir, daemonUrl, cluster.restUrl(),
                Duration.ofSeconds(10), Duration.ofSeconds(10));
    }

    /**
     * As {@link #scenario(String, String)}, with the daemon reaching Flink at {@code flinkUrl} (a
     * proxy in front of this cluster), each Flink call bounded by {@code flinkTimeout}, and the
     * repository polled every {@code pollInterval} when the daemon loop runs.
     */
    public Scenario scenario(String name, String savepointDir, URI flinkUrl, Duration flinkTimeout, Duration pollInterval) {
        return Scenario.create(this, root.resolve(name), name, savepointDir, url -> url, flinkUrl, flinkTimeout, pollInterval);
    }

    public GitServer git() {
        return git;
    }

    public EmbeddedFlinkCluster cluster() {
        return cluster;
    }

    public FlinkRestClient flink() {
        return flink;
    }

    /** The job's state as Flink lists it, or UNKNOWN when Flink does not know it. */
    public JobState state(String jobId) {
        return flink.listJobs().stream().filter(j -> j.id().equals(jobId)).map(JobSummary::state).findFirst()
                .orElse(JobState.UNKNOWN);
    }

    public long runningJobs() {
        return flink.listJobs().stream().filter(j -> !j.state().terminal()).count();
    }

    /** Cancels every job still running (between tests). */
    public void cancelAll() {
        for (JobSummary job : flink.listJobs()) {
            if (!job.state().terminal()) {
                flink.cancel(job.id());
            }
        }
    }

    @Override
    public void close() {
        cluster.close();
        git.close();
    }
}
