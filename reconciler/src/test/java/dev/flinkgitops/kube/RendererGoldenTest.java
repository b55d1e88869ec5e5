package dev.flinkgitops.kube;

import dev.flinkgitops.port.RenderRequest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flinkgitops.appspec.AppSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The objects rendered for the example repository's apps, as golden files
 * ({@code -Dgolden.update=true} rewrites them). A change here is a change to what runs in
 * every user's cluster: read the diff.
 */
class RendererGoldenTest {

    @Test
    void applicationModeRestoringFromASavepoint() throws IOException {
        AppSpec spec = KubeFixtures.exampleSpec("apps/payments/orders-counter.yaml");
        RenderRequest request = new RenderRequest(spec, KubeFixtures.JOB_ID,
                "s3://flink/savepoints/payments/orders-counter/savepoint-1a2b3c-0123456789ab",
                "s3://flink/savepoints/payments/orders-counter");

        GoldenFiles.check("orders-counter.yaml", KubeFixtures.yaml(Renderer.render(request)));
    }

    @Test
    void sessionClusterWithPodTemplates() throws IOException {
        AppSpec spec = KubeFixtures.exampleSpec("apps/analytics/session-cluster.yaml");
        RenderRequest request = new RenderRequest(spec, null, null, "s3://flink/savepoints/analytics/session");

        GoldenFiles.check("session.yaml", KubeFixtures.yaml(Renderer.render(request)));
    }

    /**
     * {@code spec.ingress} (template with {@code {{name}}}/{@code {{namespace}}}, className, annotations, labels,
     * tls) as an Ingress; the JobManager sized by {@code resources} (requests and limits, which win over
     * {@code resource}), the TaskManager by the older {@code resource}.
     */
    @Test
    void ingressAndBothResourceForms() throws IOException {
        AppSpec spec = KubeFixtures.deployment("""
                  image: flink:2.3-java17
                  flinkVersion: v2_3
                  ingress:
                    template: "flink.example.com/{{namespace}}/{{name}}(/|$)(.*)"
                    className: nginx
                    annotations:
                      nginx.ingress.kubernetes.io/rewrite-target: "/$2"
                    labels:
                      exposure: internal
                    tls:
                      - hosts: [flink.example.com]
                        secretName: flink-tls
                  jobManager:
                    resource: {memory: "1024m", cpu: 0.5}
                    resources:
                      requests: {memory: "2Gi", cpu: "500m"}
                      limits: {memory: "3Gi", cpu: "2"}
                  taskManager:
                    resource: {memory: "4g", cpu: 2, ephemeralStorage: "10Gi"}
                  job:
                    jarURI: local:///opt/flink/usrlib/job.jar
                    entryClass: com.example.Job
                    parallelism: 2
                    upgradeMode: savepoint
                """);
        RenderRequest request = new RenderRequest(spec, KubeFixtures.JOB_ID, null, "s3://flink/savepoints/payments/orders");

        List<HasMetadata> objects = Renderer.render(request);
        HasMetadata ingress = objects.get(objects.size() - 1);
        assertEquals(KubeLabels.contentHash(ingress), ingress.getMetadata().getAnnotations().get(KubeLabels.CONTENT_HASH),
                "an Ingress as rendered is not drift");
        GoldenFiles.check("ingress-and-resources.yaml", KubeFixtures.yaml(objects));
    }

