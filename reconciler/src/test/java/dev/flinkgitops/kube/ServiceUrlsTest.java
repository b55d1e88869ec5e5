package dev.flinkgitops.kube;

import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.port.RenderRequest;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The daemon dials the REST port the spec's {@code rest.port} sets (issue 14: it always dialled 8081):
 * the Renderer puts it on the Service and in the pod, and {@link ServiceUrls} reads it from the live Service.
 */
@EnableKubernetesMockClient(crud = true)
class ServiceUrlsTest {

    private static final AppId APP = new AppId("payments", "orders");

    KubernetesClient client;
    io.fabric8.kubernetes.client.server.mock.KubernetesMockServer server;

    @Test
    void theDaemonDialsTheSpecsRestPort() {
        AppSpec spec = KubeFixtures.deployment("""
                  image: flink:2.3-java17
                  flinkConfiguration:
                    rest.port: "9091"
                  job:
                    jarURI: local:///opt/flink/usrlib/job.jar
                    entryClass: com.example.Job
                    upgradeMode: savepoint
                """);
        new KubernetesTarget(client).apply(APP, new RenderRequest(spec, KubeFixtures.JOB_ID, null, "s3://flink/savepoints"));

        URI url = ServiceUrls.dns(client).url("payments", KubeLabels.restServiceName(APP));

        assertEquals(URI.create("http://orders-rest.payments.svc:9091"), url);
    }

    @Test
    void theDefaultIs8081() {
        AppSpec spec = withoutRestPort();
        new KubernetesTarget(client).apply(APP, new RenderRequest(spec, KubeFixtures.JOB_ID, null, "s3://flink/savepoints"));

        assertEquals(8081, ServiceUrls.dns(client).url("payments", KubeLabels.restServiceName(APP)).getPort());
    }

    /** Not a Service read per Flink call: the port is read again once it is older than the TTL. */
    @Test
    void thePortIsReadOncePerServiceNotOnEveryCall() {
        AppSpec spec = withoutRestPort();
        new KubernetesTarget(client).apply(APP, new RenderRequest(spec, KubeFixtures.JOB_ID, null, "s3://flink/savepoints"));
        ServiceUrls urls = ServiceUrls.dns(client);
        urls.url("payments", KubeLabels.restServiceName(APP));
        int before = server.getRequestCount();
        for (int i = 0; i < 10; i++) {
            assertEquals(8081, urls.url("payments", KubeLabels.restServiceName(APP)).getPort());
        }
        assertEquals(before, server.getRequestCount(), "ten calls, no Service read");
    }

    private static AppSpec withoutRestPort() {
        return KubeFixtures.deployment("""
                  image: flink:2.3-java17
                  job:
                    jarURI: local:///opt/flink/usrlib/job.jar
                    entryClass: com.example.Job
                    upgradeMode: savepoint
                """);
    }

    @Test
    void noServiceIsAnErrorNotAGuess() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ServiceUrls.dns(client).url("payments", "missing-rest"));
        assertTrue(e.getMessage().contains("payments/missing-rest"), e.getMessage());
    }
}
