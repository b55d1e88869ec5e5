package dev.flinkgitops.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import dev.flinkgitops.port.CheckpointsUnsupportedException;
import dev.flinkgitops.port.FlinkException;
import dev.flinkgitops.port.SavepointStatus;

import static dev.flinkgitops.flink.FlinkHttp.segment;

/**
 * Checkpoints on demand over the Flink REST API (1.17+): {@code POST /jobs/:id/checkpoints} under the
 * daemon's trigger id, {@code GET /jobs/:id/checkpoints/:triggerId} for its state, and the completed
 * checkpoint's path from the job's checkpoint statistics ({@code GET /jobs/:id/checkpoints}). Every answer is
 * shape-checked: a body that is not Flink's is a failed call.
 */
final class FlinkRestCheckpoints {

    private final FlinkHttp http;

    FlinkRestCheckpoints(FlinkHttp http) {
        this.http = http;
    }

    void trigger(String jobId, String checkpointType, String triggerId) {
        if (triggerId == null || !Answers.FLINK_ID.matcher(triggerId).matches()) {
            throw new IllegalArgumentException("a trigger id must be 32 hex characters, got " + triggerId);
        }
        ObjectNode body = http.objectNode();
        body.put("checkpointType", checkpointType);
        body.put("triggerId", triggerId);
        try {
            http.call("POST", "jobs/" + segment(jobId) + "/checkpoints", body).text("request-id");
        } catch (FlinkErrorAnswer e) {
            if (unsupported(e)) {
                throw new CheckpointsUnsupportedException("this Flink cluster cannot take a checkpoint on demand"
                        + " (POST /jobs/:id/checkpoints needs Flink 1.17 or newer): " + e.getMessage(), e.httpStatus());
            }
            throw e;
        }
    }

    /**
     * Flink before 1.17 has no such route: its router answers 404 "Not found: /jobs/.../checkpoints" (405
     * from some proxies in front of it). A 404 about the job itself is not that.
     */
    private static boolean unsupported(FlinkErrorAnswer e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        return e.httpStatus() == 405 || (e.httpStatus() == 404 && message.contains("Not found") && !message.contains("Job"));
    }

    SavepointStatus status(String jobId, String triggerId) {
        FlinkHttp.Answer answer;
        try {
            answer = http.call("GET", "jobs/" + segment(jobId) + "/checkpoints/" + segment(triggerId), null);
        } catch (FlinkException e) {
            if (e instanceof FlinkErrorAnswer flink && flink.httpStatus() == 404) {
                return SavepointStatus.unknown();
            }
            throw e;
        }
        String status = Answers.text(answer.object("status"), "id", answer.what(), answer.status());
        if (status.equals("IN_PROGRESS")) {
            return SavepointStatus.inProgress();
        }
        if (!status.equals("COMPLETED")) {
            throw Answers.malformed(answer.what(), answer.status(), "a checkpoint status '" + status + "' Flink does not report");
        }
        JsonNode operation = answer.object("operation");
        JsonNode failure = operation.path("failureCause");
        if (!failure.isMissingNode() && !failure.isNull()) {
            String text = FlinkErrorText.summarize(failure.path("stack-trace").asText(null));
            return SavepointStatus.failed(text.isEmpty() ? failure.path("class").asText("checkpoint failed (Flink gave no cause)") : text);
        }
        long checkpointId = Answers.number(operation, "checkpointId", answer.what(), answer.status());
        return SavepointStatus.completed(path(jobId, checkpointId));
    }

    /**
     * The completed checkpoint's external path from the job's own checkpoint statistics ({@code GET
     * /jobs/:id/checkpoints}: the latest completed one and the history); null when they do not list it
     * (not yet: Flink serves them from a 3 s cache; or no longer). Not {@code .../checkpoints/details/:id}:
     * Flink caches those by checkpoint id alone, across jobs, and answered with another job's checkpoint.
     */
    private String path(String jobId, long checkpointId) {
        FlinkHttp.Answer stats = http.call("GET", "jobs/" + segment(jobId) + "/checkpoints", null);
        JsonNode latest = stats.object("latest").get("completed");
        if (latest != null && latest.isObject() && latest.path("id").asLong(-1) == checkpointId) {
            return externalPath(latest, stats);
        }
        JsonNode history = stats.body().get("history");
        if (history != null && !history.isArray()) {
            throw Answers.malformed(stats.what(), stats.status(), "a 'history' that is not an array");
        }
        for (JsonNode entry : history == null ? List.<JsonNode>of() : (Iterable<JsonNode>) history::elements) {
            if (entry.path("id").asLong(-1) == checkpointId && "COMPLETED".equals(entry.path("status").asText())) {
                return externalPath(entry, stats);
            }
        }
        return null;
    }

    private static String externalPath(JsonNode checkpoint, FlinkHttp.Answer stats) {
        JsonNode path = checkpoint.get("external_path");
        if (path == null || path.isNull()) {
            return null;
        }
        if (!path.isTextual()) {
            throw Answers.malformed(stats.what(), stats.status(), "an 'external_path' that is not text");
        }
        return path.asText().isEmpty() || path.asText().startsWith("<") ? null : path.asText();
    }
}
