package dev.flinkgitops.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flinkgitops.flink.FlinkRestClient;
import dev.flinkgitops.jars.JarUploads;
import dev.flinkgitops.port.CheckpointInfo;
import dev.flinkgitops.port.JobState;
import dev.flinkgitops.port.RunRequest;
import dev.flinkgitops.testing.Await;
import dev.flinkgitops.testing.ExampleJob;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Flink JobManager with Flink's own Kubernetes HA services ({@code high-availability.type: kubernetes}, the
 * default the renderer gives stateful apps) against fabric8's mock API server in CRUD mode: its leader election and
 * job and checkpoint pointers live in ConfigMaps there. The JobManager is stopped without cancelling the job and a new
 * one started with the same cluster id, as a kubelet restarting the container would: it recovers the job from its
 * latest checkpoint, never from the path it was first started from.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesHaIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String JOB = "00000000000000000000000000000abc";

    KubernetesClient client;

    @TempDir
    Path dir;

    @Test
    void aRestartedJobManagerRecoversTheJobFromItsLatestCheckpointThroughTheApiServer() throws Exception {
        Configuration config = configuration();
        long before;
        Cluster first = Cluster.start(config);
        try {
            FlinkRestClient flink = new FlinkRestClient(first.url(), Duration.ofSeconds(10));
            flink.runJar(new JarUploads().ensureUploaded(flink, ExampleJob.jar()), new RunRequest(ExampleJob.ENTRY_CLASS, 1,
                    List.of("--tag", "ha", "--rate", "20", "--output", dir.resolve("output").toString()), null, false, JOB,
                    Map.of()));
            before = Await.value(WAIT, "two checkpoints", () -> {
                CheckpointInfo checkpoints = flink.checkpoints(JOB);
                return checkpoints.completed() >= 2 ? checkpoints.completed() : null;
            });
            assertTrue(haConfigMaps().containsAll(List.of("orders-cluster-config-map", "orders-" + JOB + "-config-map")),
                    "Flink's HA services wrote their ConfigMaps through the API server: " + haConfigMaps());
        } finally {
            // The JobManager goes without cancelling the job or cleaning its HA data, as a killed container does.
            first.cluster().closeAsyncWithoutCleaningHighAvailabilityData().get();
        }

        Cluster second = Cluster.start(config);
        try {
            FlinkRestClient flink = new FlinkRestClient(second.url(), Duration.ofSeconds(10));
            Await.until(WAIT, "the job recovered and RUNNING", () -> flink.jobStatus(JOB).orElse(null) == JobState.RUNNING);
            String restored = Await.value(WAIT, "the restored checkpoint", () -> restoredPath(second.url()));
            assertTrue(restored.contains("/chk-"), "restored from a checkpoint: " + restored);
            long restoredId = Long.parseLong(restored.replaceAll(".*/chk-(\\d+).*", "$1"));
            assertTrue(restoredId >= before, "the latest checkpoint (" + restoredId + " >= " + before + ")");
        } finally {
            // gone as a killed JobManager goes (the job is not cancelled): its HA data stays for the daemon to delete
            second.cluster().closeAsyncWithoutCleaningHighAvailabilityData().get();
        }
        assertFalse(haConfigMaps().isEmpty());
        new KubernetesTarget(client).remove(new dev.flinkgitops.appspec.AppId("payments", "orders"), true);
        assertEquals(List.of(), haConfigMaps(), "deleting the app deletes the HA ConfigMaps Flink 2.x wrote");
    }

    private List<String> haConfigMaps() {
        return client.configMaps().inNamespace("payments").withLabel("app", "orders").list().getItems().stream()
                .map(c -> c.getMetadata().getName()).toList();
    }

    private Configuration configuration() throws Exception {
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: mock, cluster: {server: "%s", insecure-skip-tls-verify: true}}]
                users: [{name: mock, user: {token: mock}}]
                contexts: [{name: mock, context: {cluster: mock, user: mock, namespace: payments}}]
                current-context: mock
                """.formatted(client.getMasterUrl().toString().replaceAll("/$", "")));
        Configuration config = new Configuration();
        config.setString("high-availability.type", "kubernetes");
        config.setString("high-availability.storageDir", dir.resolve("ha").toUri().toString());
        config.setString("kubernetes.cluster-id", "orders");
        config.setString("kubernetes.namespace", "payments");
        config.setString("kubernetes.config.file", kubeconfig.toString());
        config.set(RestOptions.BIND_PORT, "0");
        config.set(RestOptions.ADDRESS, "127.0.0.1");
        config.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.resolve("checkpoints").toUri().toString());
        config.setString("execution.checkpointing.interval", "500ms");
        return config;
    }

    /** {@code latest.restored.external_path} of the job's checkpoints, or null before the restore is reported. */
    private static String restoredPath(URI url) {
        String body;
        try {
            body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url.resolve("/jobs/" + JOB + "/checkpoints")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
        com.fasterxml.jackson.databind.JsonNode restored;
        try {
            restored = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).path("latest").path("restored");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
        return restored.isObject() ? restored.path("external_path").asText(null) : null;
    }

    /** A MiniCluster: the JobManager (with its HA services) and one TaskManager in this JVM. */
    private record Cluster(MiniCluster cluster, URI url) {
        static Cluster start(Configuration config) throws Exception {
            MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(config)
                    .setNumTaskManagers(1).setNumSlotsPerTaskManager(2).build());
            cluster.start();
            return new Cluster(cluster, cluster.getRestAddress().get());
        }
    }
}
