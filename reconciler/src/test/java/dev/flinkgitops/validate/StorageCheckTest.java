package dev.flinkgitops.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Storage on the Kubernetes target: savepoint and checkpoint directories every pod shares (an object store, or a
 * file path under a persistentVolumeClaim mount in both Flink pods, which is a warning since the claim's access
 * modes are not in the spec), and an object store's plugin jar nameable from the image tag or the annotation.
 * Each problem is reported with file:line and the key.
 */
class StorageCheckTest {

    private static final SpecValidator KUBE = new SpecValidator(ValidationSettings.defaults().withKubernetesTarget(true));

    private static String spec(String image, String configuration, String podTemplate) {
        return """
                apiVersion: flink.apache.org/v1beta1
                kind: FlinkDeployment
                metadata:
                  name: orders
                  namespace: payments
                spec:
                  image: %s
                  flinkConfiguration:
                %s
                %s
                  job:
                    jarURI: local:///opt/flink/usrlib/job.jar
                    upgradeMode: savepoint
                """.formatted(image, configuration, podTemplate);
    }

    private static FileResult validate(SpecValidator validator, String yaml) {
        return validator.validateFile("apps/orders.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> formatted(List<Finding> findings) {
        return findings.stream().map(Finding::format).toList();
    }

    @Test
    void aLocalSavepointDirectoryWithoutAMountIsAnErrorAtItsLine() {
        FileResult result = validate(KUBE, spec("flink:2.3.0-java17", "    state.savepoints.dir: file:///flink/savepoints", ""));

        List<String> errors = formatted(result.errors());
        assertEquals(1, errors.size(), errors.toString()); // the first role without the mount
        assertTrue(errors.get(0).startsWith("apps/orders.yaml:9:"), errors.get(0));
        assertTrue(errors.get(0).contains("state.savepoints.dir 'file:///flink/savepoints' is a local path"), errors.get(0));
        assertTrue(errors.get(0).contains("jobManager's pod template"), errors.get(0));
    }

    @Test
    void aLocalCheckpointDirectoryUnderAClaimMountedInBothPodsIsAWarningThatItMustBeReadWriteMany() {
        String template = """
                  podTemplate:
                    spec:
                      containers:
                        - name: flink-main-container
                          volumeMounts: [{name: data, mountPath: /flink/}]
                      volumes:
                        - name: data
                          persistentVolumeClaim: {claimName: flink-shared}
                """.stripTrailing();
        FileResult result = validate(KUBE, spec("flink:2.3-java17",
                "    state.savepoints.dir: s3://flink/sp\n    execution.checkpointing.dir: /flink/checkpoints", template));

        assertEquals(List.of(), formatted(result.errors()).stream().filter(e -> e.contains("checkpointing.dir")).toList());
        List<String> warnings = formatted(result.warnings()).stream().filter(w -> w.contains("persistentVolumeClaim")).toList();
        assertEquals(1, warnings.size(), formatted(result.warnings()).toString());
        assertTrue(warnings.get(0).startsWith("apps/orders.yaml:10:"), warnings.get(0));
        assertTrue(warnings.get(0).contains("flink-shared: it must be ReadWriteMany"), warnings.get(0));
    }

    @Test
    void aClaimMountedOnlyInTheJobManagerIsNotEnough() {
        String template = """
                  jobManager:
                    podTemplate:
                      spec:
                        containers:
                          - name: flink-main-container
                            volumeMounts: [{name: data, mountPath: /flink}]
                        volumes:
                          - name: data
                            persistentVolumeClaim: {claimName: flink-shared}
                """.stripTrailing();
        FileResult result = validate(KUBE, spec("flink:2.3.0-java17", "    state.savepoints.dir: file:///flink/savepoints", template));

        List<String> errors = formatted(result.errors());
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("taskManager's pod template"), errors.get(0));
    }

