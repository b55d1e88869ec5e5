package dev.flinkgitops.kube;

import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.port.Drift;
import dev.flinkgitops.port.KubeObject;
import dev.flinkgitops.port.RenderRequest;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * {@code spec.ingress} through the Kubernetes target on fabric8's CRUD server: the Ingress is
 * created with the app, seen as the app's without drift, reported UNWANTED once the spec drops
 * it, and deleted by the next apply; the app's other objects stay.
 */
@EnableKubernetesMockClient(crud = true)
class IngressLifecycleTest {

    private static final AppId APP = new AppId("payments", "orders");
    private static final String JOB = """
              job:
                jarURI: local:///opt/flink/usrlib/job.jar
                entryClass: com.example.Job
                upgradeMode: savepoint
            """;

    KubernetesClient client;

    @Test
    void anIngressComesAndGoesWithItsSpecField() {
        KubernetesTarget target = new KubernetesTarget(client);
        AppSpec with = KubeFixtures.deployment("  image: flink:2.3-java17\n  ingress:\n    template: \"{{name}}.flink.example.com\"\n" + JOB);
        AppSpec without = KubeFixtures.deployment("  image: flink:2.3-java17\n" + JOB);
        Renderer renderer = new Renderer();

        target.apply(APP, request(with));
        Ingress ingress = client.network().v1().ingresses().inNamespace("payments").withName("orders").get();
        assertNotNull(ingress, "the Ingress is created");
        assertEquals("orders.flink.example.com", ingress.getSpec().getRules().get(0).getHost());
        List<KubeObject> live = target.managed(Set.of("payments")).get(APP);
        assertEquals(List.of(), Drift.detect(renderer.objects(request(with)), live), "as rendered: no drift");

        assertEquals(List.of(new Drift("Ingress", "payments", "orders", Drift.Reason.UNWANTED)),
                Drift.detect(renderer.objects(request(without)), live), "the spec no longer has it");
        target.apply(APP, request(without));
        assertNull(client.network().v1().ingresses().inNamespace("payments").withName("orders").get(), "deleted");
        assertEquals(8, target.managed(Set.of("payments")).get(APP).size(),
                "ConfigMap, Service, both Deployments, the NetworkPolicy and the HA access (ServiceAccount, Role, RoleBinding) stay");
        assertEquals(List.of(), Drift.detect(renderer.objects(request(without)), target.managed(Set.of("payments")).get(APP)));
    }

    private static RenderRequest request(AppSpec spec) {
        return new RenderRequest(spec, KubeFixtures.JOB_ID, null, "s3://flink/savepoints/payments/orders");
    }
}