    /**
     * Kubernetes HA written nested, as the operator's examples do, passed to the cluster unchanged (the cluster
     * ids default to the app's name, as the operator sets them); {@code logConfiguration} replaces the log files.
     */
    @Test
    void kubernetesHighAvailabilityAndLogConfiguration() throws IOException {
        AppSpec spec = KubeFixtures.deployment("""
                  image: flink:1.20-java17
                  flinkVersion: v1_20
                  flinkConfiguration:
                    high-availability:
                      type: kubernetes
                      storageDir: s3://flink/ha
                    state.savepoints.dir: s3://flink/savepoints/orders
                  logConfiguration:
                    log4j-console.properties: |
                      rootLogger.level = WARN
                      rootLogger.appenderRef.console.ref = ConsoleAppender
                      appender.console.name = ConsoleAppender
                      appender.console.type = CONSOLE
                      appender.console.layout.type = JsonTemplateLayout
                    logback-console.xml: |
                      <configuration><root level="WARN"/></configuration>
                  job:
                    jarURI: local:///opt/flink/usrlib/job.jar
                    entryClass: com.example.Job
                    parallelism: 1
                    upgradeMode: last-state
                """);
        RenderRequest request = new RenderRequest(spec, KubeFixtures.JOB_ID, null, null);

        GoldenFiles.check("ha-and-logging.yaml", KubeFixtures.yaml(Renderer.render(request)));
    }

    /**
     * Storage (r14-storage): a last-state app whose spec sets its own savepoint directory gets a per-app
     * checkpoint directory under it and checkpoints retained on cancellation.
     */
    @Test
    void storageCheckpointDirectoryAndLastStateRetention() throws IOException {
        AppSpec spec = KubeFixtures.deployment("""
                  image: flink:2.3.0-java17
                  flinkVersion: v2_3
                  flinkConfiguration:
                    state.savepoints.dir: s3://flink/savepoints
                  job:
                    jarURI: local:///opt/flink/usrlib/job.jar
                    entryClass: com.example.Job
                    parallelism: 1
                    upgradeMode: last-state
                """);
        RenderRequest request = new RenderRequest(spec, KubeFixtures.JOB_ID, null, "s3://flink/savepoints");

        GoldenFiles.check("storage.yaml", KubeFixtures.yaml(Renderer.render(request)));
    }

    @Test
    void theCheckpointDirectoryIsTheSpecsElseUnderTheDaemonsPerAppSavepointDirectory() {
        AppSpec own = KubeFixtures.deployment("""
                  image: flink:2.3-java17
                  flinkConfiguration:
                    execution.checkpointing.dir: s3://flink/cp
                  job:
                    jarURI: local:///opt/flink/usrlib/job.jar
                    upgradeMode: savepoint
                """);
        var config = FlinkConfigFile.effective(new RenderRequest(own, KubeFixtures.JOB_ID, null, "s3://flink/sp/payments/orders"));
        assertEquals("s3://flink/cp", config.get("execution.checkpointing.dir"));
        assertEquals(null, config.get("state.checkpoints.dir"), "the spec's Flink 2 key is not doubled");
        assertEquals(null, config.get(FlinkConfigFile.RETENTION_KEY), "savepoint mode: Flink's retention default");

        AppSpec daemons = KubeFixtures.deployment("""
                  image: flink:2.3-java17
                  job:
                    jarURI: local:///opt/flink/usrlib/job.jar
                    upgradeMode: last-state
                """);
        config = FlinkConfigFile.effective(new RenderRequest(daemons, KubeFixtures.JOB_ID, null, "s3://flink/sp/payments/orders/"));
        assertEquals("s3://flink/sp/payments/orders/checkpoints", config.get("state.checkpoints.dir"));
        assertEquals("RETAIN_ON_CANCELLATION", config.get(FlinkConfigFile.RETENTION_KEY));
    }

    /** The plugin variable: from the annotation's list, nothing for {@code none}, the pod template's value kept. */
    @Test
    void builtInPluginsFollowTheAnnotationAndATemplatesOwnValue() {
        String spec = """
                  image: flink:2.2-java17
                  flinkConfiguration:
                    state.savepoints.dir: gs://flink/savepoints
                  %s
                  job:
                    jarURI: local:///opt/flink/usrlib/job.jar
                    upgradeMode: savepoint
                """;
        assertEquals(null, pluginsEnv(KubeFixtures.deployment(spec.formatted(""))), "no full version in the tag: not named");
        AppSpec withList = deploymentAnnotated(spec.formatted(""), "flink-gs-fs-hadoop-2.2.1.jar; flink-s3-fs-presto-2.2.1.jar");
        assertEquals("flink-gs-fs-hadoop-2.2.1.jar;flink-s3-fs-presto-2.2.1.jar", pluginsEnv(withList));
        assertEquals(null, pluginsEnv(deploymentAnnotated(spec.formatted("").replace("2.2-java17", "2.2.1-java17"), "none")));
        AppSpec own = KubeFixtures.deployment(spec.replace("2.2-java17", "2.2.1-java17").formatted("""
                podTemplate:
                    spec:
                      containers:
                        - name: flink-main-container
                          env: [{name: ENABLE_BUILT_IN_PLUGINS, value: my-gs.jar}]"""));
        assertEquals("my-gs.jar", pluginsEnv(own));
    }

