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
 * @param podForbid what pod templates may not set (the names of validate's PodPolicy: privileged, hostPath,
 *     hostNetwork, hostPID, hostIPC, addedCapabilities); empty allows everything
 * @param networkPeers who besides an app's own pods may reach them (its NetworkPolicy)
 */
public record KubeConfig(Set<String> namespaces, String restAccess, String leaseName, String leaseNamespace,
        Set<String> podForbid, NetworkPeers networkPeers) {

    /** The pod-template policy's default: privileged, hostPath, hostNetwork, hostPID and added capabilities. */
    public static final Set<String> DEFAULT_POD_FORBID =
            Set.of("privileged", "hostPath", "hostNetwork", "hostPID", "addedCapabilities");

    /** Any namespace, REST access found out at start, the Lease flink-gitops in namespace default. */
    public static final KubeConfig DEFAULTS = new KubeConfig(Set.of(), "auto", "flink-gitops", "default");

    public KubeConfig {
        namespaces = Set.copyOf(namespaces);
        podForbid = Set.copyOf(podForbid);
        networkPeers = networkPeers == null ? NetworkPeers.DEFAULTS : networkPeers;
    }

    /** With the NetworkPolicy peers of deploy/. */
    public KubeConfig(Set<String> namespaces, String restAccess, String leaseName, String leaseNamespace,
            Set<String> podForbid) {
        this(namespaces, restAccess, leaseName, leaseNamespace, podForbid, NetworkPeers.DEFAULTS);
    }

    /** With the default pod-template policy. */
    public KubeConfig(Set<String> namespaces, String restAccess, String leaseName, String leaseNamespace) {
        this(namespaces, restAccess, leaseName, leaseNamespace, DEFAULT_POD_FORBID);
    }

    public KubeConfig withNamespaces(Set<String> namespaces) {
        return new KubeConfig(namespaces, restAccess, leaseName, leaseNamespace, podForbid, networkPeers);
    }
}
