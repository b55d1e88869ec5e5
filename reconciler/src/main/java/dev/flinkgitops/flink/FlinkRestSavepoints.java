package dev.flinkgitops.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinkgitops.appspec.SavepointFormat;
import dev.flinkgitops.port.FlinkException;
import dev.flinkgitops.port.FlinkSavepoints;
import dev.flinkgitops.port.SavepointStatus;

import java.time.Duration;

import static dev.flinkgitops.flink.FlinkHttp.segment;

/**
 * {@link FlinkSavepoints} over the Flink REST API: stop-with-savepoint and savepoints under the
 * daemon's own trigger ids (so that a lost answer can be asked about again), in the format the app
 * asks for ({@code formatType}, camelCase in both bodies, Flink 1.15+), their status, and disposal.
 */
final class FlinkRestSavepoints implements FlinkSavepoints {

    private final FlinkHttp http;

    FlinkRestSavepoints(FlinkHttp http) {
        this.http = http;
    }

    @Override
    public void stopWithSavepoint(String jobId, String targetDirectory, String triggerId, SavepointFormat format) {
        requireTriggerId(triggerId);
        ObjectNode body = http.objectNode();
        putIfPresent(body, "targetDirectory", targetDirectory);
        body.put("drain", false);
        putIfPresent(body, "triggerId", triggerId);
        putIfPresent(body, "formatType", format == null ? null : format.name());
        http.call("POST", "jobs/" + segment(jobId) + "/stop", body).text("request-id");
    }

    @Override
    public void triggerSavepoint(String jobId, String targetDirectory, String triggerId, SavepointFormat format) {
        requireTriggerId(triggerId);
        ObjectNode body = http.objectNode();
        putIfPresent(body, "target-directory", targetDirectory);
        body.put("cancel-job", false);
        putIfPresent(body, "triggerId", triggerId);
        putIfPresent(body, "formatType", format == null ? null : format.name());
        http.call("POST", "jobs/" + segment(jobId) + "/savepoints", body).text("request-id");
    }

    @Override
    public void dispose(String path, Duration timeout) {
        ObjectNode body = http.objectNode();
        body.put("savepoint-path", path);
        String requestId = http.call("POST", "savepoint-disposal", body).text("request-id");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            FlinkHttp.Answer poll = http.call("GET", "savepoint-disposal/" + segment(requestId), null);
            JsonNode answer = poll.body();
            if ("COMPLETED".equals(Answers.text(poll.object("status"), "id", poll.what(), poll.status()))) {
                JsonNode failure = answer.path("operation").path("failure-cause");
                if (!failure.isMissingNode() && !failure.isNull()) {
                    throw new FlinkException("disposal of " + path + " failed: "
                            + FlinkErrorText.summarize(failure.path("stack-trace").asText(failure.toString())), 0);
                }
                return;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        throw new FlinkException("disposal of " + path + " did not finish within " + timeout, 0);
    }

    @Override
    public SavepointStatus savepointStatus(String jobId, String triggerId) {
        requireTriggerId(triggerId);
        FlinkHttp.Answer answer;
        try {
            answer = http.call("GET", "jobs/" + segment(jobId) + "/savepoints/" + segment(triggerId), null);
        } catch (FlinkException e) {
            if (e instanceof FlinkErrorAnswer flink && flink.httpStatus() == 404) {
                return SavepointStatus.unknown();
            }
            throw e;
        }
        return SavepointAnswer.parse(answer.body(), answer.what(), answer.status());
    }

    /** Flink parses trigger ids as 32 hex characters and rejects anything else with HTTP 400. */
    private static void requireTriggerId(String triggerId) {
        if (triggerId == null || !Answers.FLINK_ID.matcher(triggerId).matches()) {
            throw new IllegalArgumentException("a trigger id must be 32 hex characters, got " + triggerId);
        }
    }

    private static void putIfPresent(ObjectNode body, String field, String value) {
        if (value != null) {
            body.put(field, value);
        }
    }
}
