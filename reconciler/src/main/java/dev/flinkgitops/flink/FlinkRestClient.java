package dev.flinkgitops.flink;

import dev.flinkgitops.port.CheckpointInfo;
import dev.flinkgitops.port.FlinkCheckpoints;
import dev.flinkgitops.port.FlinkException;
import dev.flinkgitops.port.FlinkJobs;
import dev.flinkgitops.port.FlinkSavepoints;
import dev.flinkgitops.port.JarNotFoundException;
import dev.flinkgitops.port.JobState;
import dev.flinkgitops.port.JobSummary;
import dev.flinkgitops.port.RunRequest;
import dev.flinkgitops.port.SavepointStatus;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinkgitops.redact.Redact;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Flink REST API as plain JSON over HTTP (JDK HttpClient + Jackson), portable across
 * Flink 1.20 and 2.x. Every call is bounded by the request timeout; uploads by a longer one.
 * Errors become {@link FlinkException}s carrying the HTTP status and Flink's shortened error
 * text. Request bodies are never put into messages or logs: they may carry secrets.
 */
public final class FlinkRestClient implements FlinkJobs, FlinkSavepoints, FlinkCheckpoints {

    private static final Duration MIN_UPLOAD_TIMEOUT = Duration.ofMinutes(2);

    private final java.util.function.Supplier<URI> baseUrls;
    private final Duration requestTimeout;
    private final HttpClient http;
    private final ObjectMapper json =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public FlinkRestClient(URI baseUrl, Duration requestTimeout) {
        this(() -> baseUrl, requestTimeout);
    }

    /**
     * A client whose base URL may change between calls (a port-forward that is re-established after
     * its pod was replaced).
     */
    public FlinkRestClient(java.util.function.Supplier<URI> baseUrls, Duration requestTimeout) {
        this.baseUrls = () -> {
            String base = baseUrls.get().toString();
            return URI.create(base.endsWith("/") ? base : base + "/");
        };
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(requestTimeout).build();
    }

    public URI baseUrl() {
        return baseUrls.get();
    }

    /** Every job must carry a Flink id and a state: a list with a job missing either is a failed call. */
    @Override
    public List<JobSummary> listJobs() {
        Answer answer = call("GET", "jobs/overview", null);
        List<JobSummary> jobs = new ArrayList<>();
        for (JsonNode job : answer.array("jobs")) {
            if (!job.isObject()) {
                throw Answers.malformed(answer.what(), answer.status(), "a job list entry that is not an object");
            }
            jobs.add(new JobSummary(
                    Answers.id(job, "jid", answer.what(), answer.status()),
                    job.path("name").asText(""),
                    JobState.parse(Answers.text(job, "state", answer.what(), answer.status())),
                    job.path("start-time").asLong(-1)));
        }
        return jobs;
    }

    /** Flink 1.18-2.3 answer {@code GET /jobs/:id/status} for a job they do not know with HTTP 500 and this in the error list. */
    private static final String JOB_NOT_FOUND = "FlinkJobNotFoundException: Could not find Flink job";

    @Override
    public Optional<JobState> jobStatus(String jobId) {
        Answer answer;
        try {
            answer = call("GET", "jobs/" + segment(jobId) + "/status", null);
        } catch (FlinkException e) {
            if (e instanceof FlinkErrorAnswer flink && (flink.httpStatus() == 404 || flink.getMessage().contains(JOB_NOT_FOUND))) {
                return Optional.empty();
            }
            throw e;
        }
        return Optional.of(JobState.parse(answer.text("status")));
    }

