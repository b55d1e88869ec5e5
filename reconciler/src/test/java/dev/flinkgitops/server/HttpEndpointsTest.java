package dev.flinkgitops.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flinkgitops.testing.Await;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpEndpointsTest {

    private static final String SECRET = "s3cr3t-webhook";
    private static final int CAP = 1024;
    private static final byte[] PUSH = "{\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8);

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final Metrics metrics = new Metrics();
    private final AtomicReference<Optional<String>> notReady = new AtomicReference<>(Optional.empty());
    private final AtomicInteger wakes = new AtomicInteger();
    private HttpEndpoints endpoints;

    @BeforeEach
    void start() throws IOException {
        endpoints = new HttpEndpoints(
                new HttpEndpoints.Options(new InetSocketAddress("127.0.0.1", 0), CAP),
                metrics,
                notReady::get,
                Optional.of(WebhookSecret.of(SECRET)),
                wakes::incrementAndGet);
        endpoints.start();
    }

    @AfterEach
    void stop() {
        endpoints.close();
    }

    @Test
    void metricsExposesRecordedMeters() throws Exception {
        metrics.tick(Duration.ofMillis(5));
        metrics.upgrade("blocked");

        HttpResponse<String> response = get("/metrics");

        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        assertEquals(1.0, MetricsTest.value(response.body(), "flinkgitops_ticks_total"));
        assertEquals(1.0, MetricsTest.value(response.body(), "flinkgitops_upgrades_total{result=\"blocked\"}"));
    }

    @Test
    void healthzIsOk() throws Exception {
        HttpResponse<String> response = get("/healthz");
        assertEquals(200, response.statusCode());
        assertEquals("ok", response.body());
    }

    @Test
    void readyzFollowsTheReadinessSupplier() throws Exception {
        assertEquals(200, get("/readyz").statusCode());

        notReady.set(Optional.of("not the leader"));
        HttpResponse<String> response = get("/readyz");

        assertEquals(503, response.statusCode());
        assertEquals("not the leader", response.body());
    }

    @Test
    void validGithubPushWakesOnce() throws Exception {
        HttpResponse<String> response = post(PUSH, "X-GitHub-Event", "push", "X-Hub-Signature-256", sign(PUSH));
        assertEquals(202, response.statusCode());
        assertEquals(1, wakes.get());
    }

    @Test
    void wrongGithubSignatureIsUnauthorised() throws Exception {
        byte[] other = "{\"ref\":\"refs/heads/other\"}".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = post(PUSH, "X-GitHub-Event", "push", "X-Hub-Signature-256", sign(other));
        assertEquals(401, response.statusCode());
        assertEquals(0, wakes.get());
    }

    @Test
    void missingGithubSignatureIsUnauthorised() throws Exception {
        assertEquals(401, post(PUSH, "X-GitHub-Event", "push").statusCode());
        assertEquals(401, post(PUSH).statusCode());
        assertEquals(0, wakes.get());
    }

    @Test
    void gitlabTokenMustMatch() throws Exception {
        assertEquals(401, post(PUSH, "X-Gitlab-Event", "Push Hook", "X-Gitlab-Token", "guess").statusCode());
        assertEquals(0, wakes.get());

        assertEquals(202, post(PUSH, "X-Gitlab-Event", "Push Hook", "X-Gitlab-Token", SECRET).statusCode());
        assertEquals(1, wakes.get());
    }

    @Test
    void oversizeBodyIsRefusedWithoutWaking() throws Exception {
        byte[] big = new byte[CAP * 4];
        HttpResponse<String> sized = post(big, "X-GitHub-Event", "push", "X-Hub-Signature-256", sign(big));
        assertEquals(413, sized.statusCode());

        BodyPublisher chunked = BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big));
        HttpResponse<String> streamed = send(webhookRequest(chunked, "X-GitHub-Event", "push",
                "X-Hub-Signature-256", sign(big)));
        assertEquals(413, streamed.statusCode());
        assertEquals(0, wakes.get());
    }

    @Test
    void bodyExactlyAtTheCapIsAccepted() throws Exception {
        byte[] full = new byte[CAP];
        assertEquals(202, post(full, "X-GitHub-Event", "push", "X-Hub-Signature-256", sign(full)).statusCode());
    }

    @Test
    void aBodyAfterExpectContinueIsRead() throws Exception {
        byte[] body = new byte[CAP];
        HttpRequest request = HttpRequest.newBuilder(uri("/webhook")).expectContinue(true)
                .POST(BodyPublishers.ofByteArray(body))
                .headers("X-GitHub-Event", "push", "X-Hub-Signature-256", sign(body)).build();
        assertEquals(202, send(request).statusCode());
        assertEquals(1, wakes.get());
    }

    @Test
    void wrongMethodsAndPaths() throws Exception {
        HttpResponse<String> getWebhook = get("/webhook");
        assertEquals(405, getWebhook.statusCode());
        assertEquals("POST", getWebhook.headers().firstValue("Allow").orElse(""));
        assertEquals(405, send(HttpRequest.newBuilder(uri("/metrics")).POST(BodyPublishers.noBody()).build())
                .statusCode());
        assertEquals(404, get("/nope").statusCode());
        assertEquals(404, get("/metrics/extra").statusCode());
    }

    @Test
    void closeStopsServingPromptly() {
        URI address = endpoints.address();
        long started = System.nanoTime();
        endpoints.close();
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(2)) < 0);
        Await.until(Duration.ofSeconds(5), "the port to refuse connections", () -> {
            try {
                client.send(HttpRequest.newBuilder(address.resolve("/healthz")).build(), BodyHandlers.discarding());
                return false;
            } catch (IOException e) {
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    private HttpResponse<String> post(byte[] body, String... headers) throws Exception {
        return send(webhookRequest(BodyPublishers.ofByteArray(body), headers));
    }

    private HttpRequest webhookRequest(BodyPublisher body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/webhook")).POST(body);
        if (headers.length > 0) {
            request.headers(headers);
        }
        return request.build();
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return client.send(request, BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return endpoints.address().resolve(path);
    }

    private static String sign(byte[] body) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    }
}
