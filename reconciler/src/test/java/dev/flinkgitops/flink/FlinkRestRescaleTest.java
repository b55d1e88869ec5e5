package dev.flinkgitops.flink;

import dev.flinkgitops.port.RescaleView;
import dev.flinkgitops.port.FlinkException;
import dev.flinkgitops.testing.ScriptedFlink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rescale in place against scripted answers: Flink's shapes (1.18+, adaptive scheduler), a cluster without the
 * adaptive scheduler, Flink's refusal, and answers of the wrong shape, which are failed calls. The real cluster is in
 * RescaleIT.
 */
class FlinkRestRescaleTest {

    private static final String JOB = "a1".repeat(16);
    private static final String TRIGGER = "b2".repeat(16);

    @RegisterExtension
    final ScriptedFlink server = ScriptedFlink.start();
    private final FlinkRestClient flink = new FlinkRestClient(server.url(), Duration.ofSeconds(2));

    private static final String VERTEX = "c3".repeat(16);
    private static final String OTHER = "d4".repeat(16);

    private void adaptiveCluster(String version) {
        server.answer("GET /config", 200, "{\"refresh-interval\":3000,\"flink-version\":\"" + version + "\",\"features\":{}}");
        server.answer("GET /jobmanager/config", 200, "[{\"key\":\"rest.port\",\"value\":\"0\"},"
                + "{\"key\":\"jobmanager.scheduler\",\"value\":\"adaptive\"}]");
        server.answer("GET /jobs/" + JOB + "/resource-requirements", 200, "{\"" + VERTEX + "\":{\"parallelism\":{\"lowerBound\":1,"
                + "\"upperBound\":2}},\"" + OTHER + "\":{\"parallelism\":{\"lowerBound\":1,\"upperBound\":2}}}");
        server.answer("GET /jobs/" + JOB, 200, "{\"jid\":\"" + JOB + "\",\"state\":\"RUNNING\",\"vertices\":["
                + "{\"id\":\"" + VERTEX + "\",\"parallelism\":2,\"status\":\"RUNNING\"},"
                + "{\"id\":\"" + OTHER + "\",\"parallelism\":2,\"status\":\"DEPLOYING\"}]}");
        server.answer("GET /jobs/" + JOB + "/checkpoints", 200, "{\"counts\":{\"completed\":3,\"failed\":0},\"latest\":{}}");
    }

    @Test
    void readsTheSchedulerTheVersionTheRequirementsAndTheRunningParallelism() {
        adaptiveCluster("1.20.5");
        RescaleView view = flink.rescaleView(JOB);
        assertEquals("1.20.5", view.flinkVersion());
        assertEquals("adaptive", view.scheduler());
        assertEquals(Map.of(VERTEX, 2, OTHER, 2), view.upperBounds());
        assertEquals(Map.of(VERTEX, 2, OTHER, 0), view.running(), "a vertex not RUNNING counts as 0");
        assertEquals(3, view.completedCheckpoints());
        assertTrue(view.whyNot(true).isEmpty());
        assertTrue(view.requires(2));
        assertFalse(view.runsAt(2), "one vertex is still deploying");
    }

    @Test
    void withoutTheAdaptiveSchedulerTheJobIsNotAsked() {
        adaptiveCluster("2.3.0");
        server.answer("GET /jobmanager/config", 200, "[{\"key\":\"rest.port\",\"value\":\"0\"}]");
        server.forget("GET /jobs/" + JOB + "/resource-requirements");
        RescaleView view = flink.rescaleView(JOB);
        assertEquals("the scheduler is not adaptive (jobmanager.scheduler is not set on the cluster)", view.whyNot(true).orElseThrow());
        assertFalse(server.body("GET /jobs/" + JOB + "/resource-requirements") != null);
    }