    @Override
    public CheckpointInfo checkpoints(String jobId) {
        Answer answer = call("GET", "jobs/" + segment(jobId) + "/checkpoints", null);
        long completed = Answers.number(answer.object("counts"), "completed", answer.what(), answer.status());
        JsonNode latest = answer.object("latest").get("completed");
        String latestPath = null;
        long latestTime = -1;
        if (latest != null && !latest.isNull()) {
            if (!latest.isObject()) {
                throw Answers.malformed(answer.what(), answer.status(), "a 'latest.completed' that is not an object");
            }
            latestPath = Answers.text(latest, "external_path", answer.what(), answer.status());
            latestTime = Answers.number(latest, "latest_ack_timestamp", answer.what(), answer.status());
        }
        Answer config = call("GET", "jobs/" + segment(jobId) + "/checkpoints/config", null);
        JsonNode externalization = config.object("externalization");
        boolean retained = Answers.bool(externalization, "enabled", config.what(), config.status())
                && !Answers.bool(externalization, "delete_on_cancellation", config.what(), config.status());
        return new CheckpointInfo(completed, latestPath, latestTime, retained);
    }

    @Override
    public String uploadJar(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new FlinkException("jar to upload does not exist: " + jar, 0);
        }
        MultipartBody body = MultipartBody.jar(jar);
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(resolve("jars/upload"))
                    .timeout(max(requestTimeout, MIN_UPLOAD_TIMEOUT))
                    .header("Content-Type", body.contentType())
                    .POST(body.publisher())
                    .build();
        } catch (IOException e) {
            throw new FlinkException("cannot read jar " + jar + ": " + e.getMessage(), 0, e);
        }
        Answer answer = send(request, "POST jars/upload");
        String fileName = answer.text("filename");
        String jarId = fileName.substring(fileName.lastIndexOf('/') + 1);
        if (jarId.isEmpty()) {
            throw Answers.malformed(answer.what(), answer.status(), "a file name that names no jar");
        }
        return jarId;
    }

    @Override
    public String runJar(String jarId, RunRequest run) {
        ObjectNode body = json.createObjectNode();
        body.put("entryClass", run.entryClass());
        if (run.parallelism() != null) {
            body.put("parallelism", run.parallelism());
        }
        body.set("programArgsList", json.valueToTree(run.args() == null ? List.of() : run.args()));
        if (run.savepointPath() != null) {
            body.put("savepointPath", run.savepointPath());
        }
        body.put("allowNonRestoredState", run.allowNonRestoredState());
        if (run.jobId() != null) {
            body.put("jobId", run.jobId());
        }
        if (run.flinkConfiguration() != null && !run.flinkConfiguration().isEmpty()) {
            body.set("flinkConfiguration", json.valueToTree(run.flinkConfiguration()));
        }
        String path = "jars/" + segment(jarId) + "/run";
        try {
            return call("POST", path, body).id("jobid");
        } catch (FlinkException e) {
            if (JarNotFoundException.matches(e)) {
                throw new JarNotFoundException(jarId, e);
            }
            throw redacted(e, run);
        }
    }

    /**
     * Flink may echo a job argument or a configuration value in its error ("For input string ...",
     * "Could not parse value ..."); such values may be secrets, so every one is blanked out.
     */
    static FlinkException redacted(FlinkException e, RunRequest run) {
        String message = Redact.text(e.getMessage(), Redact.allValues(run.args(), run.flinkConfiguration()));
        if (message.equals(e.getMessage())) {
            return e;
        }
        return e instanceof FlinkErrorAnswer ? new FlinkErrorAnswer(message, e.httpStatus()) : new FlinkException(message, e.httpStatus());
    }

    @Override
    public void cancel(String jobId) {
        call("PATCH", "jobs/" + segment(jobId) + "?mode=cancel", null).requireStatus(202);
    }

    @Override
    public void stopWithSavepoint(String jobId, String targetDirectory, String triggerId) {
        requireTriggerId(triggerId);
        ObjectNode body = json.createObjectNode();
        putIfPresent(body, "targetDirectory", targetDirectory);
        body.put("drain", false);
        putIfPresent(body, "triggerId", triggerId);
        call("POST", "jobs/" + segment(jobId) + "/stop", body).text("request-id");
    }

    @Override
    public void triggerSavepoint(String jobId, String targetDirectory, String triggerId) {
        requireTriggerId(triggerId);
        ObjectNode body = json.createObjectNode();
        putIfPresent(body, "target-directory", targetDirectory);
        body.put("cancel-job", false);
        putIfPresent(body, "triggerId", triggerId);
        call("POST", "jobs/" + segment(jobId) + "/savepoints", body).text("request-id");
    }

    @Override
    public void dispose(String path, Duration timeout) {
        ObjectNode body = json.createObjectNode();
        body.put("savepoint-path", path);
        String requestId = call("POST", "savepoint-disposal", body).text("request-id");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Answer poll = call("GET", "savepoint-disposal/" + segment(requestId), null);
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
        Answer answer;
        try {
            answer = call("GET", "jobs/" + segment(jobId) + "/savepoints/" + segment(triggerId), null);
        } catch (FlinkException e) {
            if (e instanceof FlinkErrorAnswer flink && flink.httpStatus() == 404) {
                return SavepointStatus.unknown();
            }
            throw e;
        }
        return SavepointAnswer.parse(answer.body(), answer.what(), answer.status());
    }

    private static final int UNAVAILABLE_ATTEMPTS = 5;
    private static final Duration UNAVAILABLE_PAUSE = Duration.ofMillis(200);

    private Answer call(String method, String path, JsonNode body) {
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(resolve(path))
                .timeout(requestTimeout)
                .method(method, publisher);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return send(request.build(), method + " " + stripQuery(path));
    }

    /**
     * Sends a request. HTTP 503 (the REST endpoint has no leader yet, e.g. just after a start) means
     * the request was not processed: it is sent again, at most {@link #UNAVAILABLE_ATTEMPTS} times.
     */
    private Answer send(HttpRequest request, String what) {
        for (int attempt = 1; ; attempt++) {
            try {
                return sendOnce(request, what);
            } catch (FlinkException e) {
                if (e.httpStatus() != 503 || attempt >= UNAVAILABLE_ATTEMPTS) {
                    throw e;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(UNAVAILABLE_PAUSE.toNanos());
            }
        }
    }

    private Answer sendOnce(HttpRequest request, String what) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new FlinkException(what + ": no answer from " + request.uri() + " within " + request.timeout().orElse(requestTimeout), 0, e);
        } catch (IOException e) {
            throw new FlinkException(what + ": cannot reach " + request.uri() + ": " + e, 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FlinkException(what + ": interrupted", 0, e);
        }
        int status = response.statusCode();
        String body = response.body();
        if (status >= 400) {
            Optional<List<String>> errors = Answers.flinkErrors(json, body);
            if (errors.isPresent()) {
                String text = FlinkErrorText.summarize(errors.get());
                throw new FlinkErrorAnswer(what + ": HTTP " + status + ": " + (text.isEmpty() ? "(no error text)" : text), status);
            }
            throw new FlinkException(what + ": HTTP " + status + " (not an answer of Flink's: "
                    + (body == null || body.isBlank() ? "empty body" : "no Flink error list") + ")", status);
        }
        if (status < 200 || status > 299) {
            throw Answers.malformed(what, status, "a status Flink does not answer with");
        }
        return new Answer(what, status, Answers.object(json, what, status, body));
    }

    /** A 2xx answer whose body is a JSON object; its accessors check each field's shape. */
    private record Answer(String what, int status, JsonNode body) {

        JsonNode array(String field) {
            return Answers.array(body, field, what, status);
        }

        JsonNode object(String field) {
            return Answers.object(body, field, what, status);
        }

        String text(String field) {
            return Answers.text(body, field, what, status);
        }

        String id(String field) {
            return Answers.id(body, field, what, status);
        }

        void requireStatus(int expected) {
            if (status != expected) {
                throw Answers.malformed(what, status, "a status other than " + expected);
            }
        }
    }

    private URI resolve(String path) {
        return baseUrls.get().resolve(path);
    }

    /** Flink parses trigger ids as 32 hex characters and rejects anything else with HTTP 400. */
    private static void requireTriggerId(String triggerId) {
        if (triggerId == null || !Answers.FLINK_ID.matcher(triggerId).matches()) {
            throw new IllegalArgumentException("a trigger id must be 32 hex characters, got " + triggerId);
        }
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String stripQuery(String path) {
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }

    private static void putIfPresent(ObjectNode body, String field, String value) {
        if (value != null) {
            body.put(field, value);
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
