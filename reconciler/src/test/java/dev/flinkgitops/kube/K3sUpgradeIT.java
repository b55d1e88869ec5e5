package dev.flinkgitops.kube;

import dev.flinkgitops.config.DaemonConfig;
import dev.flinkgitops.config.KubeConfig;
import dev.flinkgitops.daemon.Daemon;
import dev.flinkgitops.daemon.Wiring;
import dev.flinkgitops.flink.FlinkRestClient;
import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.Phase;
import dev.flinkgitops.testing.Await;
import dev.flinkgitops.testing.ExampleJob;
import dev.flinkgitops.testing.GitServer;
import dev.flinkgitops.testing.SpecRepo;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The whole Kubernetes flow on a real cluster: k3s in Docker, the official Flink image, the
 * daemon (in this JVM) reaching each JobManager through a fabric8 port-forward, a FlinkDeployment
 * deployed in application mode and upgraded through a savepoint.
 *
 * <p><b>Never run yet</b>: written on a machine without Docker, where it is reported as skipped;
 * it compiles with the normal build. Needs Docker, network access to pull {@code rancher/k3s} and
 * the Flink image ({@code -Dflinkgitops.k3s.flinkImage}, default {@code flink:2.1-java17}; the
 * example job uses only APIs 2.1 has), and about 3 GB of memory.
 *
 * <p>The example job's jar reaches the pods through a ConfigMap mounted into {@code usrlib}; the
 * savepoints and checkpoints go to a PersistentVolumeClaim of k3s's {@code local-path} provisioner, so
 * that the next JobManager (a new pod on the single k3s node) can read the savepoint the last one wrote.
 * Not a hostPath: the kubelet creates a hostPath directory owned by root, which the pods (uid and gid 9999,
 * the Flink image's {@code flink} user, non-root by the rendered securityContext) cannot write, and
 * {@code fsGroup} does not apply to hostPath volumes; the daemon's default pod-template policy forbids
 * hostPath anyway. The local-path provisioner creates its directories with mode 0777, and on one node a
 * ReadWriteOnce claim is mounted by every pod. Checked: the new job (the daemon's job id) is
 * the one running on the new JobManager, started from the savepoint the status branch recorded.
 * TODO when it first runs somewhere with Docker: also read the counters (e.g. from the
 * TaskManager's log) to show the state continued, as the other suites do.
 */
@EnabledIf("dockerAvailable")
class K3sUpgradeIT {

    private static final String NS = "payments";
    private static final AppId APP = new AppId(NS, "orders");
    private static final Duration WAIT = Duration.ofMinutes(6);

    @TempDir
    static Path dir;

    private static K3sContainer k3s;
    private static KubernetesClient client;
    private static GitServer git;

    static boolean dockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    @BeforeAll
    static void start() throws Exception {
        k3s = new K3sContainer(DockerImageName.parse("rancher/k3s:v1.31.4-k3s1"));
        k3s.start();
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(k3s.getKubeConfigYaml())).build();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
        client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName("example-job")
                .endMetadata().addToBinaryData(ExampleJob.JAR_NAME,
                        Base64.getEncoder().encodeToString(Files.readAllBytes(ExampleJob.jar()))).build()).create();
        client.persistentVolumeClaims().inNamespace(NS).resource(new PersistentVolumeClaimBuilder().withNewMetadata()
                .withName("flink-data").endMetadata().withNewSpec().withAccessModes("ReadWriteOnce")
                .withStorageClassName("local-path")
                .withNewResources().addToRequests("storage", new Quantity("1Gi")).endResources().endSpec().build()).create();
        git = GitServer.start(dir.resolve("git"));
    }

    @AfterAll
    static void stop() {
        if (git != null) {
            git.close();
        }
        if (client != null) {
            client.close();
        }
        if (k3s != null) {
            k3s.stop();
        }
    }

    private static String spec(String tag) {
        String image = System.getProperty("flinkgitops.k3s.flinkImage", "flink:2.1-java17");
        return """
                apiVersion: flink.apache.org/v1beta1
                kind: FlinkDeployment
                metadata: {name: orders, namespace: payments}
                spec:
                  image: %s
                  flinkConfiguration:
                    execution.checkpointing.interval: "2s"
                    taskmanager.numberOfTaskSlots: "2"
                    state.savepoints.dir: file:///flink-data/savepoints
                    execution.checkpointing.dir: file:///flink-data/checkpoints
                  jobManager: {resource: {memory: "1024m", cpu: 0.5}}
                  taskManager: {resource: {memory: "1024m", cpu: 0.5}}
                  podTemplate:
                    spec:
                      containers:
                        - name: flink-main-container
                          volumeMounts:
                            - {name: example-job, mountPath: /opt/flink/usrlib/%s, subPath: %s}
                            - {name: flink-data, mountPath: /flink-data}
                      volumes:
                        - name: example-job
                          configMap: {name: example-job}
                        - name: flink-data
                          persistentVolumeClaim: {claimName: flink-data}
                  job:
                    jarURI: local:///opt/flink/usrlib/%s
                    entryClass: %s
                    args: ["--tag", "%s", "--rate", "10"]
                    parallelism: 2
                    upgradeMode: savepoint
                """.formatted(image, ExampleJob.JAR_NAME, ExampleJob.JAR_NAME, ExampleJob.JAR_NAME, ExampleJob.ENTRY_CLASS,
                tag);
    }

    private static AppStatus tickUntil(Daemon daemon, String what, Predicate<AppStatus> done) {
        return Await.value(WAIT, what, () -> {
            daemon.tickOnce();
            AppStatus status = daemon.statuses().get(APP);
            return status != null && done.test(status) ? status : null;
        });
    }

    @Test
    void anApplicationIsDeployedAndUpgradedThroughASavepointOnARealCluster() throws Exception {
        String url = git.createRepository("specs.git");
        DaemonConfig config = DaemonConfig.of(url).withWorkDir(dir.resolve("daemon"))
                .withTiming(timing -> timing.withIntervals(Duration.ofSeconds(5), Duration.ofMillis(500)))
                .withFlink(flink -> flink.withTimeout(Duration.ofSeconds(20)))
                .withKubernetes(new KubeConfig(Set.of(NS), "port-forward", "flink-gitops", "default"));
        try (SpecRepo specs = SpecRepo.create(dir.resolve("specs"), url);
                Daemon daemon = Wiring.daemon(config, Clock.systemUTC(), new Wiring.KubeAccess(client,
                        ServiceUrls.portForward(client), Leadership.always(), false))) {
            String v1 = specs.write("apps/payments/orders.yaml", spec("v1")).commitAndPush("v1");
            AppStatus first = tickUntil(daemon, "v1 RUNNING", s -> s.phase() == Phase.RUNNING && v1.equals(s.specCommit()));

            String v2 = specs.write("apps/payments/orders.yaml", spec("v2")).commitAndPush("v2");
            AppStatus upgraded = tickUntil(daemon, "v2 RUNNING", s -> s.phase() == Phase.RUNNING && v2.equals(s.specCommit()));

            assertNotEquals(first.job().id(), upgraded.job().id());
            assertEquals(upgraded.lastSavepoint().path(), upgraded.job().restoredFrom());
            FlinkRestClient flink = new FlinkRestClient(
                    () -> ServiceUrls.portForward(client).url(NS, KubeLabels.restServiceName(APP)), Duration.ofSeconds(20));
            assertEquals(upgraded.job().id(), flink.listJobs().stream().filter(j -> !j.state().terminal()).findFirst()
                    .orElseThrow().id());
        }
    }
}
