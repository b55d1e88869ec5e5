package dev.flinkgitops.flink;

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
import java.util.regex.Pattern;

/**
 * The Flink REST API as plain JSON over HTTP (JDK HttpClient + Jackson), portable across
 * Flink 1.20 and 2.x. Every call is bounded by the request timeout; uploads by a longer one.
 * Errors become {@link FlinkException}s carrying the HTTP status and Flink's shortened error
 * text. Request bodies are never put into messages or logs: they may carry secrets.
 */
public final class FlinkRestClient implements FlinkJobs, FlinkSavepoints, FlinkCheckpoints {

    private static final Duration MIN_UPLOAD_TIMEOUT = Duration.ofMinutes(2);
    private static final Pattern FLINK_ID = Pattern.compile("[0-9a-fA-F]{32}");

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

    @Override
    public List<JobSummary> listJobs() {
        JsonNode answer = call("GET", "jobs/overview", null);
        List<JobSummary> jobs = new ArrayList<>();
        for (JsonNode job : answer.path("jobs")) {
            jobs.add(new JobSummary(
                    job.path("jid").asText(),
                    job.path("name").asText(""),
                    JobState.parse(job.path("state").asText(null)),
                    job.path("start-time").asLong(-1)));
        }
        return jobs;
    }

    @Override
    public CheckpointInfo checkpoints(String jobId) {
        JsonNode answer = call("GET", "jobs/" + segment(jobId) + "/checkpoints", null);
        JsonNode latest = answer.path("latest").path("completed");
        JsonNode config = call("GET", "jobs/" + segment(jobId) + "/checkpoints/config", null);
        JsonNode externalization = config.path("externalization");
        boolean retained = externalization.path("enabled").asBoolean(false)
                && !externalization.path("delete_on_cancellation").asBoolean(true);
        return new CheckpointInfo(
                answer.path("counts").path("completed").asLong(0),
                latest.isMissingNode() || latest.isNull() ? null : latest.path("external_path").asText(null),
                latest.path("latest_ack_timestamp").asLong(-1),
                retained);
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
        JsonNode answer = send(request, "POST jars/upload");
        String fileName = answer.path("filename").asText("");
        String jarId = fileName.substring(fileName.lastIndexOf('/') + 1);
        if (jarId.isEmpty()) {
            throw new FlinkException("POST jars/upload: answer has no file name", 200);
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
        String jobId;
        try {
            jobId = call("POST", path, body).path("jobid").asText("");
        } catch (FlinkException e) {
            if (JarNotFoundException.matches(e)) {
                throw new JarNotFoundException(jarId, e);
            }
            throw redacted(e, run);
        }
        if (jobId.isEmpty()) {
            throw new FlinkException("POST " + path + ": answer has no job id", 200);
        }
        return jobId;
    }

    /**
     * Flink may echo a job argument or a configuration value in its error ("For input string ...",
     * "Could not parse value ..."); such values may be secrets, so every one is blanked out.
     */
    static FlinkException redacted(FlinkException e, RunRequest run) {
        String message = Redact.text(e.getMessage(), Redact.allValues(run.args(), run.flinkConfiguration()));
        return message.equals(e.getMessage()) ? e : new FlinkException(message, e.httpStatus());
    }

    @Override
    public void cancel(String jobId) {
        call("PATCH", "jobs/" + segment(jobId) + "?mode=cancel", null);
    }

    @Override
    public void stopWithSavepoint(String jobId, String targetDirectory, String triggerId) {
        requireTriggerId(triggerId);
        ObjectNode body = json.createObjectNode();
        putIfPresent(body, "targetDirectory", targetDirectory);
        body.put("drain", false);
        putIfPresent(body, "triggerId", triggerId);
        call("POST", "jobs/" + segment(jobId) + "/stop", body);
    }

    @Override
    public void triggerSavepoint(String jobId, String targetDirectory, String triggerId) {
        requireTriggerId(triggerId);
        ObjectNode body = json.createObjectNode();
        putIfPresent(body, "target-directory", targetDirectory);
        body.put("cancel-job", false);
        putIfPresent(body, "triggerId", triggerId);
        call("POST", "jobs/" + segment(jobId) + "/savepoints", body);
    }

    @Override
    public void dispose(String path, Duration timeout) {
        ObjectNode body = json.createObjectNode();
        body.put("savepoint-path", path);
        String requestId = call("POST", "savepoint-disposal", body).path("request-id").asText();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode answer = call("GET", "savepoint-disposal/" + segment(requestId), null);
            if ("COMPLETED".equals(answer.path("status").path("id").asText())) {
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
        JsonNode answer;
        try {
            answer = call("GET", "jobs/" + segment(jobId) + "/savepoints/" + segment(triggerId), null);
        } catch (FlinkException e) {
            if (e.httpStatus() == 404) {
                return SavepointStatus.unknown();
            }
            throw e;
        }
        return SavepointAnswer.parse(answer);
    }

    private static final int UNAVAILABLE_ATTEMPTS = 5;
    private static final Duration UNAVAILABLE_PAUSE = Duration.ofMillis(200);

    private JsonNode call(String method, String path, JsonNode body) {
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
    private JsonNode send(HttpRequest request, String what) {
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

    private JsonNode sendOnce(HttpRequest request, String what) {
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
        JsonNode answer = parse(response.body());
        int status = response.statusCode();
        if (status >= 400) {
            throw new FlinkException(what + ": HTTP " + status + ": " + errorText(answer, response.body()), status);
        }
        return answer;
    }

    private JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(text);
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }

    private static String errorText(JsonNode answer, String raw) {
        List<String> errors = new ArrayList<>();
        answer.path("errors").forEach(error -> errors.add(error.asText()));
        String text = errors.isEmpty() ? FlinkErrorText.summarize(raw) : FlinkErrorText.summarize(errors);
        return text.isEmpty() ? "(no error text)" : text;
    }

    private URI resolve(String path) {
        return baseUrls.get().resolve(path);
    }

    /** Flink parses trigger ids as 32 hex characters and rejects anything else with HTTP 400. */
    private static void requireTriggerId(String triggerId) {
        if (triggerId == null || !FLINK_ID.matcher(triggerId).matches()) {
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
