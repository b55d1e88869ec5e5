package dev.flinkgitops.server;

import dev.flinkgitops.config.DaemonConfig;
import dev.flinkgitops.daemon.Daemon;
import dev.flinkgitops.daemon.Wiring;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.Phase;
import dev.flinkgitops.testing.Await;
import dev.flinkgitops.testing.ExampleJob;
import dev.flinkgitops.testing.FlinkGitWorldExtension;
import dev.flinkgitops.testing.SpecRepo;
import dev.flinkgitops.testing.WebhookReceiver;
import dev.flinkgitops.config.NotifyConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The daemon behind its HTTP port: a signed push webhook starts a tick at once; readiness, metrics
 * and the deploy's notification follow it.
 */
class ServerIT {

    private static final String SECRET = "webhook-secret-for-tests";

    @RegisterExtension
    static final FlinkGitWorldExtension WORLD = new FlinkGitWorldExtension();

    @Test
    void aSignedPushWebhookTriggersATickAtOnce() throws Exception {
        String url = WORLD.world().git().createRepository("webhook.git");
        Path jars = Files.createDirectories(WORLD.root().resolve("jars"));
        Files.copy(ExampleJob.jar(), jars.resolve(ExampleJob.JAR_NAME));
        DaemonConfig config = DaemonConfig.of(url).withWorkDir(WORLD.root().resolve("daemon"))
                .withTiming(timing -> timing.withIntervals(Duration.ofMinutes(10), Duration.ofMillis(100)))
                .withFlink(flink -> flink.withClusters(Map.of("default", WORLD.world().cluster().restUrl()))
                        .withSavepointDir(WORLD.root().resolve("savepoints").toUri().toString()).withJarDirs(List.of(jars)));
        HttpClient http = HttpClient.newHttpClient();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            config = config.withNotifications(new NotifyConfig(List.of(receiver.url("/services/T0/B0/" + SECRET)), List.of(),
                    List.of()));
            run(config, url, http, receiver);
        }
    }

    /** The daemon with its endpoints: a webhook, a deploy, its metrics and its notification. */
    private void run(DaemonConfig config, String url, HttpClient http, WebhookReceiver receiver) throws Exception {
        try (SpecRepo specs = SpecRepo.create(WORLD.root().resolve("specs"), url);
                Daemon daemon = Wiring.daemon(config, Clock.systemUTC());
                HttpEndpoints endpoints = new HttpEndpoints(new HttpEndpoints.Options(new InetSocketAddress("127.0.0.1", 0),
                        1 << 20), daemon.metrics(), daemon::notReadyReason, Optional.of(WebhookSecret.of(SECRET)), daemon::wake)) {
            endpoints.start();
            assertEquals(503, get(http, endpoints, "readyz").statusCode(), "not ready before a tick");
            specs.write("README.md", "specs\n").commitAndPush("empty start");
            Thread loop = new Thread(daemon::run, "daemon");
            loop.start();
            Await.until(Duration.ofSeconds(30), "the first tick", () -> get(http, endpoints, "readyz").statusCode() == 200);

            String spec = Files.readString(Path.of("../example-repo/apps/payments/orders-counter.yaml"))
                    .replace("/tmp/flink-gitops-example/", WORLD.root().resolve("out").toString() + "/");
            specs.write("apps/payments/orders-counter.yaml", spec).commitAndPush("add orders");
            long pushed = System.nanoTime();
            byte[] body = "{\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> hook = http.send(HttpRequest.newBuilder(endpoints.address().resolve("webhook"))
                    .header("X-GitHub-Event", "push").header("X-Hub-Signature-256", "sha256=" + hmac(body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(202, hook.statusCode());

            AppStatus deployed = Await.value(Duration.ofSeconds(30), "deployed after the webhook", () -> daemon.statuses().values()
                    .stream().filter(st -> st.phase() == Phase.RUNNING).findFirst().orElse(null));
            System.out.printf("[timing] push + webhook -> job RUNNING: %d ms (poll interval 10 min)%n",
                    (System.nanoTime() - pushed) / 1_000_000);
            assertTrue(deployed.job() != null);
            String metrics = get(http, endpoints, "metrics").body();
            assertTrue(metrics.contains("flinkgitops_apps{phase=\"RUNNING\"} 1.0"), metrics);
            assertTrue(metrics.contains("flinkgitops_ticks_total"), metrics);
            Await.until(Duration.ofSeconds(30), "the deployed event", () -> !receiver.bodies().isEmpty());
            assertTrue(receiver.bodies().get(0).startsWith("{\"event\":\"deployed\",\"app\":\"payments/orders-counter\""),
                    receiver.bodies().get(0));
            Await.until(Duration.ofSeconds(10), "counted as sent", () -> get(http, endpoints, "metrics").body()
                    .contains("flinkgitops_notifications_sent_total{event=\"deployed\"} 1.0"));
            daemon.stop();
            loop.join(10_000);
        }
    }

    private static HttpResponse<String> get(HttpClient http, HttpEndpoints endpoints, String path) {
        try {
            return http.send(HttpRequest.newBuilder(endpoints.address().resolve(path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hmac(byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }
}
