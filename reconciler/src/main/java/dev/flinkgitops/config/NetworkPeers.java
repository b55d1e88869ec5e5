package dev.flinkgitops.config;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Who may reach a Flink cluster's pods on Kubernetes, beyond the app's own pods: the NetworkPolicy
 * rendered per app admits the REST port from the daemon's pods and, for an app with {@code
 * spec.ingress}, from the ingress controller's namespace. The daemon ({@code run}) and {@code plan} read
 * the same settings, so both render the same NetworkPolicy.
 *
 * @param daemonNamespace the namespace the daemon runs in (matched by its {@code kubernetes.io/metadata.name}
 *     label, which the API server sets on every namespace)
 * @param daemonLabels labels of the daemon's pods (deploy/ gives them {@code app.kubernetes.io/instance=flink-gitops})
 * @param ingressNamespace the ingress controller's namespace, or null: then an app's Ingress cannot reach
 *     its REST port until the user adds a NetworkPolicy admitting the controller
 */
public record NetworkPeers(String daemonNamespace, Map<String, String> daemonLabels, String ingressNamespace) {

    /** deploy/: the namespace flink-gitops, pods labelled {@code app.kubernetes.io/instance=flink-gitops}. */
    public static final NetworkPeers DEFAULTS = new NetworkPeers("flink-gitops",
            Map.of("app.kubernetes.io/instance", "flink-gitops"), null);

    public NetworkPeers {
        Objects.requireNonNull(daemonNamespace, "daemonNamespace");
        if (daemonNamespace.isBlank()) {
            throw new IllegalArgumentException("the daemon's namespace must not be blank");
        }
        if (daemonLabels == null || daemonLabels.isEmpty()) {
            // An empty pod selector would admit every pod of the daemon's namespace: say which pods.
            throw new IllegalArgumentException("the daemon's pod labels must name at least one label");
        }
        daemonLabels = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(daemonLabels));
        ingressNamespace = ingressNamespace == null || ingressNamespace.isBlank() ? null : ingressNamespace;
    }
}
