package dev.flinkgitops.kube;

import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.port.RenderRequest;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The locked-down base under the user's pod templates: the user's explicit settings win, what they
 * leave out stays locked down, sidecars are locked down too, probes follow the configured ports.
 */
class PodHardeningTest {

    private static final String JOB = """
              job:
                jarURI: local:///opt/flink/usrlib/job.jar
                entryClass: com.example.Job
                upgradeMode: savepoint
            """;

    @Test
    void theUsersExplicitSettingsWinTheRestStaysLockedDown() {
        AppSpec spec = KubeFixtures.deployment("""
                  image: flink:2.3-java17
                  podTemplate:
                    spec:
                      securityContext: {runAsUser: 1000}
                      containers:
                        - name: flink-main-container
                          securityContext: {readOnlyRootFilesystem: true}
                        - name: sidecar
                          image: busybox
                """ + JOB);

        PodSpec pod = pod(spec, "orders-jobmanager");

        assertEquals(1000L, pod.getSecurityContext().getRunAsUser(), "the user's uid wins");
        assertEquals(9999L, pod.getSecurityContext().getRunAsGroup());
        assertTrue(pod.getSecurityContext().getRunAsNonRoot());
        assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
        Container main = pod.getContainers().get(0);
        assertEquals(FlinkPod.MAIN_CONTAINER, main.getName());
        assertTrue(main.getSecurityContext().getReadOnlyRootFilesystem(), "the user's setting is kept");
        assertFalse(main.getSecurityContext().getAllowPrivilegeEscalation());
        assertEquals(List.of("ALL"), main.getSecurityContext().getCapabilities().getDrop());
        Container sidecar = pod.getContainers().get(1);
        assertFalse(sidecar.getSecurityContext().getAllowPrivilegeEscalation(), "a sidecar is locked down too");
        assertEquals(List.of("ALL"), sidecar.getSecurityContext().getCapabilities().getDrop());
        assertTrue(main.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/tmp")), "a writable /tmp");
        assertTrue(pod.getVolumes().stream().anyMatch(v -> v.getName().equals(PodHardening.TMP_VOLUME) && v.getEmptyDir() != null));
    }

    @Test
    void probesFollowTheConfiguredPorts() {
        AppSpec spec = KubeFixtures.deployment("""
                  image: flink:2.3-java17
                  flinkConfiguration:
                    rest.port: "9091"
                    jobmanager.rpc.port: "7123"
                    taskmanager.rpc.port: "7122"
                """ + JOB);

        Container jobManager = pod(spec, "orders-jobmanager").getContainers().get(0);
        Container taskManager = pod(spec, "orders-taskmanager").getContainers().get(0);

        assertEquals(9091, jobManager.getReadinessProbe().getHttpGet().getPort().getIntVal());
        assertEquals(7123, jobManager.getLivenessProbe().getTcpSocket().getPort().getIntVal());
        assertEquals(7122, taskManager.getReadinessProbe().getTcpSocket().getPort().getIntVal());
        assertEquals(7122, taskManager.getLivenessProbe().getTcpSocket().getPort().getIntVal());
    }

    @Test
    void aUsersProbeReplacesOurs() {
        AppSpec spec = KubeFixtures.deployment("""
                  image: flink:2.3-java17
                  jobManager:
                    podTemplate:
                      spec:
                        containers:
                          - name: flink-main-container
                            livenessProbe: {httpGet: {path: /overview, port: 8081}, periodSeconds: 30}
                """ + JOB);

        Container jobManager = pod(spec, "orders-jobmanager").getContainers().get(0);

        assertEquals(30, jobManager.getLivenessProbe().getPeriodSeconds());
        assertEquals("/overview", jobManager.getLivenessProbe().getHttpGet().getPath());
    }

    private static PodSpec pod(AppSpec spec, String deployment) {
        List<HasMetadata> objects = Renderer.render(new RenderRequest(spec, KubeFixtures.JOB_ID, null, "s3://flink/savepoints"));
        return objects.stream().filter(o -> o instanceof Deployment && o.getMetadata().getName().equals(deployment))
                .map(o -> ((Deployment) o).getSpec().getTemplate().getSpec()).findFirst().orElseThrow();
    }
}
