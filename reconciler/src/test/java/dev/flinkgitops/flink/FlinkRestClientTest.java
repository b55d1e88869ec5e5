package dev.flinkgitops.flink;

import dev.flinkgitops.port.FlinkException;
import dev.flinkgitops.port.JobState;
import dev.flinkgitops.port.JobSummary;
import dev.flinkgitops.port.RunRequest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Error mapping and lenient parsing against a tiny HTTP server; the real cluster is in FlinkRestClientIT. */
class FlinkRestClientTest {

    private HttpServer server;
    private final CountDownLatch release = new CountDownLatch(1);
    private FlinkRestClient flink;
    private final Map<String, String> bodies = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeEach
    void setUp() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/jobs/overview", exchange -> answer(exchange, 200,
                "{\"jobs\":[{\"jid\":\"" + A1 + "\",\"name\":\"n\",\"state\":\"RUNNING\",\"start-time\":5,\"jobType\":\"STREAMING\"},"
                        + "{\"jid\":\"" + B2 + "\",\"name\":\"m\",\"state\":\"SOMETHING_NEW\"}]}"));
        server.createContext("/bad/", exchange -> {
            String kind = exchange.getRequestURI().getPath().split("/")[2];
            answer(exchange, 200, BAD_ANSWERS.get(kind));
        });
        server.createContext("/jobs/" + A1 + "/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            bodies.put(exchange.getRequestURI().getPath(), body);
            answer(exchange, 202, "{\"request-id\":\"" + TRIGGER + "\"}");
        });
        server.createContext("/jars/", exchange -> answer(exchange, 502, "<html>bad gateway</html>"));
        server.createContext("/jobs/slow", exchange -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, 202, "{}");
        });
        server.start();
        flink = new FlinkRestClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), Duration.ofSeconds(5));
    }

    @AfterEach
    void tearDown() {
        release.countDown();
        server.stop(0);
    }

    @Test
    void parsesJobsLeniently() {
        assertEquals(List.of(new JobSummary(A1, "n", JobState.RUNNING, 5), new JobSummary(B2, "m", JobState.UNKNOWN, -1)),
                flink.listJobs());
    }

    /** What an auth proxy, a gateway or a cut connection answers with 200: a failed call, never "no jobs". */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"html", "empty", "object", "truncated", "array", "nojid",
            "nostate", "badjid", "jobsnotarray"})
    void aJobListOfTheWrongShapeIsAFailedCall(String kind) {
        FlinkRestClient proxied = new FlinkRestClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/bad/" + kind + "/"),
                Duration.ofSeconds(2));
        MalformedAnswerException error = assertThrows(MalformedAnswerException.class, proxied::listJobs);
        assertTrue(error.getMessage().startsWith("GET jobs/overview: the cluster answered HTTP 200 with"), error.getMessage());
        assertFalse(error.getMessage().contains("login"), "the body is described, not quoted: " + error.getMessage());
    }

    private static final String A1 = "a1".repeat(16);
    private static final String B2 = "b2".repeat(16);
    private static final Map<String, String> BAD_ANSWERS = Map.of(
            "html", "<html><body>Please log in</body></html>",
            "empty", "",
            "object", "{}",
            "truncated", "{\"jobs\":[{\"jid\":\"" + A1 + "\",\"sta",
            "array", "[]",
            "nojid", "{\"jobs\":[{\"name\":\"n\",\"state\":\"RUNNING\"}]}",
            "nostate", "{\"jobs\":[{\"jid\":\"" + A1 + "\",\"name\":\"n\"}]}",
            "badjid", "{\"jobs\":[{\"jid\":\"login\",\"state\":\"RUNNING\"}]}",
            "jobsnotarray", "{\"jobs\":\"none\"}");

    @Test
    void nonJsonErrorKeepsTheStatus() {
        RunRequest run = new RunRequest("x.Main", null, List.of(), null, false, null, Map.of());
        FlinkException error = assertThrows(FlinkException.class, () -> flink.runJar("j.jar", run));
        assertEquals(502, error.httpStatus());
        assertTrue(error.getMessage().contains("HTTP 502"), error.getMessage());
    }

    @Test
    void noAnswerIsStatusZero() {
        // A short time-out for this call only: the others answer at once, but not within 300 ms on a loaded machine.
        FlinkRestClient impatient = new FlinkRestClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                Duration.ofMillis(300));
        FlinkException error = assertThrows(FlinkException.class, () -> impatient.cancel("slow"));
        assertEquals(0, error.httpStatus());
        assertTrue(error.getMessage().contains("no answer"), error.getMessage());
    }

    private static final String TRIGGER = "c3".repeat(16);

    /** {@code kubernetes.operator.savepoint.format.type} reaches Flink as {@code formatType} in both bodies, only when set. */
    @Test
    void theSavepointFormatIsSentAsFormatType() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        flink.stopWithSavepoint(A1, "file:///sp", TRIGGER, dev.flinkgitops.appspec.SavepointFormat.NATIVE);
        var stop = json.readTree(bodies.get("/jobs/" + A1 + "/stop"));
        assertEquals("NATIVE", stop.path("formatType").asText(), stop.toString());
        assertEquals("file:///sp", stop.path("targetDirectory").asText());
        assertEquals(TRIGGER, stop.path("triggerId").asText());
        flink.triggerSavepoint(A1, "file:///sp", TRIGGER, dev.flinkgitops.appspec.SavepointFormat.CANONICAL);
        var savepoint = json.readTree(bodies.get("/jobs/" + A1 + "/savepoints"));
        assertEquals("CANONICAL", savepoint.path("formatType").asText(), savepoint.toString());
        assertEquals("file:///sp", savepoint.path("target-directory").asText());
        flink.triggerSavepoint(A1, "file:///sp", TRIGGER, null);
        assertFalse(json.readTree(bodies.get("/jobs/" + A1 + "/savepoints")).has("formatType"), "Flink's default when unset");
        flink.stopWithSavepoint(A1, "file:///sp", TRIGGER);
        assertFalse(json.readTree(bodies.get("/jobs/" + A1 + "/stop")).has("formatType"), "Flink's default when unset");
    }

    /**
     * Flink 1.16 refuses a run body with {@code flinkConfiguration} (measured on 1.16.3): the
     * daemon's own keys are left out and the job runs; the spec's own keys are never dropped.
     */
    @Test
    void aClusterBeforeFlink117RunsTheJobWithoutTheDaemonsKeysButNeverWithoutTheSpecs() throws Exception {
        java.util.List<String> runs = new java.util.concurrent.CopyOnWriteArrayList<>();
        server.createContext("/jars/old.jar/run", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            runs.add(body);
            if (body.contains("flinkConfiguration")) {
                answer(exchange, 400, "{\"errors\":[\"Unrecognized field \\\"flinkConfiguration\\\" (class "
                        + "org.apache.flink.runtime.webmonitor.handlers.JarRunRequestBody), not marked as ignorable\"]}");
            } else {
                answer(exchange, 200, "{\"jobid\":\"" + A1 + "\"}");
            }
        });
        RunRequest daemonKeysOnly = new RunRequest("a.Job", 1, List.of(), null, false, A1,
                Map.of("state.savepoints.dir", "file:///sp"), java.util.Set.of("state.savepoints.dir"));
        assertEquals(A1, flink.runJar("old.jar", daemonKeysOnly));
        assertEquals(2, runs.size(), "refused once, then run without the configuration: " + runs);
        assertFalse(runs.get(1).contains("flinkConfiguration"));

        RunRequest specKeys = new RunRequest("a.Job", 1, List.of(), null, false, A1,
                Map.of("state.savepoints.dir", "file:///sp", "parallelism.default", "hunter2"),
                java.util.Set.of("state.savepoints.dir"));
        FlinkException refused = assertThrows(FlinkException.class, () -> flink.runJar("old.jar", specKeys));
        assertTrue(refused.getMessage().contains("[parallelism.default] cannot be applied"), refused.getMessage());
        assertFalse(refused.getMessage().contains("hunter2"));
        assertEquals(2, runs.size(), "nothing is sent once the cluster is known to refuse: " + runs);
    }

    @Test
    void triggerIdsMustBeFlinkIds() {
        assertThrows(IllegalArgumentException.class, () -> flink.savepointStatus("a1", "not-hex"));
    }

    @Test
    void argumentAndConfigurationValuesAreRedactedFromErrors() {
        FlinkException error = new FlinkException("cannot parse 'hunter22' for key x; For input string: \"hunter33\"", 400);
        RunRequest run = new RunRequest("a.Job", 1, List.of("--keys", "hunter33"), null, false, null,
                Map.of("x", "hunter22", "y", "on"));
        FlinkException redacted = FlinkRestClient.redacted(error, run);
        assertEquals("cannot parse '<redacted>' for key x; For input string: \"<redacted>\"", redacted.getMessage());
        assertEquals(400, redacted.httpStatus());
        assertFalse(String.valueOf(redacted.getCause()).contains("hunter22"));
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
