package dev.flinkgitops.plan;

import dev.flinkgitops.spec.AppId;
import dev.flinkgitops.spec.AppSpec;
import dev.flinkgitops.spec.Kind;

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
 */
public record PlannerSettings(String defaultCluster, String defaultSavepointDir, Duration retryBase, Duration retryMax,
        Duration savepointTimeout, int maxAttempts) {

    public String clusterOf(AppSpec spec) {
        return spec.kind() == Kind.FLINK_SESSION_JOB ? spec.deploymentName() : defaultCluster;
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

    /** The wait before attempt {@code attempts + 1}. */
    public Duration retryDelay(int attempts) {
        Duration delay = retryBase;
        for (int i = 1; i < attempts && delay.compareTo(retryMax) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(retryMax) > 0 ? retryMax : delay;
    }
}
