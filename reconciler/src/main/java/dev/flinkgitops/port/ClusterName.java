package dev.flinkgitops.port;

import dev.flinkgitops.appspec.AppId;

import java.util.Objects;

/**
 * The name of a Flink cluster as specs, plans and the status branch write it: a configured session
 * cluster's name, or {@code k8s/<namespace>/<name>} for a FlinkDeployment on Kubernetes (its own
 * cluster, reached through its REST Service). The status files keep the plain string; this value
 * is the one place that builds and reads it.
 */
public record ClusterName(String value) {

    /** The prefix of the names of clusters that are FlinkDeployments on Kubernetes. */
    private static final String KUBERNETES = "k8s/";

    public ClusterName {
        Objects.requireNonNull(value, "value");
    }

    public static ClusterName of(String value) {
        return new ClusterName(value);
    }

    /** The cluster of the FlinkDeployment {@code app} on Kubernetes. */
    public static ClusterName kubernetes(AppId app) {
        return new ClusterName(KUBERNETES + app.namespace() + "/" + app.name());
    }

    /** True when {@code value} names a cluster on Kubernetes (false for null: no cluster). */
    public static boolean isKubernetes(String value) {
        return value != null && value.startsWith(KUBERNETES);
    }

    public boolean isKubernetes() {
        return isKubernetes(value);
    }

    /** The FlinkDeployment whose cluster this is; only for a Kubernetes name ({@link #isKubernetes()}). */
    public AppId app() {
        String[] parts = value.split("/");
        if (!isKubernetes() || parts.length != 3) {
            throw new IllegalArgumentException("not the name of a cluster on Kubernetes (k8s/<namespace>/<name>): " + value);
        }
        return new AppId(parts[1], parts[2]);
    }

    /** True when this is the Kubernetes cluster of {@code app}. */
    public boolean isClusterOf(AppId app) {
        return equals(kubernetes(app));
    }

    @Override
    public String toString() {
        return value;
    }
}
