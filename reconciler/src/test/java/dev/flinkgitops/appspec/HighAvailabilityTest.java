package dev.flinkgitops.appspec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every spelling of Kubernetes HA the operator accepts is understood. */
class HighAvailabilityTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"kubernetes", "KUBERNETES", "Kubernetes", " kubernetes ",
            "org.apache.flink.kubernetes.highavailability.KubernetesHaServicesFactory"})
    void kubernetesUnderTheNewAndTheOldKey(String value) {
        for (String key : new String[] {HighAvailability.TYPE, HighAvailability.OLD_TYPE}) {
            HighAvailability ha = HighAvailability.of(Map.of(key, value, HighAvailability.STORAGE_DIR, "s3://ha",
                    HighAvailability.CLUSTER_ID, "orders"));
            assertTrue(ha.kubernetes(), key + ": " + value);
            assertEquals(key, ha.typeKey());
            assertEquals("s3://ha", ha.storageDir());
            assertEquals("orders", ha.clusterId());
        }
    }

    @Test
    void theNewKeyWins() {
        HighAvailability ha = HighAvailability.of(Map.of(HighAvailability.TYPE, "kubernetes", HighAvailability.OLD_TYPE, "zookeeper"));
        assertTrue(ha.kubernetes());
        assertEquals(HighAvailability.TYPE, ha.typeKey());
    }

    @Test
    void otherTypes() {
        assertFalse(HighAvailability.of(Map.of()).enabled());
        assertFalse(HighAvailability.of(Map.of(HighAvailability.TYPE, "NONE")).enabled());
        assertEquals(HighAvailability.Type.ZOOKEEPER, HighAvailability.type("zookeeper"));
        assertEquals(HighAvailability.Type.CUSTOM, HighAvailability.type("com.example.MyHaServicesFactory"));
        assertEquals(HighAvailability.Type.UNKNOWN, HighAvailability.type("kuberentes"));
    }
}
