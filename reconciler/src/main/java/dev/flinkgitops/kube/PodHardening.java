package dev.flinkgitops.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;

/**
 * The locked-down base every Flink pod starts from, under the user's pod templates (so a user's
 * explicit setting wins; the pod-template policy of {@code validate} and the daemon says which
 * settings are refused): what PodSecurity's {@code restricted} profile asks for, writable
 * {@code emptyDir}s where Flink writes, and probes.
 *
 * <ul>
 *   <li>pod: {@code runAsNonRoot}, uid/gid/fsGroup {@value #FLINK_UID} (the official images' {@code flink}
 *       user, which owns {@code /opt/flink}), {@code seccompProfile: RuntimeDefault};
 *   <li>every container and init container ({@link #secured}): no privilege escalation, every capability dropped;
 *   <li>{@code emptyDir}s at {@code /tmp} (Flink's {@code io.tmp.dirs}, blob and web upload directories) and
 *       {@code /opt/flink/log} (the log directory), so they are writable and pod-local even under a
 *       read-only root file system. The configuration stays a read-only ConfigMap at {@code /opt/flink/conf}:
 *       it holds every setting the entrypoint would write, and the entrypoint's failing rewrite only warns;
 *   <li>JobManager: readiness by {@code GET /config} on the REST port, liveness by a TCP connect to the RPC port;
 *       TaskManager: both by a TCP connect to its RPC port. Liveness allows a minute of silence after 30 s.
 * </ul>
 */
final class PodHardening {

    static final long FLINK_UID = 9999;
    static final String TMP_VOLUME = "flink-tmp";
    static final String LOG_VOLUME = "flink-log";
    static final String TMP_DIR = "/tmp";
    static final String LOG_DIR = "/opt/flink/log";

    private PodHardening() {}

    /** The base template for a JobManager ({@code rest} is its REST port) or TaskManager ({@code rest} null). */
    static JsonNode base(Integer rest, int rpc) {
        ContainerBuilder container = new ContainerBuilder()
                .withName(FlinkPod.MAIN_CONTAINER)
                .addNewVolumeMount().withName(TMP_VOLUME).withMountPath(TMP_DIR).endVolumeMount()
                .addNewVolumeMount().withName(LOG_VOLUME).withMountPath(LOG_DIR).endVolumeMount()
                .withLivenessProbe(tcp(rpc, 30, 10, 6))
                .withReadinessProbe(rest == null ? tcp(rpc, 0, 5, 3) : restReady(rest));
        return Serialization.jsonMapper().valueToTree(new PodTemplateSpecBuilder()
                .withNewSpec()
                .withNewSecurityContext()
                .withRunAsNonRoot(true).withRunAsUser(FLINK_UID).withRunAsGroup(FLINK_UID).withFsGroup(FLINK_UID)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .withContainers(container.build())
                .addNewVolume().withName(TMP_VOLUME).withNewEmptyDir().endEmptyDir().endVolume()
                .addNewVolume().withName(LOG_VOLUME).withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec()
                .build());
    }

    /**
     * {@code template} with every container and init container (the user's sidecars too) given the
     * locked-down container {@code securityContext} under its own: what it sets explicitly wins.
     */
    static JsonNode secured(JsonNode template) {
        JsonNode copy = template.deepCopy();
        JsonNode defaults = Serialization.jsonMapper().valueToTree(new SecurityContextBuilder()
                .withAllowPrivilegeEscalation(false)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .build());
        for (String list : List.of("containers", "initContainers")) {
            for (JsonNode container : copy.path("spec").path(list)) {
                if (container instanceof ObjectNode object) {
                    object.set("securityContext", PodTemplates.merge(defaults, container.path("securityContext")));
                }
            }
        }
        return copy;
    }

    private static Probe tcp(int port, int initialDelay, int period, int failures) {
        return new ProbeBuilder().withNewTcpSocket().withPort(new IntOrString(port)).endTcpSocket()
                .withInitialDelaySeconds(initialDelay == 0 ? null : initialDelay).withPeriodSeconds(period).withFailureThreshold(failures).build();
    }

    private static Probe restReady(int port) {
        return new ProbeBuilder().withNewHttpGet().withPath("/config").withPort(new IntOrString(port)).endHttpGet()
                .withPeriodSeconds(5).withFailureThreshold(3).build();
    }
}
