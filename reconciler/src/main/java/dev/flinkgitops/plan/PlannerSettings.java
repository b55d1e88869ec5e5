package dev.flinkgitops.plan;

import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.appspec.Kind;
import dev.flinkgitops.port.ClusterName;
import dev.flinkgitops.port.KubeRendering;

import java.time.Duration;

/**
 * The daemon settings the planner needs.
 *
 * @param defaultCluster the session cluster FlinkDeployments run on without Kubernetes
 * @param defaultSavepointDir where savepoints go when a spec sets no {@code state.savepoints.dir}
 *     (a per-app directory below it), or null
 * @param retryBase first wait before a BLOCKED app is tried again; doubles per failure
 * @param retryMax the longest wait
 * @param savepointTimeout how long a savepoint may take before the status says it is overdue
 *     (the daemon keeps waiting for Flink to complete or fail it: it never loses track of a stop)
 * @param maxAttempts failures of one spec before the daemon stops retrying it (STALLED until a newer commit)
 * @param kubernetes FlinkDeployments run as their own clusters on Kubernetes (else on {@code defaultCluster})
 * @param rendering what a FlinkDeployment becomes on Kubernetes (object identities and content hashes),
 *     for drift; given by the Kubernetes adapter ({@link #withRendering}), none without {@code kubernetes}
 * @param driftReplaceInterval the shortest time between two replacements of an app's JobManager for
 *     drift ({@link #DRIFT_REPLACE_INTERVAL} when not given)
 */
public record PlannerSettings(String defaultCluster, String defaultSavepointDir, Duration retryBase, Duration retryMax,
        Duration savepointTimeout, int maxAttempts, boolean kubernetes, KubeRendering rendering,
        Duration driftReplaceInterval) {

    /** The default of {@code driftReplaceInterval}. */
    public static final Duration DRIFT_REPLACE_INTERVAL = Duration.ofMinutes(10);

    public PlannerSettings {
        rendering = rendering == null ? KubeRendering.none() : rendering;
        driftReplaceInterval = driftReplaceInterval == null ? DRIFT_REPLACE_INTERVAL : driftReplaceInterval;
    }

    public PlannerSettings(String defaultCluster, String defaultSavepointDir, Duration retryBase, Duration retryMax,
            Duration savepointTimeout, int maxAttempts, boolean kubernetes) {
        this(defaultCluster, defaultSavepointDir, retryBase, retryMax, savepointTimeout, maxAttempts, kubernetes, null, null);
    }

    /** These settings with the Kubernetes adapter's rendering (needed with {@code kubernetes}). */
    public PlannerSettings withRendering(KubeRendering rendering) {
        return new PlannerSettings(defaultCluster, defaultSavepointDir, retryBase, retryMax, savepointTimeout, maxAttempts,
                kubernetes, rendering, driftReplaceInterval);
    }

    /** These settings with another rate limit on JobManager replacements for drift. */
    public PlannerSettings withDriftReplaceInterval(Duration interval) {
        return new PlannerSettings(defaultCluster, defaultSavepointDir, retryBase, retryMax, savepointTimeout, maxAttempts,
                kubernetes, rendering, interval);
    }

    /**
     * The Flink cluster an app's job runs on: a FlinkSessionJob's {@code deploymentName} (on
     * Kubernetes, that FlinkDeployment in the same namespace); a FlinkDeployment's own cluster on
     * Kubernetes, else the default session cluster.
     */
    public String clusterOf(AppSpec spec) {
        if (spec.kind() == Kind.FLINK_SESSION_JOB) {
            return kubernetes ? ClusterName.kubernetes(new AppId(spec.id().namespace(), spec.deploymentName())).value()
                    : spec.deploymentName();
        }
        return kubernetes ? ClusterName.kubernetes(spec.id()).value() : defaultCluster;
    }

    /** True when the app is a FlinkDeployment the daemon deploys on Kubernetes. */
    public boolean onKubernetes(AppSpec spec) {
        return kubernetes && spec.kind() == Kind.FLINK_DEPLOYMENT;
    }

    public String savepointDirectory(AppId app, AppSpec spec) {
        if (spec != null && spec.savepointDirectory() != null) {
            return spec.savepointDirectory();
        }
        if (defaultSavepointDir == null) {
            return null;
        }
        return defaultSavepointDir.replaceAll("/+$", "") + "/" + app.namespace() + "/" + app.name();
    }

    /**
     * The format an app's savepoints and stops ask Flink for ({@code kubernetes.operator.savepoint.format.type}),
     * or null for Flink's default (canonical).
     */
    public static dev.flinkgitops.appspec.SavepointFormat savepointFormat(AppSpec spec) {
        return spec == null ? null : spec.operatorSettings().savepointFormat();
    }

    /** The wait before attempt {@code attempts + 1}. */
    public Duration retryDelay(int attempts) {
        Duration delay = retryBase;
        for (int i = 1; i < attempts && delay.compareTo(retryMax) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(retryMax) > 0 ? retryMax : delay;
    }
}
