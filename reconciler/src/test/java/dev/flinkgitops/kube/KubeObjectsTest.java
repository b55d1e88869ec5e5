package dev.flinkgitops.kube;

import dev.flinkgitops.port.Drift;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@EnableKubernetesMockClient(crud = true)
class KubeObjectsTest {

    private static final String NS = "analytics";
    private static final List<String> ALL = List.of(
            "ConfigMap/orders-flink-config", "Service/orders-rest",
            "Deployment/orders-jobmanager", "Deployment/orders-taskmanager");

    KubernetesMockServer server;
    KubernetesClient client;

    private KubeObjects objects() {
        return new KubeObjects(client, TestApps::contentHash);
    }

    @Test
    void createsEveryObjectThenWritesNothingOnTheSameInput() {
        ApplyResult first = objects().apply(TestApps.render(NS, "orders"), TestApps.jobManager("orders"));
        assertEquals(ALL, first.created());
        Map<String, String> versions = resourceVersions();

        ApplyResult second = objects().apply(TestApps.render(NS, "orders"), TestApps.jobManager("orders"));

        assertTrue(second.noWrites(), second.toString());
        assertEquals(ALL, second.unchanged());
        assertEquals(versions, resourceVersions());
    }

    @Test
    void aChangedContentHashUpdatesOnTopOfTheLiveResourceVersion() {
        objects().apply(TestApps.render(NS, "orders"), TestApps.jobManager("orders"));
        String before = deployment("orders-jobmanager").getMetadata().getResourceVersion();
        RequestLog log = new RequestLog(server);
        log.drain();

        ApplyResult result = objects().apply(
                TestApps.render(NS, "orders", "flink:2.2", Map.of("parallelism.default", "1")),
                TestApps.jobManager("orders"));

        assertEquals(List.of("Deployment/orders-jobmanager", "Deployment/orders-taskmanager"), result.updated());
        assertEquals(List.of("ConfigMap/orders-flink-config", "Service/orders-rest"), result.unchanged());
        assertEquals("flink:2.2", image(deployment("orders-jobmanager")));
        List<RecordedRequest> puts = log.drain().stream().filter(r -> r.getMethod().equals("PUT")).toList();
        assertEquals(2, puts.size(), "one write per changed object");
        assertEquals("/apis/apps/v1/namespaces/analytics/deployments/orders-jobmanager", puts.get(0).getPath());
        assertTrue(Long.parseLong(deployment("orders-jobmanager").getMetadata().getResourceVersion())
                > Long.parseLong(before));
    }

    /** Proves the update carries the live resourceVersion: the test server's body log is empty. */
    @Test
    void aConcurrentEditMakesTheUpdateFailInsteadOfOverwritingIt() {
        List<HasMetadata> desired = TestApps.render(NS, "orders");
        objects().apply(desired, TestApps.jobManager("orders"));
        editImage("orders-jobmanager", "evil:latest");
        AtomicBoolean raced = new AtomicBoolean();
        KubeObjects racing = new KubeObjects(client, object -> {
            if (object.getMetadata().getName().equals("orders-jobmanager") && raced.compareAndSet(false, true)) {
                editImage("orders-jobmanager", "other:latest"); // lands between our get and our put
            }
            return TestApps.contentHash(object);
        });

        KubernetesClientException conflict = assertThrows(KubernetesClientException.class,
                () -> racing.apply(desired, TestApps.jobManager("orders")));

        assertEquals(409, conflict.getCode());
        assertEquals("other:latest", image(deployment("orders-jobmanager")));
    }

    @Test
    void anObjectEditedOutsideIsDetectedAndPutBack() {
        List<HasMetadata> desired = TestApps.render(NS, "orders");
        objects().apply(desired, TestApps.jobManager("orders"));
        editImage("orders-taskmanager", "evil:latest");

        List<HasMetadata> live = observe().get("analytics/orders");
        assertEquals(List.of(new Drift("Deployment", NS, "orders-taskmanager", Drift.Reason.EDITED)),
                TestApps.drift(desired, live));

        ApplyResult healed = objects().apply(desired, TestApps.jobManager("orders"));
        assertEquals(List.of("Deployment/orders-taskmanager"), healed.updated());
        assertEquals(TestApps.IMAGE, image(deployment("orders-taskmanager")));
        assertEquals(List.of(), TestApps.drift(desired, observe().get("analytics/orders")));
    }

