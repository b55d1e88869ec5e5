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
}
