package dev.flinkgitops.kube;

import dev.flinkgitops.port.RenderRequest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flinkgitops.appspec.AppSpec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RendererTest {

    private static final String LAYERED = """
              image: flink:2.2-java17
              serviceAccount: flink
              podTemplate:
                metadata:
                  labels: {team: payments, app.kubernetes.io/name: not-ours}
                  annotations: {prometheus.io/scrape: "true"}
                spec:
                  priorityClassName: base-priority
                  tolerations: [{key: spot, operator: Exists}]
                  containers:
                    - name: flink-main-container
                      image: template-image:1
                      env: [{name: TZ, value: UTC}, {name: MODE, value: base}]
                      resources: {requests: {nvidia.com/gpu: "1"}}
                      volumeMounts: [{name: data, mountPath: /data}]
                    - name: sidecar
                      image: sidecar:1
                  volumes: [{name: data, emptyDir: {}}]
              jobManager:
                resource: {memory: 2g, cpu: 0.5}
                podTemplate:
                  spec:
                    priorityClassName: jm-priority
                    tolerations: [{key: dedicated, operator: Exists}]
                    containers:
                      - name: flink-main-container
                        env: [{name: MODE, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]
                      - name: jm-sidecar
                        image: jm-sidecar:1
                    volumes: [{name: data, persistentVolumeClaim: {claimName: jm-data}}]
              job:
                jarURI: local:///opt/flink/usrlib/job.jar
                parallelism: 5
              flinkConfiguration:
                state.savepoints.dir: s3://bucket/savepoints
                taskmanager.numberOfTaskSlots: "2"
            """;

    @Test
    void podTemplatesLayerBaseThenRoleThenOurs() {
        List<HasMetadata> objects = render(LAYERED, null);
        PodSpec jm = ((Deployment) objects.get(2)).getSpec().getTemplate().getSpec();
        Map<String, String> jmLabels = ((Deployment) objects.get(2)).getSpec().getTemplate().getMetadata().getLabels();

        assertEquals("payments", jmLabels.get("team"), "template label kept");
        assertEquals("orders", jmLabels.get(KubeLabels.NAME), "our label wins");
        assertEquals("true", ((Deployment) objects.get(2)).getSpec().getTemplate().getMetadata().getAnnotations()
                .get("prometheus.io/scrape"));
        assertEquals("jm-priority", jm.getPriorityClassName(), "role template over base");
        assertEquals("dedicated", jm.getTolerations().get(0).getKey(), "other lists are replaced");
        assertEquals(1, jm.getTolerations().size());
        assertEquals(List.of("flink-main-container", "sidecar", "jm-sidecar"),
                jm.getContainers().stream().map(Container::getName).toList());
        assertEquals("jm-data", volume(jm, "data").getPersistentVolumeClaim().getClaimName(), "named item replaced");
        assertNull(volume(jm, "data").getEmptyDir(), "not mixed with the base's emptyDir");
        assertEquals("orders-flink-config", volume(jm, FlinkPod.CONFIG_VOLUME).getConfigMap().getName());
        assertEquals("flink", jm.getServiceAccountName());

        Container main = jm.getContainers().get(0);
        assertEquals("flink:2.2-java17", main.getImage(), "ours win over the template container");
        assertEquals(List.of("TZ", "MODE"), main.getEnv().stream().map(EnvVar::getName).toList());
        assertEquals("UTC", main.getEnv().get(0).getValue());
        assertNull(main.getEnv().get(1).getValue(), "env entry replaced by name, not mixed");
        assertEquals("metadata.name", main.getEnv().get(1).getValueFrom().getFieldRef().getFieldPath());
        assertEquals(new Quantity("1"), main.getResources().getRequests().get("nvidia.com/gpu"), "template resource kept");
        assertEquals(new Quantity("2048Mi"), main.getResources().getRequests().get("memory"));
        assertEquals(new Quantity("2048Mi"), main.getResources().getLimits().get("memory"));
        assertEquals(new Quantity("0.5"), main.getResources().getLimits().get("cpu"));
        assertEquals(List.of(PodHardening.TMP_DIR, PodHardening.LOG_DIR, "/data", FlinkPod.CONFIG_DIR),
                main.getVolumeMounts().stream().map(m -> m.getMountPath()).toList());
        assertEquals(List.of("rest", "rpc", "blob"), main.getPorts().stream().map(p -> p.getName()).toList());
    }

    @Test
    void theTaskManagerGetsTheBaseTemplateWithoutTheJobManagerOverride() {
        PodSpec tm = ((Deployment) render(LAYERED, null).get(3)).getSpec().getTemplate().getSpec();

        assertEquals("base-priority", tm.getPriorityClassName());
        assertEquals(List.of("flink-main-container", "sidecar"), tm.getContainers().stream().map(Container::getName).toList());
        assertEquals("base", tm.getContainers().get(0).getEnv().get(1).getValue());
        assertTrue(volume(tm, "data").getEmptyDir() != null);
        assertEquals(List.of("taskmanager"), tm.getContainers().get(0).getArgs());
    }

    @Test
    void theSpecIsNotModifiedByRendering() {
        AppSpec spec = KubeFixtures.deployment(LAYERED);
        String before = spec.resource().toString();
        Renderer.render(new RenderRequest(spec, KubeFixtures.JOB_ID, null, null));
        assertEquals(before, spec.resource().toString());
    }

    @Test
    void taskManagersCoverTheParallelismWithTheirSlots() {
        assertEquals(3, taskManagers(5, "2"), "ceil(5 / 2)");
        assertEquals(2, taskManagers(4, "2"));
        assertEquals(4, taskManagers(4, null), "one slot by default");
        assertEquals(1, taskManagers(1, "8"));
    }

    @Test
    void explicitTaskManagerReplicasWin() {
        String spec = """
                  image: flink:2.2-java17
                  taskManager: {replicas: 7}
                  job: {jarURI: "local:///opt/flink/usrlib/job.jar", parallelism: 2, upgradeMode: stateless}
                """;
        assertEquals(7, ((Deployment) render(spec, null).get(3)).getSpec().getReplicas());
    }

    @Test
    void objectsComeInApplyOrderWithTheirNamesLabelsAndAnnotations() {
        List<HasMetadata> objects = render(LAYERED, null);
        assertEquals(List.of("ConfigMap/orders-flink-config", "Service/orders-rest", "Deployment/orders-jobmanager",
                "Deployment/orders-taskmanager", "NetworkPolicy/orders-flink"), objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList());
        for (HasMetadata object : objects) {
            assertEquals("payments", object.getMetadata().getNamespace());
            assertEquals(KubeLabels.MANAGED_BY_VALUE, object.getMetadata().getLabels().get(KubeLabels.MANAGED_BY));
            assertEquals(KubeFixtures.deployment(LAYERED).hash(), object.getMetadata().getAnnotations().get(KubeLabels.SPEC_HASH));
            assertEquals(KubeLabels.contentHash(object), object.getMetadata().getAnnotations().get(KubeLabels.CONTENT_HASH));
            assertTrue(object.getMetadata().getOwnerReferences().isEmpty());
        }
        Service service = (Service) objects.get(1);
        assertEquals(KubeLabels.selector(KubeFixtures.deployment(LAYERED).id(), KubeLabels.JOBMANAGER),
                service.getSpec().getSelector());
        assertEquals(service.getSpec().getSelector(), ((Deployment) objects.get(2)).getSpec().getTemplate().getMetadata()
                .getLabels().entrySet().stream().filter(e -> e.getKey().startsWith("app.kubernetes.io/"))
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    @Test
    void applicationModeArguments() {
        String spec = """
                  image: flink:2.2-java17
                  job:
                    jarURI: local:///jobs/job.jar
                    entryClass: com.example.Job
                    args: ["--in", "x"]
                    allowNonRestoredState: true
                    upgradeMode: stateless
                """;
        assertEquals(List.of("standalone-job", "--job-classname", "com.example.Job", "--job-id", KubeFixtures.JOB_ID,
                        "--fromSavepoint", "s3://b/sp-1", "--allowNonRestoredState", "--jars", "/jobs/job.jar", "--in", "x"),
                mainContainer(render(spec, "s3://b/sp-1"), 2).getArgs());
        assertEquals(List.of("standalone-job", "--job-classname", "com.example.Job", "--job-id", KubeFixtures.JOB_ID,
                        "--jars", "/jobs/job.jar", "--in", "x"),
                mainContainer(render(spec, null), 2).getArgs(), "no restore: neither flag");
    }

    @Test
    void configurationDropsOperatorKeysAndKeepsWhatTheSpecSets() {
        String spec = """
                  image: flink:1.20
                  flinkConfiguration:
                    kubernetes.operator.periodic.savepoint.interval: 1h
                    rest.port: "9091"
                    taskmanager.memory.flink.size: 1g
                    pipeline.name: "a: b"
                  taskManager: {resource: {memory: 4g}}
                  job: {jarURI: "local:///opt/flink/usrlib/job.jar", upgradeMode: stateless}
                """;
        List<HasMetadata> objects = render(spec, null);
        Map<String, String> data = ((ConfigMap) objects.get(0)).getData();
        String config = data.get(FlinkConfigFile.CONFIG_YAML);

        assertFalse(config.contains("kubernetes.operator"));
        assertTrue(config.contains("rest.port: 9091\n"));
        assertTrue(config.contains("pipeline.name: 'a: b'\n"), config);
        assertTrue(data.get(FlinkConfigFile.LEGACY_CONFIG_YAML).contains("pipeline.name: a: b\n"));
        assertFalse(config.contains("taskmanager.memory.process.size"), "the spec sizes the TaskManager already");
        assertFalse(config.contains("parallelism.default"), "the job leaves it to the cluster");
        assertFalse(config.contains("state.savepoints.dir"), "no directory given");
        assertEquals(9091, ((Service) objects.get(1)).getSpec().getPorts().get(0).getPort());
        assertEquals(9091, mainContainer(objects, 2).getPorts().get(0).getContainerPort());
        assertEquals(List.of("standalone-job", "--job-id", KubeFixtures.JOB_ID), mainContainer(objects, 2).getArgs());
    }

    @Test
    void flinkMemorySizesAreBinary() {
        assertEquals("1600m", FlinkMemory.parse("1600m").flinkValue());
        assertEquals(new Quantity("1600Mi"), FlinkMemory.parse("1600m").quantity());
        assertEquals("2048m", FlinkMemory.parse("2g").flinkValue());
        assertEquals("2048m", FlinkMemory.parse("2Gi").flinkValue());
        assertEquals("1536m", FlinkMemory.parse("1536 mb").flinkValue());
        assertEquals("100b", FlinkMemory.parse("100").flinkValue());
        assertThrows(IllegalArgumentException.class, () -> FlinkMemory.parse("lots"));
    }

    @Test
    void configValuesReadBackAsTheSameStrings() {
        assertEquals("5s", FlinkConfigFile.scalar("5s"));
        assertEquals("s3://bucket/dir", FlinkConfigFile.scalar("s3://bucket/dir"));
        assertEquals("'off'", FlinkConfigFile.scalar("off"));
        assertEquals("'010'", FlinkConfigFile.scalar("010"));
        assertEquals("'it''s # here'", FlinkConfigFile.scalar("it's # here"));
        assertEquals("''", FlinkConfigFile.scalar(""));
    }

    @Test
    void requestsAreChecked() {
        AppSpec spec = KubeFixtures.deployment(LAYERED);
        assertThrows(IllegalArgumentException.class, () -> new RenderRequest(spec, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new RenderRequest(spec, "not-a-job-id", null, null));
    }

    private static int taskManagers(int parallelism, String slots) {
        String spec = "  image: flink:2.2-java17\n"
                + (slots == null ? "" : "  flinkConfiguration: {taskmanager.numberOfTaskSlots: \"" + slots + "\"}\n")
                + "  job: {jarURI: \"local:///opt/flink/usrlib/job.jar\", parallelism: " + parallelism
                + ", upgradeMode: stateless}\n";
        return ((Deployment) render(spec, null).get(3)).getSpec().getReplicas();
    }

    private static List<HasMetadata> render(String specYaml, String restorePath) {
        AppSpec spec = KubeFixtures.deployment(specYaml);
        return KubeFixtures.withoutHaAccess(
                Renderer.render(new RenderRequest(spec, spec.hasJob() ? KubeFixtures.JOB_ID : null, restorePath, null)));
    }

    private static Container mainContainer(List<HasMetadata> objects, int index) {
        return ((Deployment) objects.get(index)).getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst().orElseThrow();
    }
}
