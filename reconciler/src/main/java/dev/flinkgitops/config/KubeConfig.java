package dev.flinkgitops.config;

import java.util.Set;

/**
 * The Kubernetes target: FlinkDeployments become JobManager/TaskManager Deployments, a ConfigMap
 * and a REST Service, applied by the daemon through the fabric8 client.
 *
 * @param namespaces the namespaces apps may use; empty allows any
 * @param restAccess how the daemon reaches each cluster's REST Service: {@code dns} (the daemon runs
 *     in the cluster), {@code port-forward} (it runs outside), or {@code auto} (dns when a service
 *     account token is mounted, else port-forward)
 * @param leaseName the Lease used for leader election (only the leader reconciles and writes status)
 * @param leaseNamespace the Lease's namespace
 */
public record KubeConfig(Set<String> namespaces, String restAccess, String leaseName, String leaseNamespace) {

    /** Any namespace, REST access found out at start, the Lease flink-gitops in namespace default. */
    public static final KubeConfig DEFAULTS = new KubeConfig(Set.of(), "auto", "flink-gitops", "default");

    public KubeConfig {
        namespaces = Set.copyOf(namespaces);
    }

    public KubeConfig withNamespaces(Set<String> namespaces) {
        return new KubeConfig(namespaces, restAccess, leaseName, leaseNamespace);
    }
}
