package dev.flinkgitops.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The pod-template policy on the Kubernetes target: each forbidden setting is an error naming the file, the line
 * and the field; the policy is configurable ({@code none} allows all); without the Kubernetes target templates
 * are not rendered and not checked.
 */
class PodPolicyTest {

    private static final SpecValidator KUBE = new SpecValidator(ValidationSettings.defaults().withKubernetesTarget(true));

    private static final String SPEC = """
            apiVersion: flink.apache.org/v1beta1
            kind: FlinkDeployment
            metadata:
              name: orders
              namespace: payments
            spec:
              image: flink:2.3-java17
              flinkVersion: v2_3
              podTemplate:
                spec:
                  hostNetwork: true
                  hostPID: true
                  hostIPC: true
                  volumes:
                    - name: node
                      hostPath: {path: /var/run}
                  containers:
                    - name: flink-main-container
                      securityContext:
                        privileged: true
                        capabilities: {add: [NET_ADMIN]}
              taskManager:
                podTemplate:
                  spec:
                    initContainers:
                      - name: setup
                        image: busybox
                        securityContext: {privileged: true}
              job:
                jarURI: local:///opt/flink/usrlib/job.jar
                entryClass: com.example.Job
                upgradeMode: stateless
            """;

    private static List<String> errors(SpecValidator validator) {
        return validator.validateFile("apps/orders.yaml", SPEC.getBytes(StandardCharsets.UTF_8)).errors().stream()
                .map(Finding::format).filter(f -> f.contains("pod-template policy")).toList();
    }

    @Test
    void eachForbiddenSettingIsAnErrorAtItsLine() {
        String policy = " is forbidden by the daemon's pod-template policy (--pod-forbid addedCapabilities,hostNetwork,hostPID,"
                + "hostPath,privileged)";
        assertEquals(List.of(
                "apps/orders.yaml:11:20: /spec/podTemplate/spec/hostNetwork: spec.podTemplate.spec.hostNetwork: hostNetwork" + policy,
                "apps/orders.yaml:12:16: /spec/podTemplate/spec/hostPID: spec.podTemplate.spec.hostPID: hostPID" + policy,
                "apps/orders.yaml:16:11: /spec/podTemplate/spec/volumes/0/hostPath: spec.podTemplate.spec.volumes[0].hostPath: hostPath"
                        + policy,
                "apps/orders.yaml:20:25: /spec/podTemplate/spec/containers/0/securityContext/privileged: "
                        + "spec.podTemplate.spec.containers[0].securityContext.privileged: privileged" + policy,
                "apps/orders.yaml:21:28: /spec/podTemplate/spec/containers/0/securityContext/capabilities/add: "
                        + "spec.podTemplate.spec.containers[0].securityContext.capabilities.add: addedCapabilities" + policy,
                "apps/orders.yaml:28:43: /spec/taskManager/podTemplate/spec/initContainers/0/securityContext/privileged: "
                        + "spec.taskManager.podTemplate.spec.initContainers[0].securityContext.privileged: privileged" + policy),
                errors(KUBE));
    }

    @Test
    void thePolicyIsTheDaemonsSetting() {
        SpecValidator hostIpcToo = new SpecValidator(ValidationSettings.defaults().withKubernetesTarget(true)
                .withPodPolicy(PodPolicy.parse(Set.of("hostIPC"))));
        assertEquals(1, errors(hostIpcToo).size(), "only hostIPC is forbidden: " + errors(hostIpcToo));
        assertTrue(errors(hostIpcToo).get(0).contains("spec.podTemplate.spec.hostIPC: hostIPC is forbidden"));

        SpecValidator none = new SpecValidator(ValidationSettings.defaults().withKubernetesTarget(true)
                .withPodPolicy(PodPolicy.parse(Set.of("none"))));
        assertEquals(List.of(), errors(none));
        assertThrows(IllegalArgumentException.class, () -> PodPolicy.parse(Set.of("hostpid", "sudo")));
    }

    @Test
    void notCheckedWithoutTheKubernetesTarget() {
        assertEquals(List.of(), errors(new SpecValidator(ValidationSettings.defaults())));
    }
}
