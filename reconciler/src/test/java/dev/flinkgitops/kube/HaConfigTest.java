package dev.flinkgitops.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.port.RenderRequest;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

/** Kubernetes HA by default for stateful jobs (the orders-counter golden shows it whole). */
class HaConfigTest {

    private static SortedMap<String, String> rendered(String flinkConfiguration, String upgradeMode) {
        AppSpec spec = KubeFixtures.deployment("""
                  image: flink:2.3-java17
                  flinkConfiguration:
                    taskmanager.numberOfTaskSlots: "1"
                %s
                  job:
                    jarURI: local:///opt/flink/usrlib/job.jar
                    upgradeMode: %s
                """.formatted(flinkConfiguration, upgradeMode));
        return FlinkConfigFile.effective(new RenderRequest(spec, KubeFixtures.JOB_ID, null, "s3://flink/savepoints/payments/orders/"));
    }

    @Test
    void aStatefulJobGetsKubernetesHaWithItsRecoveryDataUnderTheSavepointDirectory() {
        for (String mode : new String[] {"savepoint", "last-state"}) {
            SortedMap<String, String> config = rendered("", mode);
            assertEquals("kubernetes", config.get("high-availability.type"), mode);
            assertEquals("s3://flink/savepoints/payments/orders/ha/payments", config.get("high-availability.storageDir"), mode);
            assertEquals("orders", config.get("kubernetes.cluster-id"), mode);
            assertEquals("orders", config.get("high-availability.cluster-id"), mode);
            assertEquals("payments", config.get("kubernetes.namespace"), mode);
        }
    }

    @Test
    void theSpecsStorageDirectoryIsKept() {
        SortedMap<String, String> config = rendered("    high-availability.storageDir: gs://ha/orders", "savepoint");
        assertEquals("kubernetes", config.get("high-availability.type"));
        assertEquals("gs://ha/orders", config.get("high-availability.storageDir"));
    }

    @Test
    void anExplicitNoneIsHonouredInEitherSpelling() {
        for (String none : new String[] {"    high-availability.type: NONE", "    high-availability: none"}) {
            SortedMap<String, String> config = rendered(none, "last-state");
            assertFalse(config.containsKey("high-availability.storageDir"), none);
            assertFalse(config.containsKey("kubernetes.cluster-id"), none);
            assertEquals(none.substring(none.indexOf(": ") + 2), config.getOrDefault("high-availability.type",
                    config.get("high-availability")), none);
        }
    }

    @Test
    void aStatelessJobGetsNoHa() {
        SortedMap<String, String> config = rendered("", "stateless");
        assertFalse(config.containsKey("high-availability.type"));
        assertFalse(config.containsKey("high-availability.storageDir"));
    }

    @Test
    void theHaAccessObjectsComeFirstAndThePodsRunAsTheirAccount() {
        AppSpec spec = KubeFixtures.deployment("""
                  image: flink:2.3-java17
                  job:
                    jarURI: local:///opt/flink/usrlib/job.jar
                    upgradeMode: last-state
                """);
        var objects = Renderer.render(new RenderRequest(spec, KubeFixtures.JOB_ID, null, "s3://flink/savepoints"));
        assertEquals(java.util.List.of("ServiceAccount/orders-flink", "Role/orders-flink-ha", "RoleBinding/orders-flink-ha",
                "ConfigMap/orders-flink-config", "Service/orders-rest", "Deployment/orders-jobmanager",
                "Deployment/orders-taskmanager", "NetworkPolicy/orders-flink"), objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList());
        for (int i : new int[] {5, 6}) {
            assertEquals("orders-flink", ((io.fabric8.kubernetes.api.model.apps.Deployment) objects.get(i)).getSpec().getTemplate()
                    .getSpec().getServiceAccountName());
        }
        var role = (io.fabric8.kubernetes.api.model.rbac.Role) objects.get(1);
        assertEquals(java.util.List.of("configmaps"), role.getRules().get(0).getResources());
        assertEquals(true, role.getRules().get(0).getVerbs().containsAll(java.util.List.of("get", "list", "watch", "create",
                "update", "patch", "delete")), "what Flink's Kubernetes HA services call on ConfigMaps");
    }

    @Test
    void aServiceAccountTheSpecNamesIsBoundNotCreated() {
        AppSpec spec = KubeFixtures.deployment("""
                  image: flink:2.3-java17
                  serviceAccount: flink
                  job:
                    jarURI: local:///opt/flink/usrlib/job.jar
                    upgradeMode: savepoint
                """);
        var objects = Renderer.render(new RenderRequest(spec, KubeFixtures.JOB_ID, null, "s3://flink/savepoints"));
        assertEquals("Role", objects.get(0).getKind());
        var binding = (io.fabric8.kubernetes.api.model.rbac.RoleBinding) objects.get(1);
        assertEquals("flink", binding.getSubjects().get(0).getName());
        assertFalse(objects.stream().anyMatch(o -> o.getKind().equals("ServiceAccount")), "the user's account is not ours");
        assertEquals("flink", ((io.fabric8.kubernetes.api.model.apps.Deployment) objects.get(4)).getSpec().getTemplate().getSpec()
                .getServiceAccountName());
    }

    @Test
    void withoutHaThereIsNoHaAccess() {
        AppSpec spec = KubeFixtures.deployment("""
                  image: flink:2.3-java17
                  flinkConfiguration:
                    high-availability.type: NONE
                  job:
                    jarURI: local:///opt/flink/usrlib/job.jar
                    upgradeMode: savepoint
                """);
        var objects = Renderer.render(new RenderRequest(spec, KubeFixtures.JOB_ID, null, "s3://flink/savepoints"));
        assertEquals("ConfigMap", objects.get(0).getKind());
        assertEquals(java.util.List.of("ConfigMap", "Service", "Deployment", "Deployment", "NetworkPolicy"),
                objects.stream().map(o -> o.getKind()).toList(), "no ServiceAccount, Role or RoleBinding");
    }
}
