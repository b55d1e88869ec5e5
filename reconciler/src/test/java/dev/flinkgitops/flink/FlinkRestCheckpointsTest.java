package dev.flinkgitops.flink;

import com.sun.net.httpserver.HttpServer;
import dev.flinkgitops.port.CheckpointsUnsupportedException;
import dev.flinkgitops.port.FlinkException;
import dev.flinkgitops.port.SavepointStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checkpoints on demand against scripted answers: Flink's shapes (1.17+), Flink before 1.17 (no route),
 * and answers of the wrong shape, which are failed calls. The real cluster is in SnapshotIT.
 */
class FlinkRestCheckpointsTest {

    private static final String JOB = "a1".repeat(16);
    private static final String TRIGGER = "b2".repeat(16);

    private HttpServer server;
    private FlinkRestClient flink;
    /** "METHOD path" to status and body. */
    private final Map<String, Object[]> answers = new ConcurrentHashMap<>();
    private final Map<String, String> bodies = new ConcurrentHashMap<>();

    @BeforeEach
    void setUp() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String key = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
            bodies.put(key, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            Object[] answer = answers.getOrDefault(key, new Object[] {404, "{\"errors\":[\"Not found: " + exchange.getRequestURI() + "\"]}"});
            byte[] bytes = ((String) answer[1]).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders((Integer) answer[0], bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        flink = new FlinkRestClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), Duration.ofSeconds(2));
    }

    @AfterEach
    void tearDown() {
        server.stop(0);
    }

    private void answer(String request, int status, String body) {
        answers.put(request, new Object[] {status, body});
    }

    @Test
    void triggersWithTheTypeAndTheDaemonsTriggerId() {
        answer("POST /jobs/" + JOB + "/checkpoints", 202, "{\"request-id\":\"" + TRIGGER + "\"}");
        flink.triggerCheckpoint(JOB, "FULL", TRIGGER);
        String body = bodies.get("POST /jobs/" + JOB + "/checkpoints");
        assertTrue(body.contains("\"checkpointType\":\"FULL\"") && body.contains("\"triggerId\":\"" + TRIGGER + "\""), body);
    }

    @Test
    void flinkBefore117HasNoCheckpointTrigger() {
        CheckpointsUnsupportedException error = assertThrows(CheckpointsUnsupportedException.class,
                () -> flink.triggerCheckpoint(JOB, "FULL", TRIGGER));
        assertTrue(error.getMessage().contains("needs Flink 1.17 or newer"), error.getMessage());
        answer("POST /jobs/" + JOB + "/checkpoints", 405, "{\"errors\":[\"Method not allowed\"]}");
        assertThrows(CheckpointsUnsupportedException.class, () -> flink.triggerCheckpoint(JOB, "FULL", TRIGGER));
    }

    @Test
    void anUnknownJobIsAnErrorNotAnOldFlink() {
        answer("POST /jobs/" + JOB + "/checkpoints", 404, "{\"errors\":[\"org.apache.flink.runtime.messages.FlinkJobNotFoundException: Job "
                + JOB + " not found\"]}");
        FlinkException error = assertThrows(FlinkException.class, () -> flink.triggerCheckpoint(JOB, "FULL", TRIGGER));
        assertFalse(error instanceof CheckpointsUnsupportedException, error.getMessage());
    }

    @Test
    void aCompletedCheckpointIsReadWithItsPath() {
        answer("GET /jobs/" + JOB + "/checkpoints/" + TRIGGER, 200,
                "{\"status\":{\"id\":\"COMPLETED\"},\"operation\":{\"checkpointId\":7}}");
        answer("GET /jobs/" + JOB + "/checkpoints", 200, "{\"counts\":{\"completed\":9},\"latest\":{\"completed\":{\"id\":9,"
                + "\"external_path\":\"file:/chk/chk-9\"}},\"history\":[{\"id\":9,\"status\":\"COMPLETED\",\"external_path\":\"file:/chk/chk-9\"},"
                + "{\"id\":7,\"status\":\"COMPLETED\",\"external_path\":\"file:/chk/chk-7\"}]}");
        assertEquals(SavepointStatus.completed("file:/chk/chk-7"), flink.checkpointStatus(JOB, TRIGGER));
    }

    @Test
    void inProgressFailedUnknownAndAPathFlinkForgot() {
        answer("GET /jobs/" + JOB + "/checkpoints/" + TRIGGER, 200, "{\"status\":{\"id\":\"IN_PROGRESS\"}}");
        assertEquals(SavepointStatus.Kind.IN_PROGRESS, flink.checkpointStatus(JOB, TRIGGER).kind());
        answer("GET /jobs/" + JOB + "/checkpoints/" + TRIGGER, 200, "{\"status\":{\"id\":\"COMPLETED\"},\"operation\":"
                + "{\"failureCause\":{\"class\":\"x\",\"stack-trace\":\"org.apache.flink.runtime.checkpoint.CheckpointException: Checkpoint expired\"}}}");
        SavepointStatus failed = flink.checkpointStatus(JOB, TRIGGER);
        assertEquals(SavepointStatus.Kind.FAILED, failed.kind());
        assertTrue(failed.failureCause().contains("Checkpoint expired"), failed.failureCause());
        answer("GET /jobs/" + JOB + "/checkpoints/" + TRIGGER, 200, "{\"status\":{\"id\":\"COMPLETED\"},\"operation\":{\"checkpointId\":8}}");
        answer("GET /jobs/" + JOB + "/checkpoints", 200, "{\"latest\":{\"completed\":null},\"history\":[]}");
        SavepointStatus forgot = flink.checkpointStatus(JOB, TRIGGER);
        assertEquals(SavepointStatus.Kind.COMPLETED, forgot.kind());
        assertNull(forgot.location(), "not in the job's statistics (yet, or any more): completed without a path");
        answers.remove("GET /jobs/" + JOB + "/checkpoints/" + TRIGGER);
        assertEquals(SavepointStatus.Kind.UNKNOWN, flink.checkpointStatus(JOB, TRIGGER).kind());
    }

    /** What a proxy or a cut connection answers with 2xx is a failed call, never a checkpoint. */
    @ParameterizedTest
    @ValueSource(strings = {"<html>log in</html>", "", "{}", "{\"status\":{\"id\":\"DONE\"}}",
        "{\"status\":{\"id\":\"COMPLETED\"},\"operation\":{}}", "{\"status\":{\"id\":\"COMPLETED\"},\"operation\":{\"checkpointId\":\"x\"}}",
        "{\"status\":{\"id\":\"COMPLETED\"}}"})
    void aStatusOfTheWrongShapeIsAFailedCall(String body) {
        answer("GET /jobs/" + JOB + "/checkpoints/" + TRIGGER, 200, body);
        assertThrows(MalformedAnswerException.class, () -> flink.checkpointStatus(JOB, TRIGGER));
    }

    @Test
    void aTriggerAnswerOfTheWrongShapeIsAFailedCall() {
        answer("POST /jobs/" + JOB + "/checkpoints", 202, "<html>ok</html>");
        assertThrows(MalformedAnswerException.class, () -> flink.triggerCheckpoint(JOB, "FULL", TRIGGER));
        answer("GET /jobs/" + JOB + "/checkpoints/" + TRIGGER, 200, "{\"status\":{\"id\":\"COMPLETED\"},\"operation\":{\"checkpointId\":7}}");
        answer("GET /jobs/" + JOB + "/checkpoints", 200, "{\"latest\":{\"completed\":{\"id\":7,\"external_path\":7}}}");
        assertInstanceOf(MalformedAnswerException.class, assertThrows(FlinkException.class, () -> flink.checkpointStatus(JOB, TRIGGER)));
    }
}
