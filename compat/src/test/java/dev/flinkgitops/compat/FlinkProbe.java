package dev.flinkgitops.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What the test reads from a Flink cluster's REST API to check the daemon's work (never what it acts on). */
final class FlinkProbe {

    private final URI rest;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    FlinkProbe(URI rest) {
        this.rest = rest;
    }

    /** The ids of the jobs in a non-terminal state (RUNNING, CREATED, RESTARTING, ...). */
    List<String> liveJobs() {
        List<String> live = new ArrayList<>();
        for (JsonNode job : get("jobs/overview").path("jobs")) {
            String state = job.path("state").asText();
            if (!List.of("FINISHED", "CANCELED", "FAILED").contains(state)) {
                live.add(job.path("jid").asText());
            }
        }
        return live;
    }

    String state(String jobId) {
        return get("jobs/" + jobId + "/status").path("status").asText();
    }

    /** The highest parallelism of the job's vertices. */
    int parallelism(String jobId) {
        int max = 0;
        for (JsonNode vertex : get("jobs/" + jobId).path("vertices")) {
            max = Math.max(max, vertex.path("parallelism").asInt());
        }
        return max;
    }

    long completedCheckpoints(String jobId) {
        return get("jobs/" + jobId + "/checkpoints").path("counts").path("completed").asLong();
    }

    String version() {
        return get("config").path("flink-version").asText();
    }

    private JsonNode get(String path) {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(rest.resolve("/" + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("GET /" + path + ": HTTP " + answer.statusCode() + " " + answer.body());
            }
            return json.readTree(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException("GET /" + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
