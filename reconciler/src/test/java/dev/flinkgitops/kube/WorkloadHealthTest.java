package dev.flinkgitops.kube;

import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.port.KubeTarget;
import dev.flinkgitops.port.WorkloadHealth;
import dev.flinkgitops.testing.Kubelet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Deployments' and pods' status read with the objects, one list call per kind per namespace, pods included. */
@EnableKubernetesMockClient(crud = true)
class WorkloadHealthTest {

    KubernetesMockServer server;
    KubernetesClient client;

    @ParameterizedTest
    @EnumSource(Kubelet.Refusal.class)
    void aPodThatCannotStartIsReportedWithTheKubeletsReasonFromOneListPerKindPerNamespace(Kubelet.Refusal refusal) {
        KubeObjects objects = new KubeObjects(client, TestApps::contentHash);
        for (int i = 0; i < 5; i++) {
            objects.apply(TestApps.render("analytics", "app-" + i), TestApps.jobManager("app-" + i));
        }
        new Kubelet(client, null).refuse("analytics", "app-3-jobmanager", refusal);
        RequestLog log = new RequestLog(server);
        log.drain();

        KubeTarget.Live live = new KubernetesTarget(client).live(Set.of("analytics"));

        List<String> requests = log.lines();
        assertEquals(9, requests.size(), requests.toString()); // 8 kinds (NetworkPolicy, HA access) and pods
        assertTrue(requests.stream().anyMatch(r -> r.startsWith("GET /api/v1/namespaces/analytics/pods?")), requests.toString());
        WorkloadHealth health = live.health().get(new AppId("analytics", "app-3"));
        assertFalse(health.jobManagerUp());
        String why = health.whyNotUp();
        switch (refusal) {
            case IMAGE_PULL -> {
                assertEquals(WorkloadHealth.Problem.IMAGE_PULL, health.problem());
                assertTrue(why.startsWith("ImagePullBackOff (Back-off pulling image"), why);
            }
            case CRASH_LOOP_OOM_KILLED -> {
                assertEquals(WorkloadHealth.Problem.OOM_KILLED, health.problem());
                assertTrue(why.contains("CrashLoopBackOff") && why.contains("last terminated: OOMKilled (exit code 137)")
                        && why.contains("4 restarts"), why);
            }
            case UNSCHEDULABLE -> {
                assertEquals(WorkloadHealth.Problem.UNSCHEDULABLE, health.problem());
                assertTrue(why.startsWith("Unschedulable (0/3 nodes are available: 3 Insufficient memory.)"), why);
            }
        }
        assertEquals(WorkloadHealth.Problem.NONE, live.health().get(new AppId("analytics", "app-1")).problem());
        assertEquals(5, live.objects().size());
    }
}
