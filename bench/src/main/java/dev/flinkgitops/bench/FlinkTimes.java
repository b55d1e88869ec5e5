package dev.flinkgitops.bench;

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
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Flink's own account of an upgrade, read from its REST API after the fact: when each job
 * entered each state ({@code GET /jobs/:id}, {@code timestamps}) and when its savepoints were
 * triggered ({@code GET /jobs/:id/checkpoints}, {@code history}). Flink stamps these with its
 * JobManager's wall clock, on the same machine as the harness.
 */
final class FlinkTimes {

    /** One line of {@code /jobs/overview}; {@code running} and {@code total} count its tasks (subtasks). */
    record Job(String id, String name, String state, int running, int total) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    FlinkTimes(URI base) {
        this.base = base;
    }

    /** Every job the cluster knows ({@code GET /jobs/overview}, fresh on every call). */
    List<Job> jobs() {
        List<Job> jobs = new ArrayList<>();
        for (JsonNode job : get("jobs/overview").path("jobs")) {
            jobs.add(new Job(job.path("jid").asText(), job.path("name").asText(), job.path("state").asText(),
                    job.path("tasks").path("running").asInt(), job.path("tasks").path("total").asInt()));
        }
        return jobs;
    }

    /** The RUNNING jobs by name (job names are unique in the benchmark: they carry the app and the tag). */
    Map<String, Job> running() {
        return jobs().stream().filter(j -> j.state().equals("RUNNING"))
                .collect(Collectors.toMap(Job::name, Function.identity(), (a, b) -> a));
    }

    /** When the job entered {@code state} (epoch ms), or 0 if it has not. */
    long entered(String jobId, String state) {
        return get("jobs/" + jobId).path("timestamps").path(state).asLong(0);
    }

    /** How many checkpoints of the job completed ({@code GET /jobs/:id/checkpoints}). */
    long completedCheckpoints(String jobId) {
        return get("jobs/" + jobId + "/checkpoints").path("counts").path("completed").asLong(0);
    }

    /** When the job's newest savepoint was triggered (epoch ms), or 0 if it has none. */
    long savepointTriggered(String jobId) {
        long newest = 0;
        for (JsonNode entry : get("jobs/" + jobId + "/checkpoints").path("history")) {
            if (entry.path("is_savepoint").asBoolean()) {
                newest = Math.max(newest, entry.path("trigger_timestamp").asLong());
            }
        }
        return newest;
    }

    private JsonNode get(String path) {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(base.resolve("/" + path))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + ": HTTP " + answer.statusCode() + " " + answer.body());
            }
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
