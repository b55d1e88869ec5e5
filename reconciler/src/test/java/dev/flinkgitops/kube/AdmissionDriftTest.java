package dev.flinkgitops.kube;

import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.port.Drift;
import dev.flinkgitops.port.KubeObject;
import dev.flinkgitops.port.RenderRequest;
import dev.flinkgitops.testing.ApiServerMutations;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Drift on a server that behaves like a real one: every write gets the API server's defaults and a
 * policy engine's mutations ({@link ApiServerMutations}). None of that is drift, and applying again
 * writes nothing (no loop); a change to a field the daemon set is drift, wherever the webhook moved it.
 */
@EnableKubernetesMockClient(crud = true)
class AdmissionDriftTest {

    private static final AppId APP = new AppId("payments", "orders");
    private static final String SPEC = """
              image: flink:2.1-java17
              podTemplate:
                spec:
                  containers:
                    - name: flink-main-container
                      env:
                        - {name: REGION, value: eu}
              jobManager:
                resource: {memory: 2048m, cpu: 0.5}
              taskManager:
                replicas: 2
              job:
                jarURI: local:///opt/flink/usrlib/job.jar
                entryClass: com.example.Job
                upgradeMode: savepoint
            """;

    KubernetesClient client;
    private KubernetesTarget target;
    private ApiServerMutations admission;
    private RenderRequest request;

    @BeforeEach
    void applyThroughTheAdmissionChain() {
        target = new KubernetesTarget(client);
        admission = new ApiServerMutations(client, APP.namespace());
        AppSpec spec = KubeFixtures.deployment(SPEC);
        request = new RenderRequest(spec, KubeFixtures.JOB_ID, null, "s3://flink/savepoints/payments/orders");
        target.apply(APP, request);
        assertEquals(4, admission.sync(), "every object written was defaulted and mutated");
    }

    @Test
    void serverDefaultsAndWebhookMutationsAreNotDriftAndApplyingAgainWritesNothing() {
        Deployment jobManager = jobManager();
        assertEquals(ApiServerMutations.SIDECAR, jobManager.getSpec().getTemplate().getSpec().getContainers().get(0).getName(),
                "the sidecar was injected before the daemon's container");

        assertEquals(List.of(), drift());

        target.apply(APP, request);
        assertEquals(0, admission.sync(), "nothing was written, so nothing was mutated again: no loop");
        assertEquals(jobManager.getMetadata().getResourceVersion(), jobManager().getMetadata().getResourceVersion());
        assertEquals(List.of(), drift());
    }

    @Test
    void replicasImageAndArgumentsOfTheDaemonsContainerAreDrift() {
        edit("orders-taskmanager", d -> d.getSpec().setReplicas(5));
        assertEquals(List.of(edited("orders-taskmanager")), drift(), "replicas");
        target.apply(APP, request);
        admission.sync();
        assertEquals(List.of(), drift(), "put back, and the admission chain's mutations of that write are not drift");

        edit("orders-jobmanager", d -> main(d).setImage("evil/flink:latest"));
        assertEquals(List.of(edited("orders-jobmanager")), drift(), "image");
        target.apply(APP, request);
        admission.sync();

        edit("orders-jobmanager", d -> main(d).setArgs(new ArrayList<>(List.of("standalone-job", "--job-classname", "x"))));
        assertEquals(List.of(edited("orders-jobmanager")), drift(), "args");
    }

    @Test
    void aWebhookThatReplacesAFieldTheDaemonSetIsDrift() {
        edit("orders-jobmanager", d -> main(d).getEnv().replaceAll(
                env -> env.getName().equals("REGION") ? new EnvVar("REGION", "us", null) : env));
        assertEquals(List.of(edited("orders-jobmanager")), drift(), "an env var the daemon set, changed");

        target.apply(APP, request);
        admission.sync();
        edit("orders-jobmanager", d -> main(d).getEnv().removeIf(env -> env.getName().equals("REGION")));
        assertEquals(List.of(edited("orders-jobmanager")), drift(), "an env var the daemon set, removed");

        target.apply(APP, request);
        admission.sync();
        edit("orders-jobmanager", d -> main(d).getResources().getRequests().put("memory",
                new io.fabric8.kubernetes.api.model.Quantity("1Gi")));
        assertEquals(List.of(edited("orders-jobmanager")), drift(), "a resource the daemon set");
    }

    private List<Drift> drift() {
        List<KubeObject> live = target.managed(Set.of(APP.namespace())).get(APP);
        return Drift.detect(new Renderer().objects(request), live);
    }

    private static Drift edited(String name) {
        return new Drift("Deployment", APP.namespace(), name, Drift.Reason.EDITED);
    }

    private Deployment jobManager() {
        return client.apps().deployments().inNamespace(APP.namespace()).withName("orders-jobmanager").get();
    }

    private void edit(String name, Consumer<Deployment> change) {
        Deployment live = client.apps().deployments().inNamespace(APP.namespace()).withName(name).get();
        change.accept(live);
        client.resource(live).update();
    }

    private static Container main(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals("flink-main-container")).findFirst().orElseThrow();
    }

}
