package dev.flinkgitops.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fault proxy against a small Flink-shaped HTTP server: faithful when off, and each fault does what it says. */
class FaultProxyTest {

    private static final String JOB = "0123456789abcdef0123456789abcdef";
    private static final String OVERVIEW = "{\"jobs\":[{\"jid\":\"" + JOB + "\",\"name\":\"a\",\"state\":\"RUNNING\",\"start-time\":1},"
            + "{\"jid\":\"fedcba9876543210fedcba9876543210\",\"name\":\"b\",\"state\":\"FINISHED\",\"start-time\":2}]}";

    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
    private final HttpClient client = HttpClient.newHttpClient();
    private HttpServer upstream;
    private FaultProxy proxy;

    @BeforeEach
    void start() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        upstream.setExecutor(Executors.newCachedThreadPool());
        upstream.createContext("/", this::echo);
        upstream.createContext("/jobs/overview", exchange -> answer(exchange, 200, OVERVIEW.getBytes(StandardCharsets.UTF_8)));
        upstream.start();
        proxy = FaultProxy.start(URI.create("http://127.0.0.1:" + upstream.getAddress().getPort()), 7, Duration.ofMillis(600));
    }

    @AfterEach
    void stop() {
        proxy.close();
        upstream.stop(0);
    }

    @Test
    void withFaultsOffEveryRequestIsForwardedByteForByte() throws Exception {
        byte[] jar = new byte[300_000];
        new Random(1).nextBytes(jar);
        HttpResponse<String> upload = client.send(request("jars/upload?x=1&y=a%20b")
                .header("Content-Type", "multipart/form-data; boundary=abc").header("X-Test", "kept")
                .POST(HttpRequest.BodyPublishers.ofByteArray(jar)).build(), HttpResponse.BodyHandlers.ofString());

        JsonNode echoed = json.readTree(upload.body());
        assertEquals(200, upload.statusCode());
        assertEquals("POST", echoed.path("method").asText());
        assertEquals("/jars/upload?x=1&y=a%20b", echoed.path("target").asText());
        assertEquals("multipart/form-data; boundary=abc", echoed.path("contentType").asText());
        assertEquals("kept", echoed.path("xTest").asText());
        assertEquals(sha256(jar), echoed.path("sha256").asText(), "the body arrived byte for byte");
        assertEquals("yes", upload.headers().firstValue("X-Upstream").orElse(""), "response headers come back");

        HttpResponse<String> cancel = client.send(request("jobs/" + JOB + "?mode=cancel")
                .method("PATCH", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, cancel.statusCode(), "Flink's status comes back");
        assertEquals("PATCH", json.readTree(cancel.body()).path("method").asText());
        assertEquals(OVERVIEW, get("jobs/overview").body());
        assertEquals(Map.of(), proxy.injected());
        assertEquals(3, proxy.requests());
        assertEquals(1, proxy.requests("PATCH /jobs/:id"));
    }

    @Test
    void serverErrorsAreHtmlAndNeverReachFlink() throws Exception {
        proxy.faults(1, EnumSet.of(Fault.SERVER_ERROR));
        HttpResponse<String> answer = post("jobs/" + JOB + "/stop", "{\"drain\":false}");
        assertTrue(Set.of(500, 502, 503).contains(answer.statusCode()), "status " + answer.statusCode());
        assertTrue(answer.body().contains("<html>"), answer.body());
        assertEquals(0, count("/jobs/" + JOB + "/stop"));
        assertEquals(Map.of("POST /jobs/:id/stop", Map.of(Fault.SERVER_ERROR, 1L)), proxy.injectedByEndpoint());
    }

    @Test
    void aResetGivesNoAnswerAndNeverReachesFlink() {
        proxy.faults(1, EnumSet.of(Fault.RESET));
        assertThrows(IOException.class, () -> post("jars/abc_job.jar/run", "{}"));
        assertEquals(0, count("/jars/abc_job.jar/run"));
        assertEquals(Map.of("POST /jars/:jar/run", Map.of(Fault.RESET, 1L)), proxy.injectedByEndpoint());
    }

    @Test
    void aTimeoutHoldsTheRequestPastTheClientsTimeout() throws Exception {
        get("jobs/overview"); // the client's first request starts its threads: not within the short time-out below
        proxy.faults(1, EnumSet.of(Fault.TIMEOUT));
        assertThrows(HttpTimeoutException.class, () -> client.send(request("jobs/overview").timeout(Duration.ofMillis(300))
                .build(), HttpResponse.BodyHandlers.ofString()));
        // The client gave up on its own clock: the proxy may not have read the request yet.
        Await.until(Duration.ofSeconds(5), "the time-out counted", () -> Map.of(Fault.TIMEOUT, 1L).equals(proxy.injected()));
    }

    @Test
    void aLostAnswerReachesFlinkButTheClientGetsNoAnswer() {
        proxy.faults(1, EnumSet.of(Fault.LOST_ANSWER));
        assertThrows(IOException.class, () -> post("jars/abc_job.jar/run", "{\"jobId\":\"" + JOB + "\"}"));
        assertEquals(1, count("/jars/abc_job.jar/run"), "Flink got the request and acted on it");
        assertEquals(Map.of(Fault.LOST_ANSWER, 1L), proxy.injected());
    }

    @Test
    void aTargetedLossHitsTheFirstMatchingRequestOnlyAndSaysWhen() throws Exception {
        proxy.loseNextAnswer("POST", "/jars/[^/]+/run");
        assertEquals(200, post("jobs/" + JOB + "/stop", "{}").statusCode(), "another path is forwarded");
        assertEquals(200, get("jars/abc_job.jar/run").statusCode(), "another method is forwarded");
        assertTrue(proxy.lostAt().isEmpty(), "nothing lost yet");

        Instant before = Instant.now();
        assertThrows(IOException.class, () -> post("jars/abc_job.jar/run?x=1", "{\"jobId\":\"" + JOB + "\"}"));
        Instant after = Instant.now();
        assertEquals(2, count("/jars/abc_job.jar/run"), "Flink got the lost request and acted on it");
        Instant lost = proxy.lostAt().orElseThrow();
        assertFalse(lost.isBefore(before) || lost.isAfter(after), lost + " not within " + before + " - " + after);

        assertEquals(200, post("jars/abc_job.jar/run", "{}").statusCode(), "once only: the next one is answered");
        assertEquals(Map.of(Fault.LOST_ANSWER, 1L), proxy.injected());
        assertEquals(lost, proxy.lostAt().orElseThrow());
    }

    @Test
    void wrongBodiesComeWithStatus200() throws Exception {
        proxy.faults(1, EnumSet.of(Fault.HTML_PAGE));
        HttpResponse<String> html = get("jobs/overview");
        proxy.faults(1, EnumSet.of(Fault.EMPTY_BODY));
        HttpResponse<String> empty = get("jobs/overview");
        proxy.faults(1, EnumSet.of(Fault.EMPTY_OBJECT));
        HttpResponse<String> object = get("jobs/overview");

        assertEquals(List.of(200, 200, 200), List.of(html.statusCode(), empty.statusCode(), object.statusCode()));
        assertTrue(html.body().contains("<html>") && html.body().contains("password"), html.body());
        assertEquals("", empty.body());
        assertEquals("{}", object.body());
        assertEquals(0, count("/jobs/overview"), "a gateway answered, not Flink");
        assertEquals(Map.of(Fault.HTML_PAGE, 1L, Fault.EMPTY_BODY, 1L, Fault.EMPTY_OBJECT, 1L), proxy.injected());
    }

    @Test
    void aTruncatedAnswerIsFlinksAnswerCutInHalf() throws Exception {
        proxy.faults(1, EnumSet.of(Fault.TRUNCATED));
        HttpResponse<String> cut = get("jobs/overview");
        assertEquals(200, cut.statusCode());
        assertEquals(OVERVIEW.substring(0, OVERVIEW.length() / 2), cut.body());
        assertEquals(1, count("/jobs/overview"));
        assertEquals(Map.of(Fault.TRUNCATED, 1L), proxy.injected());
    }

    @Test
    void aJobListLosesAFieldFromEveryJobAndOtherEndpointsAreLeftAlone() throws Exception {
        proxy.faults(1, EnumSet.of(Fault.MISSING_FIELDS));
        for (int i = 0; i < 6; i++) {
            JsonNode jobs = json.readTree(get("jobs/overview").body()).path("jobs");
            assertEquals(2, jobs.size());
            boolean noState = !jobs.get(0).has("state") && !jobs.get(1).has("state") && jobs.get(0).has("jid");
            boolean noJid = !jobs.get(0).has("jid") && !jobs.get(1).has("jid") && jobs.get(0).has("state");
            assertTrue(noState || noJid, jobs.toString());
        }
        HttpResponse<String> status = get("jobs/" + JOB + "/status");
        assertEquals(200, status.statusCode());
        assertEquals("/jobs/" + JOB + "/status", json.readTree(status.body()).path("target").asText(), "forwarded unchanged");
        assertEquals(Map.of("GET /jobs/overview", Map.of(Fault.MISSING_FIELDS, 6L)), proxy.injectedByEndpoint());
    }

    @Test
    void theRateIsHonouredAndTheSeedRepeatsTheDraws() throws Exception {
        // Few requests: each forwarded one waits ~40 ms for a delayed ACK from the JDK server upstream.
        proxy.faults(0.5, EnumSet.of(Fault.SERVER_ERROR, Fault.EMPTY_OBJECT, Fault.HTML_PAGE));
        for (int i = 0; i < 60; i++) {
            get("jobs/overview");
        }
        long faults = proxy.injectedTotal();
        assertTrue(faults >= 15 && faults <= 45, faults + " faults in 60 requests at 50%");
        Map<Fault, Long> first = proxy.injected();

        try (FaultProxy again = FaultProxy.start(URI.create("http://127.0.0.1:" + upstream.getAddress().getPort()), 7,
                Duration.ofMillis(600))) {
            again.faults(0.5, EnumSet.of(Fault.SERVER_ERROR, Fault.EMPTY_OBJECT, Fault.HTML_PAGE));
            for (int i = 0; i < 60; i++) {
                client.send(HttpRequest.newBuilder(again.url().resolve("jobs/overview")).build(),
                        HttpResponse.BodyHandlers.ofString());
            }
            assertEquals(first, again.injected(), "the same seed draws the same faults");
        }
        proxy.off();
        assertEquals(OVERVIEW, get("jobs/overview").body());
        assertFalse(proxy.injected().isEmpty());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(proxy.url().resolve(path)).timeout(Duration.ofSeconds(5));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return client.send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private int count(String path) {
        return received.getOrDefault(path, new AtomicInteger()).get();
    }

    /** Echoes what arrived: method, target, content type, X-Test, and the body's SHA-256. */
    private void echo(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        received.computeIfAbsent(exchange.getRequestURI().getRawPath(), p -> new AtomicInteger()).incrementAndGet();
        String target = exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
        Map<String, String> echoed = Map.of("method", exchange.getRequestMethod(), "target", target,
                "contentType", String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")),
                "xTest", String.valueOf(exchange.getRequestHeaders().getFirst("X-Test")), "sha256", sha256(body));
        exchange.getResponseHeaders().add("X-Upstream", "yes");
        answer(exchange, exchange.getRequestMethod().equals("PATCH") ? 202 : 200, json.writeValueAsBytes(echoed));
    }

    private void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
        received.computeIfAbsent(exchange.getRequestURI().getRawPath(), p -> new AtomicInteger());
        if (exchange.getRequestURI().getRawPath().equals("/jobs/overview")) {
            received.get("/jobs/overview").incrementAndGet();
        }
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
