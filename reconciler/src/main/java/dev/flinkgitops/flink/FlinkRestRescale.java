package dev.flinkgitops.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinkgitops.port.RescaleView;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static dev.flinkgitops.flink.FlinkHttp.segment;

/**
 * Rescaling in place over REST (Flink 1.18+, adaptive scheduler). Every answer is shape-checked: a
 * requirement without a whole-number upper bound, a vertex without an id or parallelism, a configuration
 * entry without a key, are failed calls.
 */
final class FlinkRestRescale {

    static final String SCHEDULER_KEY = "jobmanager.scheduler";

    private final FlinkHttp http;

    FlinkRestRescale(FlinkHttp http) {
        this.http = http;
    }

    /**
     * The cluster's version and scheduler; the job's requirements, vertices and completed checkpoints only under the
     * adaptive scheduler of Flink 1.18 or newer.
     */
    RescaleView view(String jobId) {
        FlinkHttp.Answer config = http.call("GET", "config", null);
        JsonNode version = config.body().get("flink-version");
        String flinkVersion = version != null && version.isTextual() ? version.asText() : null;
        String scheduler = scheduler();
        if (!"adaptive".equalsIgnoreCase(scheduler) || !RescaleView.versionSupports(flinkVersion)) {
            // Nothing of the job is read: before 1.18 Flink has no resource-requirements route.
            return new RescaleView(flinkVersion, scheduler, Map.of(), Map.of(), -1);
        }
        FlinkHttp.Answer checkpoints = http.call("GET", "jobs/" + segment(jobId) + "/checkpoints", null);
        long completed = Answers.number(checkpoints.object("counts"), "completed", checkpoints.what(), checkpoints.status());
        return new RescaleView(flinkVersion, scheduler, upperBounds(jobId), running(jobId), completed);
    }

    /** {@code PUT /jobs/:id/resource-requirements} for every vertex, lower bound 1; Flink answers {@code {}}. */
    void rescale(String jobId, Set<String> vertices, int parallelism) {
        ObjectNode body = http.objectNode();
        for (String vertex : vertices) {
            ObjectNode bounds = body.putObject(vertex).putObject("parallelism");
            bounds.put("lowerBound", 1);
            bounds.put("upperBound", parallelism);
        }
        http.call("PUT", "jobs/" + segment(jobId) + "/resource-requirements", body);
    }

    /** {@code jobmanager.scheduler} of {@code GET /jobmanager/config} (a list of key/value entries), or null when unset. */
    private String scheduler() {
        String what = "GET jobmanager/config";
        String scheduler = null;
        for (JsonNode entry : http.getArray("jobmanager/config")) {
            if (!entry.isObject()) {
                throw Answers.malformed(what, 200, "a configuration entry that is not an object");
            }
            if (SCHEDULER_KEY.equals(Answers.text(entry, "key", what, 200))) {
                JsonNode value = entry.get("value");
                scheduler = value != null && value.isTextual() ? value.asText() : null;
            }
        }
        return scheduler;
    }

    private Map<String, Integer> upperBounds(String jobId) {
        FlinkHttp.Answer answer = http.call("GET", "jobs/" + segment(jobId) + "/resource-requirements", null);
        Map<String, Integer> bounds = new TreeMap<>();
        answer.body().fields().forEachRemaining(vertex -> {
            if (!Answers.FLINK_ID.matcher(vertex.getKey()).matches() || !vertex.getValue().isObject()) {
                throw Answers.malformed(answer.what(), answer.status(), "a requirement that is not a vertex id's object");
            }
            JsonNode parallelism = Answers.object(vertex.getValue(), "parallelism", answer.what(), answer.status());
            bounds.put(vertex.getKey(), (int) Answers.number(parallelism, "upperBound", answer.what(), answer.status()));
        });
        return bounds;
    }

    /** Each vertex's parallelism ({@code GET /jobs/:id}, cached by Flink for {@code web.refresh-interval}); 0 while it is not RUNNING. */
    private Map<String, Integer> running(String jobId) {
        FlinkHttp.Answer answer = http.call("GET", "jobs/" + segment(jobId), null);
        Map<String, Integer> running = new TreeMap<>();
        for (JsonNode vertex : answer.array("vertices")) {
            if (!vertex.isObject()) {
                throw Answers.malformed(answer.what(), answer.status(), "a vertex that is not an object");
            }
            String id = Answers.id(vertex, "id", answer.what(), answer.status());
            int parallelism = (int) Answers.number(vertex, "parallelism", answer.what(), answer.status());
            boolean up = "RUNNING".equals(Answers.text(vertex, "status", answer.what(), answer.status()));
            running.put(id, up ? parallelism : 0);
        }
        return running;
    }
}
