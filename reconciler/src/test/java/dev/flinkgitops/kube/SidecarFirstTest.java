package dev.flinkgitops.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.port.WorkloadHealth;
import dev.flinkgitops.testing.ApiServerMutations;
import dev.flinkgitops.testing.Kubelet;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A policy engine injects its sidecar before Flink's container (in the pod template, so in the pod's container
 * statuses too): the restart count, the refusal reason and the kubelet stand-in all go by the container's name.
 */
@EnableKubernetesMockClient(crud = true)
class SidecarFirstTest {

    private static final String NAMESPACE = "analytics";
    private static final AppId ORDERS = new AppId(NAMESPACE, "orders");

    KubernetesClient client;

    @BeforeEach
    void applyThroughTheAdmissionChain() {
        KubeObjects objects = new KubeObjects(client, TestApps::contentHash);
        objects.apply(TestApps.render(NAMESPACE, "orders", "flink:2.2.1-java17", java.util.Map.of()), TestApps.jobManager("orders"));
        new ApiServerMutations(client, NAMESPACE).sync();
        assertEquals(ApiServerMutations.SIDECAR, jobManager().getSpec().getTemplate().getSpec().getContainers().get(0).getName());
    }

    @Test
    void theJobManagersRestartsAreItsOwnNotTheSidecarsPlacedFirst() {
        pod(List.of(status(ApiServerMutations.SIDECAR, 5, null), status(Kubelet.MAIN_CONTAINER, 1, null)));
        assertEquals(1, health().jobManagerRestarts());

        new Kubelet(client, null).restartJobManager(NAMESPACE, "orders-jobmanager");

        assertEquals(2, health().jobManagerRestarts(), "one more restart of Flink's container, not the sidecar's count + 1");
    }

    @Test
    void aRefusedPodNamesFlinksImageNotTheSidecars() {
        new Kubelet(client, null).refuse(NAMESPACE, "orders-jobmanager", Kubelet.Refusal.IMAGE_PULL);

        String why = health().whyNotUp();
        assertTrue(why.startsWith("ImagePullBackOff (Back-off pulling image \"flink:2.2.1-java17\")"), why);
        assertEquals("flink:2.2.1-java17", Kubelet.mainContainer(jobManager().getSpec().getTemplate().getSpec()).getImage());
    }

    @Test
    void aSidecarThatCannotStartIsReportedUnderItsName() {
        pod(List.of(status(ApiServerMutations.SIDECAR, 3, "CrashLoopBackOff"), status(Kubelet.MAIN_CONTAINER, 0, null)));

        WorkloadHealth health = health();
        assertEquals(WorkloadHealth.Problem.CRASH_LOOP, health.problem());
        assertTrue(health.whyNotUp().startsWith("container policy-agent: CrashLoopBackOff"), health.whyNotUp());
        assertEquals(0, health.jobManagerRestarts(), "the sidecar's restarts are not the JobManager's");
    }

    private static ContainerStatus status(String name, int restarts, String waiting) {
        ContainerStatusBuilder status = new ContainerStatusBuilder().withName(name).withImage(name + ":1").withRestartCount(restarts)
                .withReady(waiting == null);
        return (waiting == null ? status.withNewState().withNewRunning().endRunning().endState()
                : status.withNewState().withNewWaiting().withReason(waiting).endWaiting().endState()).build();
    }

    private void pod(List<ContainerStatus> statuses) {
        client.pods().inNamespace(NAMESPACE).resource(new PodBuilder().withNewMetadata().withName("orders-jobmanager-7c9d5b-j4k2m")
                .withNamespace(NAMESPACE).withLabels(jobManager().getSpec().getTemplate().getMetadata().getLabels()).endMetadata()
                .withNewStatus().withPhase("Running").withContainerStatuses(statuses).endStatus().build()).create();
    }

    private WorkloadHealth health() {
        return new KubernetesTarget(client).live(Set.of(NAMESPACE)).health().get(ORDERS);
    }

    private Deployment jobManager() {
        return client.apps().deployments().inNamespace(NAMESPACE).withName("orders-jobmanager").get();
    }
}
