package dev.flinkgitops.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.port.RenderRequest;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ConfigMaps Flink's Kubernetes HA services write (labelled with the cluster id) are kept on suspend (a
 * last-state resume recovers from them) and deleted with the app, as the operator does; another cluster's stay.
 */
@EnableKubernetesMockClient(crud = true)
class HaDataTest {

    private static final AppId APP = new AppId("payments", "orders");

    KubernetesClient client;

    private void haConfigMap(String name, String clusterId) {
        client.configMaps().inNamespace("payments").resource(new ConfigMapBuilder().withNewMetadata().withName(name)
                .withLabels(Map.of("app", clusterId, "configmap-type", "high-availability", "type", "flink-native-kubernetes"))
                .endMetadata().withData(Map.of("checkpointID-0000000000000000042", "pointer")).build()).create();
    }

    private void render(String configuration) {
        AppSpec spec = KubeFixtures.deployment("""
                  image: flink:2.3-java17
                  flinkConfiguration:
                    taskmanager.numberOfTaskSlots: "1"
                %s
                  job:
                    jarURI: local:///opt/flink/usrlib/job.jar
                    upgradeMode: last-state
                """.formatted(configuration));
        new KubernetesTarget(client).apply(APP, new RenderRequest(spec, KubeFixtures.JOB_ID, null, "s3://flink/savepoints"));
    }

    @Test
    void keptOnSuspendDeletedWithTheApp() {
        render("");
        haConfigMap("orders-cluster-config-map", "orders");
        haConfigMap("orders-" + KubeFixtures.JOB_ID + "-config-map", "orders");
        haConfigMap("billing-cluster-config-map", "billing");

        new KubernetesTarget(client).remove(APP, false);
        assertNotNull(client.configMaps().inNamespace("payments").withName("orders-cluster-config-map").get(), "suspend keeps it");

        new KubernetesTarget(client).remove(APP, true);
        assertNull(client.configMaps().inNamespace("payments").withName("orders-cluster-config-map").get());
        assertNull(client.configMaps().inNamespace("payments").withName("orders-" + KubeFixtures.JOB_ID + "-config-map").get());
        assertNotNull(client.configMaps().inNamespace("payments").withName("billing-cluster-config-map").get(), "not this app's");
        assertEquals(0, client.rbac().roles().inNamespace("payments").list().getItems().size(), "the HA access goes too");
        assertEquals(0, client.serviceAccounts().inNamespace("payments").list().getItems().size());
    }

    /** Flink 2.x writes its HA ConfigMaps without {@code configmap-type} (KubernetesHaIT saw it): found by name. */
    @Test
    void flink2sHaConfigMapsWithoutTheTypeLabelAreDeletedWithTheAppAndNothingElseOfItsLabels() {
        render("");
        Map<String, String> flink2 = Map.of("app", "orders", "type", "flink-native-kubernetes");
        for (String name : new String[] {"orders-cluster-config-map", "orders-" + KubeFixtures.JOB_ID + "-config-map",
                "orders-notes"}) {
            client.configMaps().inNamespace("payments").resource(new ConfigMapBuilder().withNewMetadata().withName(name)
                    .withLabels(flink2).endMetadata().withData(Map.of("k", "v")).build()).create();
        }

        new KubernetesTarget(client).remove(APP, false);
        assertNotNull(client.configMaps().inNamespace("payments").withName("orders-cluster-config-map").get(), "suspend keeps it");

        new KubernetesTarget(client).remove(APP, true);
        assertNull(client.configMaps().inNamespace("payments").withName("orders-cluster-config-map").get());
        assertNull(client.configMaps().inNamespace("payments").withName("orders-" + KubeFixtures.JOB_ID + "-config-map").get());
        assertNotNull(client.configMaps().inNamespace("payments").withName("orders-notes").get(), "not an HA ConfigMap's name");
    }

    @Test
    void theClusterIdTheSpecSetsIsTheOneCleanedUp() {
        render("    kubernetes.cluster-id: orders-eu");
        haConfigMap("orders-eu-cluster-config-map", "orders-eu");
        haConfigMap("orders-cluster-config-map", "orders");

        new KubernetesTarget(client).remove(APP, true);
        assertNull(client.configMaps().inNamespace("payments").withName("orders-eu-cluster-config-map").get());
        assertNotNull(client.configMaps().inNamespace("payments").withName("orders-cluster-config-map").get(),
                "another cluster's id, though it is the app's name");
    }
}
