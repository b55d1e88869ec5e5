package dev.flinkgitops.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 200 whose body is not a list the API server gives (an empty object, a list without a
 * resourceVersion, items without names) is a failed call, not "no managed objects" (which would
 * have the daemon create every JobManager again and restart its job).
 */
@EnableKubernetesMockClient
class ManagedObjectsShapeTest {

    KubernetesMockServer server;
    KubernetesClient client;

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"kind\":\"ConfigMapList\",\"apiVersion\":\"v1\",\"items\":[]}",
            "{\"kind\":\"ConfigMapList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"7\"},\"items\":[{\"kind\":\"ConfigMap\"}]}"})
    void aListOfTheWrongShapeIsAFailedCall(String body) {
        server.expect().get().withPath("/api/v1/namespaces/analytics/configmaps?labelSelector=app.kubernetes.io%2Fmanaged-by%3Dflink-gitops")
                .andReturn(200, body).always();

        KubernetesClientException error = assertThrows(KubernetesClientException.class, () -> new ManagedObjects(client)
                .list(Set.of("analytics"), ManagedObjects.MANAGED_BY_LABEL, ManagedObjects.MANAGED_BY_VALUE));
        assertTrue(error.getMessage().contains("not a list the API server gives"), error.getMessage());
    }
}
