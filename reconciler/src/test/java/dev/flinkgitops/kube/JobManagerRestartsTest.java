package dev.flinkgitops.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.testing.Kubelet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A JobManager container the kubelet restarts in place (an OOM kill) is seen in the workload health the daemon
 * reads each tick: the restart count of the JobManager's main container, per app.
 */
@EnableKubernetesMockClient(crud = true)
class JobManagerRestartsTest {

    KubernetesClient client;

    @Test
    void eachRestartOfTheJobManagerContainerIsCounted() {
        KubeObjects objects = new KubeObjects(client, TestApps::contentHash);
        objects.apply(TestApps.render("analytics", "orders"), TestApps.jobManager("orders"));
        objects.apply(TestApps.render("analytics", "billing"), TestApps.jobManager("billing"));
        KubernetesTarget target = new KubernetesTarget(client);
        AppId orders = new AppId("analytics", "orders");
        assertEquals(0, target.live(Set.of("analytics")).health().get(orders).jobManagerRestarts());

        Kubelet kubelet = new Kubelet(client, null);
        kubelet.restartJobManager("analytics", "orders-jobmanager");
        assertEquals(1, target.live(Set.of("analytics")).health().get(orders).jobManagerRestarts());
        kubelet.restartJobManager("analytics", "orders-jobmanager");
        assertEquals(2, target.live(Set.of("analytics")).health().get(orders).jobManagerRestarts());
        assertEquals(0, target.live(Set.of("analytics")).health().get(new AppId("analytics", "billing")).jobManagerRestarts(),
                "another app's JobManager did not restart");
    }
}
