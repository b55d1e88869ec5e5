package dev.flinkgitops.flink;

import dev.flinkgitops.port.SavepointStatus;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads the answer of {@code GET /jobs/:id/savepoints/:triggerId}. Flink reports a failed
 * savepoint as {@code COMPLETED} with {@code operation.failure-cause}; this tells them apart.
 */
final class SavepointAnswer {

    private SavepointAnswer() {}

    /** @throws MalformedAnswerException when the answer is not a savepoint status of Flink's */
    static SavepointStatus parse(JsonNode answer, String what, int httpStatus) {
        String status = Answers.text(Answers.object(answer, "status", what, httpStatus), "id", what, httpStatus);
        if (status.equals("IN_PROGRESS")) {
            return SavepointStatus.inProgress();
        }
        if (!status.equals("COMPLETED")) {
            throw Answers.malformed(what, httpStatus, "a savepoint status '" + status + "' Flink does not report");
        }
        JsonNode operation = answer.path("operation");
        JsonNode failure = operation.path("failure-cause");
        if (!failure.isMissingNode() && !failure.isNull()) {
            return SavepointStatus.failed(cause(failure));
        }
        String location = operation.path("location").asText(null);
        if (location == null || location.isEmpty()) {
            return SavepointStatus.failed("Flink reported the savepoint completed without a location");
        }
        return SavepointStatus.completed(location);
    }

    private static String cause(JsonNode failure) {
        String text = FlinkErrorText.summarize(failure.path("stack-trace").asText(null));
        if (!text.isEmpty()) {
            return text;
        }
        String type = failure.path("class").asText("");
        return type.isEmpty() ? "savepoint failed (Flink gave no cause)" : type;
    }
}