    @Test
    void anObjectStoreWithoutAFullFlinkVersionInTheImageTagOrTheAnnotationIsAWarningOncePerPlugin() {
        FileResult noVersion = validate(KUBE, spec("flink:2.2-java17",
                "    state.savepoints.dir: s3://flink/savepoints\n    state.checkpoints.dir: s3a://flink/checkpoints", ""));
        assertEquals(List.of(), formatted(noVersion.errors()), "a custom image may carry the plugin: flink-gitops cannot tell");
        List<String> warnings = formatted(noVersion.warnings()).stream().filter(w -> w.contains("plugin")).toList();
        assertEquals(1, warnings.size(), "once per plugin: " + warnings);
        assertTrue(warnings.get(0).startsWith("apps/orders.yaml:9:"), warnings.get(0));
        assertTrue(warnings.get(0).contains("needs Flink's flink-s3-fs-hadoop plugin"), warnings.get(0));

        assertEquals(List.of(), formatted(validate(KUBE, spec("flink:2.2.1-java17", "    state.savepoints.dir: s3://flink/sp", ""))
                .warnings()).stream().filter(w -> w.contains("plugin")).toList());
        String declared = spec("flink:2.2-java17", "    state.savepoints.dir: s3://flink/sp", "").replace("  namespace: payments\n",
                "  namespace: payments\n  annotations: {flink-gitops.dev/built-in-plugins: none}\n");
        assertEquals(List.of(), formatted(validate(KUBE, declared).warnings()).stream().filter(w -> w.contains("plugin")).toList());
    }

    @Test
    void thePluginVariableSetOnFlinksContainerInBothPodsSilencesThePluginWarning() {
        String both = """
                  podTemplate:
                    spec:
                      containers:
                        - name: flink-main-container
                          env: [{name: ENABLE_BUILT_IN_PLUGINS, value: flink-s3-fs-hadoop-2.2.0.jar}]
                """;
        FileResult set = validate(KUBE, spec("flink:2.2-java17", "    state.savepoints.dir: s3://flink/sp", both));
        assertEquals(List.of(), formatted(set.warnings()).stream().filter(w -> w.contains("plugin")).toList());

        String jobManagerOnly = """
                  jobManager:
                    podTemplate:
                      spec:
                        containers:
                          - name: flink-main-container
                            env: [{name: ENABLE_BUILT_IN_PLUGINS, value: flink-s3-fs-hadoop-2.2.0.jar}]
                """;
        assertEquals(1, formatted(validate(KUBE, spec("flink:2.2-java17", "    state.savepoints.dir: s3://flink/sp", jobManagerOnly))
                .warnings()).stream().filter(w -> w.contains("needs Flink's flink-s3-fs-hadoop plugin")).count(),
                "the TaskManagers would still have no plugin");
        String onASidecar = both.replace("flink-main-container", "log-shipper\n          image: fluent/fluent-bit:3.0");
        assertEquals(1, formatted(validate(KUBE, spec("flink:2.2-java17", "    state.savepoints.dir: s3://flink/sp", onASidecar))
                .warnings()).stream().filter(w -> w.contains("needs Flink's flink-s3-fs-hadoop plugin")).count(),
                "on another container it enables nothing");
    }

    @Test
    void theDaemonsLocalDefaultIsCheckedPerAppAndNotWithoutTheKubernetesTarget() {
        String yaml = spec("flink:2.3.0-java17", "    taskmanager.numberOfTaskSlots: \"1\"", "");
        SpecValidator daemonDefault = new SpecValidator(ValidationSettings.defaults().withKubernetesTarget(true)
                .withDefaultSavepointDir("file:///data/savepoints"));

        List<String> errors = formatted(validate(daemonDefault, yaml).errors());
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("the daemon's --savepoint-dir 'file:///data/savepoints/payments/orders' is a local path"),
                errors.get(0));
        SpecValidator session = new SpecValidator(ValidationSettings.defaults().withDefaultSavepointDir("file:///data/savepoints"));
        assertEquals(List.of(), formatted(validate(session, yaml).errors()), "the session target shares the cluster's own disk");
    }
}
