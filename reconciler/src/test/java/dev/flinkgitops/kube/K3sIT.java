package dev.flinkgitops.kube;

import dev.flinkgitops.port.Drift;

import dev.flinkgitops.testing.Await;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * KubeObjects, ManagedObjects and Leadership against a real kube-apiserver (k3s in Docker).
 *
 * <p><b>Never run yet.</b> It was written on a machine without Docker, where the whole class is
 * reported as skipped; it compiles with the normal build. The things the CRUD test server cannot
 * show and this suite is for: server-side defaulting (a second apply must still write nothing,
 * which depends on the content hasher ignoring defaulted fields), a Service update keeping its
 * cluster IP, deletion through the real API, and the Lease on a real coordination API.
 *
 * <p>Skipped with JUnit's {@code @EnabledIf} on Testcontainers' own Docker check instead of
 * {@code @Testcontainers(disabledWithoutDocker = true)}: that annotation lives in
 * {@code org.testcontainers:junit-jupiter}, which the build does not depend on yet.
 *
 * <p>TODO(upgrade): the full savepoint upgrade on Kubernetes, once the daemon's Kubernetes flow is
 * wired: render a FlinkDeployment spec with the official image (e.g. {@code flink:2.1-java17})
 * and the example job jar in the image or a volume, wait for the JobManager's REST endpoint
 * (port-forward to {@code <name>-rest}), see the job RUNNING, change {@code job.args} in git, and
 * check: a completed stop-with-savepoint, the new Deployments rolled out, the job restored from
 * that savepoint (counters continue), and the status branch recording each step. Needs a
 * savepoint directory both JobManager generations can read (an emptyDir is not enough; a
 * hostPath or PVC in k3s) and about 2 GB of memory for the two Flink pods.
 */
@EnabledIf("dockerAvailable")
class K3sIT {

    private static final String NS = "flink-gitops-it";
    private static final Map<String, String> ORDERS = Map.of(
            ManagedObjects.MANAGED_BY_LABEL, ManagedObjects.MANAGED_BY_VALUE,
            ManagedObjects.APP_NAME_LABEL, "orders");

    private static K3sContainer k3s;
    private static KubernetesClient client;

    static boolean dockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    @BeforeAll
    static void startK3s() {
        k3s = new K3sContainer(DockerImageName.parse("rancher/k3s:v1.31.4-k3s1"));
        k3s.start();
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(k3s.getKubeConfigYaml())).build();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
                .create();
    }

    @AfterAll
    static void stopK3s() {
        if (client != null) {
            client.close();
        }
        if (k3s != null) {
            k3s.stop();
        }
    }

    @Test
    void appliesHealsAndDeletesOneApplicationCluster() {
        KubeObjects objects = new KubeObjects(client, TestApps::contentHash);
        List<HasMetadata> desired = TestApps.render(NS, "orders");

        assertEquals(4, objects.apply(desired, TestApps.jobManager("orders")).created().size());
        ApplyResult again = objects.apply(desired, TestApps.jobManager("orders"));
        assertTrue(again.noWrites(), "defaulted fields must not look like drift: " + again);
        assertEquals(List.of(), TestApps.drift(desired, live().get("flink-gitops-it/orders")));

        client.apps().deployments().inNamespace(NS).withName("orders-taskmanager").edit(d -> {
            d.getSpec().setReplicas(5);
            return d;
        });
        assertEquals(List.of(new Drift("Deployment", NS, "orders-taskmanager", Drift.Reason.EDITED)),
                TestApps.drift(desired, live().get("flink-gitops-it/orders")));
        String clusterIp = client.services().inNamespace(NS).withName("orders-rest").get().getSpec().getClusterIP();
        ApplyResult changed = objects.apply(
                TestApps.render(NS, "orders", TestApps.IMAGE, Map.of("parallelism.default", "2")),
                TestApps.jobManager("orders"));
        assertEquals(List.of("ConfigMap/orders-flink-config", "Deployment/orders-taskmanager"), changed.updated());
        Deployment taskManager = client.apps().deployments().inNamespace(NS).withName("orders-taskmanager").get();
        assertEquals(2, taskManager.getSpec().getReplicas());
        assertEquals(clusterIp, client.services().inNamespace(NS).withName("orders-rest").get().getSpec().getClusterIP());

        objects.delete(NS, ORDERS);
        Await.until(Duration.ofSeconds(30), "orders deleted", () -> live().isEmpty());
    }

    @Test
    void theLeaseChangesHandsWhenTheLeaderCloses() {
        Leadership.Timing timing = new Leadership.Timing(Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofMillis(200));
        try (LeaseLeadership first = new LeaseLeadership(client, NS, "flink-gitops", timing, Leadership.Listener.NONE);
                LeaseLeadership second = new LeaseLeadership(client, NS, "flink-gitops", timing, Leadership.Listener.NONE)) {
            first.start();
            Await.until(Duration.ofSeconds(10), "first leads", first::isLeader);
            second.start();
            assertNotNull(client.leases().inNamespace(NS).withName("flink-gitops").get());

            first.close();

            Await.until(Duration.ofSeconds(5), "second takes over", second::isLeader);
        }
    }

    private static Map<String, List<HasMetadata>> live() {
        return new ManagedObjects(client).list(Set.of(NS), ManagedObjects.MANAGED_BY_LABEL, ManagedObjects.MANAGED_BY_VALUE);
    }
}
