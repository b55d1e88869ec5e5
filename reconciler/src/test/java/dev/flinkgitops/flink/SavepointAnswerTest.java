package dev.flinkgitops.flink;

import dev.flinkgitops.port.SavepointStatus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

class SavepointAnswerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void inProgress() throws Exception {
        assertEquals(SavepointStatus.inProgress(), parse("{\"status\":{\"id\":\"IN_PROGRESS\"},\"operation\":null}"));
    }

    @Test
    void completedWithLocationIgnoringUnknownFields() throws Exception {
        assertEquals(SavepointStatus.completed("file:/sp/savepoint-1"),
                parse("{\"status\":{\"id\":\"COMPLETED\"},\"operation\":{\"location\":\"file:/sp/savepoint-1\",\"new-2x-field\":1}}"));
    }

    @Test
    void completedWithFailureCauseIsFailed() throws Exception {
        String answer = "{\"status\":{\"id\":\"COMPLETED\"},\"operation\":{\"failure-cause\":{"
                + "\"class\":\"java.util.concurrent.CompletionException\","
                + "\"stack-trace\":\"java.util.concurrent.CompletionException: org.apache.flink.runtime.checkpoint.CheckpointException: IO-problem detected.\\n\\tat a.b(C.java:1)\\nCaused by: java.nio.file.FileAlreadyExistsException: /tmp/x\\n\\t... 3 more\\n\","
                + "\"serialized-throwable\":\"rO0AB\"}}}";
        assertEquals(SavepointStatus.failed("CheckpointException: IO-problem detected. | caused by: FileAlreadyExistsException: /tmp/x"),
                parse(answer));
    }

    @Test
    void failureWithoutTraceNamesTheClass() throws Exception {
        assertEquals(SavepointStatus.failed("java.lang.IllegalStateException"),
                parse("{\"status\":{\"id\":\"COMPLETED\"},\"operation\":{\"failure-cause\":{\"class\":\"java.lang.IllegalStateException\"}}}"));
    }

    /** An answer of the wrong shape is a failed call, never "Flink does not know this trigger". */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"{}", "{\"status\":{}}", "{\"status\":{\"id\":\"DONE\"}}",
            "{\"status\":\"COMPLETED\"}"})
    void answersOfTheWrongShapeAreFailedCalls(String answer) {
        org.junit.jupiter.api.Assertions.assertThrows(MalformedAnswerException.class, () -> parse(answer));
    }

    private static SavepointStatus parse(String json) throws Exception {
        JsonNode node = JSON.readTree(json);
        return SavepointAnswer.parse(node, "GET jobs/x/savepoints/y", 200);
    }
}