    @Test
    void flink117CannotRescaleInPlace() {
        adaptiveCluster("1.17.2");
        server.forget("GET /jobs/" + JOB + "/resource-requirements");
        assertEquals("Flink 1.17.2 cannot rescale in place (1.18 or newer can)", flink.rescaleView(JOB).whyNot(true).orElseThrow());
        assertNull(server.body("GET /jobs/" + JOB + "/resource-requirements"), "a route Flink 1.17 does not have is not asked");
        assertTrue(RescaleView.versionSupports("1.18.1") && RescaleView.versionSupports("2.0-SNAPSHOT"));
        assertFalse(RescaleView.versionSupports("1.9.3") || RescaleView.versionSupports("unknown"));
    }

    @Test
    void aStatefulJobWithoutACompletedCheckpointIsNotRescaledInPlace() {
        adaptiveCluster("2.3.0");
        server.answer("GET /jobs/" + JOB + "/checkpoints", 200, "{\"counts\":{\"completed\":0},\"latest\":{}}");
        RescaleView view = flink.rescaleView(JOB);
        assertTrue(view.whyNot(true).orElseThrow().startsWith("the job has no completed checkpoint"), view.whyNot(true).toString());
        assertTrue(view.whyNot(false).isEmpty(), "a stateless app loses nothing");
    }

    @Test
    void asksEveryVertexForTheNewUpperBound() throws Exception {
        server.answer("PUT /jobs/" + JOB + "/resource-requirements", 200, "{}");
        flink.rescale(JOB, java.util.Set.of(VERTEX, OTHER), 4);
        com.fasterxml.jackson.databind.JsonNode body = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(server.body("PUT /jobs/" + JOB + "/resource-requirements"));
        for (String vertex : java.util.List.of(VERTEX, OTHER)) {
            assertEquals(1, body.path(vertex).path("parallelism").path("lowerBound").asInt(), body.toString());
            assertEquals(4, body.path(vertex).path("parallelism").path("upperBound").asInt(), body.toString());
        }
    }

    @Test
    void flinksRefusalIsAnErrorWithItsStatus() {
        server.answer("PUT /jobs/" + JOB + "/resource-requirements", 500, "{\"errors\":[\"Internal server error.\","
                + "\"<Exception on server side:\\njava.lang.UnsupportedOperationException: The DefaultScheduler does not support"
                + " changing the parallelism without a job restart.\\n\\tat x.y(Z.java:1)\\nEnd of exception on server side>\"]}");
        FlinkException e = assertThrows(FlinkException.class, () -> flink.rescale(JOB, java.util.Set.of(VERTEX), 4));
        assertEquals(500, e.httpStatus());
        assertTrue(e.getMessage().contains("does not support changing the parallelism"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET /jobmanager/config=<html>login</html>", "GET /jobmanager/config={\"key\":\"x\"}",
            "GET /jobmanager/config=[{\"value\":\"adaptive\"}]", "GET /jobs/JOB/resource-requirements={\"VERTEX\":{}}",
            "GET /jobs/JOB/resource-requirements={\"not-a-vertex\":{\"parallelism\":{\"upperBound\":2}}}",
            "GET /jobs/JOB/resource-requirements={\"VERTEX\":{\"parallelism\":{\"upperBound\":\"2\"}}}",
            "GET /jobs/JOB={\"jid\":\"JOB\"}", "GET /jobs/JOB/checkpoints={\"counts\":{}}", "GET /jobs/JOB={\"vertices\":[{\"id\":\"VERTEX\",\"status\":\"RUNNING\"}]}"})
    void answersOfTheWrongShapeAreFailedCalls(String scripted) {
        adaptiveCluster("2.3.0");
        String[] parts = scripted.replace("VERTEX", VERTEX).replace("JOB", JOB).split("=", 2);
        server.answer(parts[0], 200, parts[1]);
        assertInstanceOf(MalformedAnswerException.class, assertThrows(FlinkException.class, () -> flink.rescaleView(JOB)));
    }

    @Test
    void aPutAnsweredWithAPageIsAFailedCall() {
        server.answer("PUT /jobs/" + JOB + "/resource-requirements", 200, "<html>ok</html>");
        assertInstanceOf(MalformedAnswerException.class,
                assertThrows(FlinkException.class, () -> flink.rescale(JOB, java.util.Set.of(VERTEX), 4)));
    }
}
