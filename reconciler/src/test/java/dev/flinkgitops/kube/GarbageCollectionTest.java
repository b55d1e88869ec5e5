package dev.flinkgitops.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.port.RenderRequest;
import dev.flinkgitops.testing.GarbageCollector;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Owner references against a real garbage collector ({@link GarbageCollector}): a suspend deletes the
 * Deployments, and what it keeps for a quick resume (ConfigMap, Service, Ingress, NetworkPolicy, HA access)
 * must not be collected with them; a delete removes everything by label, so nothing depends on the collector.
 */
@EnableKubernetesMockClient(crud = true)
class GarbageCollectionTest {

    private static final AppId APP = new AppId("payments", "orders");
    private static final String SPEC = """
              image: flink:2.3.0-java17
              ingress:
                template: "{{name}}.{{namespace}}.flink.example.com"
              job:
                jarURI: local:///opt/flink/usrlib/job.jar
                entryClass: com.example.Job
                upgradeMode: savepoint
            """;

    KubernetesClient client;
    private KubernetesTarget target;
    private GarbageCollector collector;
    private RenderRequest request;

    @BeforeEach
    void apply() {
        target = new KubernetesTarget(client);
        collector = new GarbageCollector(client, APP.namespace());
        request = new RenderRequest(KubeFixtures.deployment(SPEC), KubeFixtures.JOB_ID, null, "s3://flink/savepoints/payments/orders");
        target.apply(APP, request);
    }

    @Test
    void whatASuspendKeepsSurvivesTheCollectorAndAResumeFindsIt() {
        Set<String> kept = names();
        kept.removeIf(name -> name.startsWith("Deployment/"));
        assertTrue(kept.containsAll(List.of("ConfigMap/orders-flink-config", "Service/orders-rest", "Ingress/orders",
                "NetworkPolicy/orders-flink", "ServiceAccount/orders-flink", "Role/orders-flink-ha", "RoleBinding/orders-flink-ha")),
                kept.toString());

        target.remove(APP, false);
        List<String> collected = collector.collect();

        assertEquals(List.of(), collected, "nothing the suspend keeps depends on the deleted JobManager");
        assertEquals(kept, names());

        target.apply(APP, request);
        Deployment jobManager = client.apps().deployments().inNamespace(APP.namespace()).withName("orders-jobmanager").get();
        assertEquals(jobManager.getMetadata().getUid(), client.apps().deployments().inNamespace(APP.namespace())
                .withName("orders-taskmanager").get().getMetadata().getOwnerReferences().get(0).getUid(),
                "the TaskManagers, deleted with it anyway, still belong to the JobManager");
        assertEquals(List.of(), collector.collect());
    }

    @Test
    void aDeleteRemovesEverythingWithoutTheCollector() {
        target.remove(APP, true);

        assertEquals(Set.of(), names());
        assertEquals(List.of(), collector.collect());
    }

    @Test
    void aReferenceToTheJobManagerAnOlderDaemonWroteIsRemoved() {
        Deployment jobManager = client.apps().deployments().inNamespace(APP.namespace()).withName("orders-jobmanager").get();
        client.configMaps().inNamespace(APP.namespace()).withName("orders-flink-config").edit(config -> {
            config.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("Deployment")
                    .withName("orders-jobmanager").withUid(jobManager.getMetadata().getUid()).build()));
            return config;
        });

        target.apply(APP, request);

        assertEquals(List.of(), client.configMaps().inNamespace(APP.namespace()).withName("orders-flink-config").get()
                .getMetadata().getOwnerReferences());
        target.remove(APP, false);
        assertEquals(List.of(), collector.collect());
        assertNotNull(client.configMaps().inNamespace(APP.namespace()).withName("orders-flink-config").get());
    }

    private Set<String> names() {
        Set<String> names = new TreeSet<>();
        for (List<HasMetadata> objects : new ManagedObjects(client).list(Set.of(APP.namespace()), KubeLabels.MANAGED_BY,
                KubeLabels.MANAGED_BY_VALUE).values()) {
            objects.forEach(o -> names.add(o.getKind() + "/" + o.getMetadata().getName()));
        }
        return names;
    }
}
