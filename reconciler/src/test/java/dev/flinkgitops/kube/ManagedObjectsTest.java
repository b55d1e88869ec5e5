package dev.flinkgitops.kube;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@EnableKubernetesMockClient(crud = true)
class ManagedObjectsTest {

    KubernetesMockServer server;
    KubernetesClient client;

    @ParameterizedTest(name = "{0} apps in 2 namespaces")
    @ValueSource(ints = {1, 10, 50})
    void oneListCallPerKindPerNamespaceWhateverTheNumberOfApps(int apps) {
        KubeObjects objects = new KubeObjects(client, TestApps::contentHash);
        for (int i = 0; i < apps; i++) {
            objects.apply(TestApps.render(i % 2 == 0 ? "analytics" : "billing", "app-" + i), TestApps.jobManager("app-" + i));
        }
        RequestLog log = new RequestLog(server);
        log.drain();

        Map<String, List<HasMetadata>> live = new ManagedObjects(client)
                .list(Set.of("analytics", "billing"), ManagedObjects.MANAGED_BY_LABEL, ManagedObjects.MANAGED_BY_VALUE);

        List<String> requests = log.lines();
        System.out.printf("ManagedObjects.list: %d apps in 2 namespaces -> %d API calls%n", apps, requests.size());
        assertEquals(16, requests.size(), requests.toString()); // 8 kinds (NetworkPolicy and HA access included) x 2 namespaces
        assertTrue(requests.stream().allMatch(r -> r.startsWith("GET ")
                && r.contains("labelSelector=app.kubernetes.io%2Fmanaged-by%3Dflink-gitops")), requests.toString());
        assertEquals(apps, live.size());
        live.values().forEach(group -> assertEquals(4, group.size()));
    }

    @Test
    void groupsByNamespaceAndAppSortedByKindAndName() {
        new KubeObjects(client, TestApps::contentHash).apply(TestApps.render("analytics", "orders"), "orders-jobmanager");

        List<HasMetadata> group = new ManagedObjects(client)
                .list(Set.of("analytics"), ManagedObjects.MANAGED_BY_LABEL, ManagedObjects.MANAGED_BY_VALUE)
                .get(ManagedObjects.appKey("analytics", "orders"));

        List<String> names = new ArrayList<>();
        group.forEach(o -> names.add(o.getKind() + "/" + o.getMetadata().getName()));
        assertEquals(List.of("ConfigMap/orders-flink-config", "Deployment/orders-jobmanager",
                "Deployment/orders-taskmanager", "Service/orders-rest"), names);
    }

    @Test
    void ignoresObjectsOfOthersAndObjectsWithoutAnAppName() {
        client.configMaps().inNamespace("analytics").resource(new ConfigMapBuilder()
                .withNewMetadata().withName("foreign").addToLabels("app.kubernetes.io/managed-by", "helm").endMetadata()
                .build()).create();
        client.configMaps().inNamespace("analytics").resource(new ConfigMapBuilder()
                .withNewMetadata().withName("nameless")
                .addToLabels(ManagedObjects.MANAGED_BY_LABEL, ManagedObjects.MANAGED_BY_VALUE).endMetadata()
                .build()).create();

        assertEquals(Map.of(), new ManagedObjects(client)
                .list(Set.of("analytics"), ManagedObjects.MANAGED_BY_LABEL, ManagedObjects.MANAGED_BY_VALUE));
    }
}
