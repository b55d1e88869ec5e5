package dev.flinkgitops.kube;

import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.config.NetworkPeers;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The NetworkPolicy of an app: it selects the app's pods (JobManager and TaskManagers) and admits
 * <ul>
 *   <li>every port from the app's own pods: RPC, blob and the TaskManagers' data exchange
 *       ({@code taskmanager.data.port} is random by default, so a rule naming only the RPC and blob ports
 *       would break the shuffle between TaskManagers);</li>
 *   <li>the REST port from the daemon's pods ({@link NetworkPeers}: namespace and labels);</li>
 *   <li>with {@code spec.ingress} and an ingress-controller namespace configured, the REST port from that
 *       namespace.</li>
 * </ul>
 * Anything else (other pods, other namespaces, the jar upload through REST) is refused. Egress is not
 * restricted: Flink reaches its savepoint storage, Kubernetes API (HA) and sinks. Traffic from the node
 * (the kubelet's probes) is always allowed by Kubernetes.
 */
final class NetworkPolicyRender {

    /** Set by the API server on every namespace (Kubernetes 1.21+). */
    static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

    private NetworkPolicyRender() {}

    static NetworkPolicy of(AppSpec spec, int restPort, NetworkPeers peers) {
        Map<String, String> appPods = KubeLabels.selector(spec.id());
        List<NetworkPolicyIngressRule> rules = new ArrayList<>();
        rules.add(new NetworkPolicyIngressRuleBuilder()
                .withFrom(new NetworkPolicyPeerBuilder().withPodSelector(selector(appPods)).build())
                .build());
        rules.add(restFrom(restPort, new NetworkPolicyPeerBuilder()
                .withNamespaceSelector(selector(Map.of(NAMESPACE_NAME_LABEL, peers.daemonNamespace())))
                .withPodSelector(selector(peers.daemonLabels()))
                .build()));
        if (spec.resource().path("spec").path("ingress").isObject() && peers.ingressNamespace() != null) {
            rules.add(restFrom(restPort, new NetworkPolicyPeerBuilder()
                    .withNamespaceSelector(selector(Map.of(NAMESPACE_NAME_LABEL, peers.ingressNamespace())))
                    .build()));
        }
        NetworkPolicy policy = new NetworkPolicyBuilder()
                .withNewMetadata().withName(KubeLabels.networkPolicyName(spec.id())).withNamespace(spec.id().namespace())
                .endMetadata()
                .withNewSpec()
                .withPodSelector(selector(appPods))
                .withPolicyTypes("Ingress")
                .withIngress(rules)
                .endSpec()
                .build();
        KubeLabels.stamp(policy, spec.id(), KubeLabels.NETWORK_POLICY, spec.hash());
        return policy;
    }

    private static NetworkPolicyIngressRule restFrom(int restPort, NetworkPolicyPeer peer) {
        return new NetworkPolicyIngressRuleBuilder()
                .withFrom(peer)
                .addNewPort().withProtocol("TCP").withPort(new IntOrString(restPort)).endPort()
                .build();
    }

    private static LabelSelector selector(Map<String, String> labels) {
        return new LabelSelectorBuilder().withMatchLabels(new java.util.TreeMap<>(labels)).build();
    }
}
