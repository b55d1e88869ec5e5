package dev.flinkgitops.kube;

import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.config.NetworkPeers;
import dev.flinkgitops.port.Drift;
import dev.flinkgitops.port.RenderRequest;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The NetworkPolicy of every app: it selects the app's JobManager and TaskManager pods, admits every
 * port from those pods (RPC, blob and the random data port) and the REST port only from the daemon's
 * pods and, for an app with {@code spec.ingress}, from the configured ingress controller's namespace.
 * On fabric8's CRUD server: created with the app, no drift when re-read, deleted with the app.
 */
@EnableKubernetesMockClient(crud = true)
class NetworkPolicyTest {

    private static final AppId APP = new AppId("payments", "orders");
    private static final String JOB = """
              job:
                jarURI: local:///opt/flink/usrlib/job.jar
                upgradeMode: stateless
            """;
    private static final String INGRESS = "  ingress:\n    template: \"{{name}}.flink.example.com\"\n";
    private static final NetworkPeers WITH_CONTROLLER = new NetworkPeers("ops", Map.of("team", "platform", "app", "gitops"),
            "ingress-nginx");

    KubernetesClient client;

    @Test
    void theAppsOwnPodsReachEveryPortAndOnlyTheDaemonReachesTheRestPort() {
        List<HasMetadata> objects = render("  image: flink:2.2-java17\n  flinkConfiguration:\n    rest.port: \"9091\"\n"
                + JOB, NetworkPeers.DEFAULTS);
        NetworkPolicy policy = policy(objects);
        assertEquals("orders-flink", policy.getMetadata().getName());
        assertEquals(List.of("Ingress"), policy.getSpec().getPolicyTypes(), "egress stays open (storage, sinks)");
        Map<String, String> appPods = Map.of("app.kubernetes.io/managed-by", "flink-gitops", "app.kubernetes.io/name", "orders");
        assertEquals(appPods, policy.getSpec().getPodSelector().getMatchLabels());
        for (int index : new int[] {2, 3}) {
            Map<String, String> podLabels = ((Deployment) objects.get(index)).getSpec().getTemplate().getMetadata().getLabels();
            assertTrue(podLabels.entrySet().containsAll(appPods.entrySet()), "the policy selects " + podLabels);
        }
        List<NetworkPolicyIngressRule> rules = policy.getSpec().getIngress();
        assertEquals(2, rules.size(), rules.toString());

        NetworkPolicyIngressRule own = rules.get(0);
        assertEquals(List.of(), own.getPorts(), "every port: taskmanager.data.port is random by default");
        assertEquals(appPods, own.getFrom().get(0).getPodSelector().getMatchLabels());
        assertNull(own.getFrom().get(0).getNamespaceSelector(), "the app's own namespace only");

        NetworkPolicyIngressRule daemon = rules.get(1);
        assertEquals(new IntOrString(9091), daemon.getPorts().get(0).getPort(), "the REST port the spec sets");
        assertEquals("TCP", daemon.getPorts().get(0).getProtocol(), "set, so the server's default is no drift");
        NetworkPolicyPeer peer = daemon.getFrom().get(0);
        assertEquals(Map.of("kubernetes.io/metadata.name", "flink-gitops"), peer.getNamespaceSelector().getMatchLabels());
        assertEquals(Map.of("app.kubernetes.io/instance", "flink-gitops"), peer.getPodSelector().getMatchLabels());
    }

    @Test
    void anIngressAdmitsTheControllersNamespaceToTheRestPortOnlyWhenItIsConfigured() {
        List<NetworkPolicyIngressRule> withIngress = policy(render("  image: flink:2.2-java17\n" + INGRESS + JOB,
                WITH_CONTROLLER)).getSpec().getIngress();
        assertEquals(3, withIngress.size(), withIngress.toString());
        assertEquals(Map.of("team", "platform", "app", "gitops"), withIngress.get(1).getFrom().get(0).getPodSelector().getMatchLabels());
        assertEquals(Map.of("kubernetes.io/metadata.name", "ops"),
                withIngress.get(1).getFrom().get(0).getNamespaceSelector().getMatchLabels());
        NetworkPolicyPeer controller = withIngress.get(2).getFrom().get(0);
        assertEquals(Map.of("kubernetes.io/metadata.name", "ingress-nginx"), controller.getNamespaceSelector().getMatchLabels());
        assertNull(controller.getPodSelector());
        assertEquals(new IntOrString(8081), withIngress.get(2).getPorts().get(0).getPort());

        assertEquals(2, policy(render("  image: flink:2.2-java17\n" + JOB, WITH_CONTROLLER)).getSpec().getIngress().size(),
                "no spec.ingress: the controller is not admitted");
        assertEquals(2, policy(render("  image: flink:2.2-java17\n" + INGRESS + JOB, NetworkPeers.DEFAULTS))
                .getSpec().getIngress().size(), "no controller namespace configured: the user adds a policy");
    }

    @Test
    void theDaemonsPodsMustBeNamedByAtLeastOneLabel() {
        assertThrows(IllegalArgumentException.class, () -> new NetworkPeers("flink-gitops", Map.of(), null),
                "an empty pod selector would admit every pod of the namespace");
        assertThrows(IllegalArgumentException.class, () -> new NetworkPeers(" ", Map.of("a", "b"), null));
        assertNull(new NetworkPeers("ns", Map.of("a", "b"), " ").ingressNamespace());
    }

    @Test
    void thePolicyIsAppliedWithTheAppReadWithoutDriftAndDeletedWithIt() {
        KubernetesTarget target = new KubernetesTarget(client, WITH_CONTROLLER);
        RenderRequest request = request("  image: flink:2.2-java17\n" + INGRESS + JOB);
        target.apply(APP, request);

        NetworkPolicy live = client.network().v1().networkPolicies().inNamespace("payments").withName("orders-flink").get();
        assertNotNull(live, "created");
        assertEquals(3, live.getSpec().getIngress().size());
        assertEquals(List.of(), Drift.detect(new Renderer(WITH_CONTROLLER).objects(request), target.managed(Set.of("payments")).get(APP)));
        assertEquals(List.of(new Drift("NetworkPolicy", "payments", "orders-flink", Drift.Reason.SPEC_CHANGED)),
                Drift.detect(new Renderer(NetworkPeers.DEFAULTS).objects(request), target.managed(Set.of("payments")).get(APP))
                        .stream().filter(d -> d.kind().equals("NetworkPolicy")).toList(),
                "plan with other peers than the daemon's would see a change: both read the same settings");

        target.remove(APP, false);
        assertNotNull(client.network().v1().networkPolicies().inNamespace("payments").withName("orders-flink").get(),
                "suspend keeps it");
        target.remove(APP, true);
        assertNull(client.network().v1().networkPolicies().inNamespace("payments").withName("orders-flink").get(), "deleted");
    }

    private static List<HasMetadata> render(String specYaml, NetworkPeers peers) {
        return Renderer.render(request(specYaml), peers);
    }

    private static RenderRequest request(String specYaml) {
        AppSpec spec = KubeFixtures.deployment(specYaml);
        return new RenderRequest(spec, KubeFixtures.JOB_ID, null, "s3://flink/savepoints/payments/orders");
    }

    private static NetworkPolicy policy(List<HasMetadata> objects) {
        return (NetworkPolicy) objects.get(objects.size() - 1);
    }
}