    private static AppSpec deploymentAnnotated(String specYaml, String plugins) {
        String yaml = """
                apiVersion: flink.apache.org/v1beta1
                kind: FlinkDeployment
                metadata:
                  name: orders
                  namespace: payments
                  annotations: {flink-gitops.dev/built-in-plugins: "%s"}
                spec:
                """.formatted(plugins) + specYaml;
        var result = new dev.flinkgitops.validate.SpecValidator(dev.flinkgitops.validate.ValidationSettings.defaults())
                .validateFile("apps/payments/orders.yaml", yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return java.util.Objects.requireNonNull(result.spec(), result.findings().toString());
    }

    private static String pluginsEnv(AppSpec spec) {
        List<HasMetadata> objects = Renderer.render(new RenderRequest(spec, KubeFixtures.JOB_ID, null, null));
        var jobManager = (io.fabric8.kubernetes.api.model.apps.Deployment) objects.stream()
                .filter(o -> o.getMetadata().getName().endsWith("-jobmanager")).findFirst().orElseThrow();
        var taskManager = (io.fabric8.kubernetes.api.model.apps.Deployment) objects.stream()
                .filter(o -> o.getMetadata().getName().endsWith("-taskmanager")).findFirst().orElseThrow();
        String value = env(jobManager);
        assertEquals(value, env(taskManager), "the TaskManagers write checkpoints too");
        return value;
    }

    private static String env(io.fabric8.kubernetes.api.model.apps.Deployment deployment) {
        var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        return container.getEnv() == null ? null : container.getEnv().stream().filter(e -> e.getName().equals(StoragePlugins.ENV))
                .map(io.fabric8.kubernetes.api.model.EnvVar::getValue).findFirst().orElse(null);
    }

    @Test
    void theHaClusterIdsTheSpecWritesAreKeptInEverySpelling() {
        for (String ha : new String[] {"high-availability.type: KUBERNETES", "high-availability: kubernetes",
            "high-availability: org.apache.flink.kubernetes.highavailability.KubernetesHaServicesFactory"}) {
            AppSpec spec = KubeFixtures.deployment("""
                      image: flink:2.3-java17
                      flinkConfiguration:
                        %s
                        high-availability.storageDir: s3://flink/ha
                        kubernetes.cluster-id: orders-eu
                      job:
                        jarURI: local:///opt/flink/usrlib/job.jar
                        upgradeMode: savepoint
                    """.formatted(ha));
            var config = FlinkConfigFile.effective(new RenderRequest(spec, KubeFixtures.JOB_ID, null, null));
            assertEquals("orders-eu", config.get("kubernetes.cluster-id"), ha);
            assertEquals("orders", config.get("high-availability.cluster-id"), ha);
            assertEquals("s3://flink/ha", config.get("high-availability.storageDir"), ha);
            assertEquals(ha.substring(ha.indexOf(": ") + 2), config.getOrDefault("high-availability.type",
                    config.get("high-availability")), ha);
        }
    }

    @Test
    void theSameRequestRendersTheSameBytes() {
        AppSpec spec = KubeFixtures.exampleSpec("apps/analytics/session-cluster.yaml");
        RenderRequest request = new RenderRequest(spec, null, null, null);

        assertEquals(KubeFixtures.yaml(Renderer.render(request)), KubeFixtures.yaml(Renderer.render(request)));
    }
}