    @Test
    void anObjectDeletedOutsideIsDetectedAndRecreated() {
        List<HasMetadata> desired = TestApps.render(NS, "orders");
        objects().apply(desired, TestApps.jobManager("orders"));
        client.services().inNamespace(NS).withName("orders-rest").delete();

        assertEquals(List.of(new Drift("Service", NS, "orders-rest", Drift.Reason.MISSING)),
                TestApps.drift(desired, observe().get("analytics/orders")));

        ApplyResult healed = objects().apply(desired, TestApps.jobManager("orders"));
        assertEquals(List.of("Service/orders-rest"), healed.created());
        assertTrue(client.services().inNamespace(NS).withName("orders-rest").get().getMetadata().getOwnerReferences().isEmpty());
    }

    /** Only the TaskManagers belong to the JobManager: what a suspend keeps must not go with it (GarbageCollectionTest). */
    @Test
    void theTaskManagersAreOwnedByTheJobManagerDeploymentAndWhatASuspendKeepsIsNot() {
        objects().apply(TestApps.render(NS, "orders"), TestApps.jobManager("orders"));

        assertTrue(deployment("orders-jobmanager").getMetadata().getOwnerReferences().isEmpty());
        assertTrue(client.configMaps().inNamespace(NS).withName("orders-flink-config").get().getMetadata().getOwnerReferences().isEmpty());
        assertTrue(client.services().inNamespace(NS).withName("orders-rest").get().getMetadata().getOwnerReferences().isEmpty());
        assertOwnedByJobManager(deployment("orders-taskmanager"));
    }

    @Test
    void deleteBySelectorRemovesOnlyThatApp() {
        objects().apply(TestApps.render(NS, "orders"), TestApps.jobManager("orders"));
        objects().apply(TestApps.render(NS, "clicks"), TestApps.jobManager("clicks"));

        objects().delete(NS, Map.of(ManagedObjects.MANAGED_BY_LABEL, ManagedObjects.MANAGED_BY_VALUE,
                ManagedObjects.APP_NAME_LABEL, "orders"));

        Map<String, List<HasMetadata>> live = observe();
        assertEquals(Set.of("analytics/clicks"), live.keySet());
        assertEquals(4, live.get("analytics/clicks").size());
    }

    @Test
    void deleteDeploymentsKeepsConfigAndService() {
        objects().apply(TestApps.render(NS, "orders"), TestApps.jobManager("orders"));

        objects().deleteDeployments(NS, Map.of(ManagedObjects.APP_NAME_LABEL, "orders"));

        assertNull(deployment("orders-jobmanager"));
        assertNull(deployment("orders-taskmanager"));
        assertNotNull(client.configMaps().inNamespace(NS).withName("orders-flink-config").get());
        assertNotNull(client.services().inNamespace(NS).withName("orders-rest").get());
    }

    @Test
    void refusesToDeleteWithAnEmptySelector() {
        objects().apply(TestApps.render(NS, "orders"), TestApps.jobManager("orders"));

        assertThrows(IllegalArgumentException.class, () -> objects().delete(NS, Map.of()));
        assertFalse(observe().isEmpty());
    }

    private Map<String, List<HasMetadata>> observe() {
        return new ManagedObjects(client).list(Set.of(NS), ManagedObjects.MANAGED_BY_LABEL, ManagedObjects.MANAGED_BY_VALUE);
    }

    private Map<String, String> resourceVersions() {
        Map<String, String> versions = new java.util.TreeMap<>();
        for (HasMetadata object : observe().get("analytics/orders")) {
            versions.put(object.getMetadata().getName(), object.getMetadata().getResourceVersion());
        }
        return versions;
    }

    private void editImage(String deployment, String image) {
        client.apps().deployments().inNamespace(NS).withName(deployment).edit(d -> {
            d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(image);
            return d;
        });
    }

    private Deployment deployment(String name) {
        return client.apps().deployments().inNamespace(NS).withName(name).get();
    }

    private static String image(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    private void assertOwnedByJobManager(HasMetadata object) {
        Deployment owner = deployment("orders-jobmanager");
        List<OwnerReference> references = object.getMetadata().getOwnerReferences();
        assertEquals(1, references.size(), object.getMetadata().getName());
        OwnerReference reference = references.get(0);
        assertEquals(owner.getMetadata().getUid(), reference.getUid());
        assertEquals("Deployment", reference.getKind());
        assertEquals("apps/v1", reference.getApiVersion());
        assertEquals(false, reference.getController());
        assertEquals(false, reference.getBlockOwnerDeletion());
    }
}
