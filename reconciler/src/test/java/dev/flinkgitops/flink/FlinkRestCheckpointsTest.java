package dev.flinkgitops.flink;

import dev.flinkgitops.port.CheckpointsUnsupportedException;
import dev.flinkgitops.port.FlinkException;
import dev.flinkgitops.testing.ScriptedFlink;
import dev.flinkgitops.port.SavepointStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

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

    @RegisterExtension
    final ScriptedFlink server = ScriptedFlink.start();
    private final FlinkRestClient flink = new FlinkRestClient(server.url(), Duration.ofSeconds(2));

    @Test
    void triggersWithTheTypeAndTheDaemonsTriggerId() {
        server.answer("POST /jobs/" + JOB + "/checkpoints", 202, "{\"request-id\":\"" + TRIGGER + "\"}");
        flink.triggerCheckpoint(JOB, "FULL", TRIGGER);
        String body = server.body("POST /jobs/" + JOB + "/checkpoints");
        assertTrue(body.contains("\"checkpointType\":\"FULL\"") && body.contains("\"triggerId\":\"" + TRIGGER + "\""), body);
    }

    @Test
    void flinkBefore117HasNoCheckpointTrigger() {
        CheckpointsUnsupportedException error = assertThrows(CheckpointsUnsupportedException.class,
                () -> flink.triggerCheckpoint(JOB, "FULL", TRIGGER));
        assertTrue(error.getMessage().contains("needs Flink 1.17 or newer"), error.getMessage());
        server.answer("POST /jobs/" + JOB + "/checkpoints", 405, "{\"errors\":[\"Method not allowed\"]}");
        assertThrows(CheckpointsUnsupportedException.class, () -> flink.triggerCheckpoint(JOB, "FULL", TRIGGER));
    }

    @Test
    void anUnknownJobIsAnErrorNotAnOldFlink() {
        server.answer("POST /jobs/" + JOB + "/checkpoints", 404, "{\"errors\":[\"org.apache.flink.runtime.messages.FlinkJobNotFoundException: Job "
                + JOB + " not found\"]}");
        FlinkException error = assertThrows(FlinkException.class, () -> flink.triggerCheckpoint(JOB, "FULL", TRIGGER));
        assertFalse(error instanceof CheckpointsUnsupportedException, error.getMessage());
    }

    @Test
    void aCompletedCheckpointIsReadWithItsPath() {
        server.answer("GET /jobs/" + JOB + "/checkpoints/" + TRIGGER, 200,
                "{\"status\":{\"id\":\"COMPLETED\"},\"operation\":{\"checkpointId\":7}}");
        server.answer("GET /jobs/" + JOB + "/checkpoints", 200, "{\"counts\":{\"completed\":9},\"latest\":{\"completed\":{\"id\":9,"
                + "\"external_path\":\"file:/chk/chk-9\"}},\"history\":[{\"id\":9,\"status\":\"COMPLETED\",\"external_path\":\"file:/chk/chk-9\"},"
                + "{\"id\":7,\"status\":\"COMPLETED\",\"external_path\":\"file:/chk/chk-7\"}]}");
        assertEquals(SavepointStatus.completed("file:/chk/chk-7"), flink.checkpointStatus(JOB, TRIGGER));
    }

    @Test
    void inProgressFailedUnknownAndAPathFlinkForgot() {
        server.answer("GET /jobs/" + JOB + "/checkpoints/" + TRIGGER, 200, "{\"status\":{\"id\":\"IN_PROGRESS\"}}");
        assertEquals(SavepointStatus.Kind.IN_PROGRESS, flink.checkpointStatus(JOB, TRIGGER).kind());
        server.answer("GET /jobs/" + JOB + "/checkpoints/" + TRIGGER, 200, "{\"status\":{\"id\":\"COMPLETED\"},\"operation\":"
                + "{\"failureCause\":{\"class\":\"x\",\"stack-trace\":\"org.apache.flink.runtime.checkpoint.CheckpointException: Checkpoint expired\"}}}");
        SavepointStatus failed = flink.checkpointStatus(JOB, TRIGGER);
        assertEquals(SavepointStatus.Kind.FAILED, failed.kind());
        assertTrue(failed.failureCause().contains("Checkpoint expired"), failed.failureCause());
        server.answer("GET /jobs/" + JOB + "/checkpoints/" + TRIGGER, 200, "{\"status\":{\"id\":\"COMPLETED\"},\"operation\":{\"checkpointId\":8}}");
        server.answer("GET /jobs/" + JOB + "/checkpoints", 200, "{\"latest\":{\"completed\":null},\"history\":[]}");
        SavepointStatus forgot = flink.checkpointStatus(JOB, TRIGGER);
        assertEquals(SavepointStatus.Kind.COMPLETED, forgot.kind());
        assertNull(forgot.location(), "not in the job's statistics (yet, or any more): completed without a path");
        server.forget("GET /jobs/" + JOB + "/checkpoints/" + TRIGGER);
        assertEquals(SavepointStatus.Kind.UNKNOWN, flink.checkpointStatus(JOB, TRIGGER).kind());
    }

    /** What a proxy or a cut connection answers with 2xx is a failed call, never a checkpoint. */
    @ParameterizedTest
    @ValueSource(strings = {"<html>log in</html>", "", "{}", "{\"status\":{\"id\":\"DONE\"}}",
        "{\"status\":{\"id\":\"COMPLETED\"},\"operation\":{}}", "{\"status\":{\"id\":\"COMPLETED\"},\"operation\":{\"checkpointId\":\"x\"}}",
        "{\"status\":{\"id\":\"COMPLETED\"}}"})
    void aStatusOfTheWrongShapeIsAFailedCall(String body) {
        server.answer("GET /jobs/" + JOB + "/checkpoints/" + TRIGGER, 200, body);
        assertThrows(MalformedAnswerException.class, () -> flink.checkpointStatus(JOB, TRIGGER));
    }

    @Test
    void aTriggerAnswerOfTheWrongShapeIsAFailedCall() {
        server.answer("POST /jobs/" + JOB + "/checkpoints", 202, "<html>ok</html>");
        assertThrows(MalformedAnswerException.class, () -> flink.triggerCheckpoint(JOB, "FULL", TRIGGER));
        server.answer("GET /jobs/" + JOB + "/checkpoints/" + TRIGGER, 200, "{\"status\":{\"id\":\"COMPLETED\"},\"operation\":{\"checkpointId\":7}}");
        server.answer("GET /jobs/" + JOB + "/checkpoints", 200, "{\"latest\":{\"completed\":{\"id\":7,\"external_path\":7}}}");
        assertInstanceOf(MalformedAnswerException.class, assertThrows(FlinkException.class, () -> flink.checkpointStatus(JOB, TRIGGER)));
    }
}
