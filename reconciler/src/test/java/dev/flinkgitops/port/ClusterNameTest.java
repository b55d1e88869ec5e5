package dev.flinkgitops.port;

import dev.flinkgitops.appspec.AppId;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The status branch keeps writing {@code k8s/<namespace>/<name>}: the value builds and reads exactly that. */
class ClusterNameTest {

    private static final AppId ORDERS = new AppId("payments", "orders");

    @Test
    void aKubernetesClusterIsNamedAsTheStatusFilesHaveIt() {
        assertEquals("k8s/payments/orders", ClusterName.kubernetes(ORDERS).value());
        assertEquals(ORDERS, ClusterName.of("k8s/payments/orders").app());
        assertTrue(ClusterName.of("k8s/payments/orders").isClusterOf(ORDERS));
        assertFalse(ClusterName.of("k8s/payments/other").isClusterOf(ORDERS));
    }

    @Test
    void aSessionClusterIsNotOnKubernetes() {
        assertFalse(ClusterName.of("default").isKubernetes());
        assertFalse(ClusterName.isKubernetes(null));
        assertThrows(IllegalArgumentException.class, () -> ClusterName.of("default").app());
    }
}
