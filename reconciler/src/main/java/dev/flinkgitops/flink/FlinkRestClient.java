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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinkgitops.redact.Redact;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.flinkgitops.flink.FlinkHttp.segment;

/**
 * The Flink REST API as plain JSON over HTTP (JDK HttpClient + Jackson), portable across
 * Flink 1.20 and 2.x. Every call is bounded by the request timeout; uploads by a longer one.
 * Errors become {@link FlinkException}s carrying the HTTP status and Flink's shortened error
 * text. Request bodies are never put into messages or logs: they may carry secrets. Jobs and
 * checkpoints are here; savepoints are {@link FlinkRestSavepoints}; the HTTP plumbing is {@link FlinkHttp}.
 */
public final class FlinkRestClient implements FlinkJobs, FlinkSavepoints, FlinkCheckpoints, dev.flinkgitops.port.FlinkRescale {

    private static final Duration MIN_UPLOAD_TIMEOUT = Duration.ofMinutes(2);

    private final FlinkHttp http;
    private final FlinkRestSavepoints savepoints;
    /** False once the cluster refused per-job configuration in a run request (Flink before 1.17). */
    private volatile boolean perJobConfiguration = true;
    private final FlinkRestCheckpoints triggeredCheckpoints;
    private final FlinkRestRescale rescales;

    public FlinkRestClient(URI baseUrl, Duration requestTimeout) {
        this(() -> baseUrl, requestTimeout);
    }

    /**
     * A client whose base URL may change between calls (a port-forward that is re-established after
     * its pod was replaced).
     */
    public FlinkRestClient(java.util.function.Supplier<URI> baseUrls, Duration requestTimeout) {
        this.http = new FlinkHttp(baseUrls, requestTimeout);
        this.savepoints = new FlinkRestSavepoints(http);
        this.triggeredCheckpoints = new FlinkRestCheckpoints(http);
        this.rescales = new FlinkRestRescale(http);
    }

    public URI baseUrl() {
        return http.baseUrl();
    }

    /** Every job must carry a Flink id and a state: a list with a job missing either is a failed call. */
    @Override
    public List<JobSummary> listJobs() {
        FlinkHttp.Answer answer = http.call("GET", "jobs/overview", null);
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
        FlinkHttp.Answer answer;
        try {
            answer = http.call("GET", "jobs/" + segment(jobId) + "/status", null);
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
        FlinkHttp.Answer answer = http.call("GET", "jobs/" + segment(jobId) + "/checkpoints", null);
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
        FlinkHttp.Answer config = http.call("GET", "jobs/" + segment(jobId) + "/checkpoints/config", null);
        JsonNode externalization = config.object("externalization");
        boolean retained = Answers.bool(externalization, "enabled", config.what(), config.status())
                && !Answers.bool(externalization, "delete_on_cancellation", config.what(), config.status());
        return new CheckpointInfo(completed, latestPath, latestTime, retained);
    }

    @Override
    public void triggerCheckpoint(String jobId, String checkpointType, String triggerId) {
        triggeredCheckpoints.trigger(jobId, checkpointType, triggerId);
    }

    @Override
    public SavepointStatus checkpointStatus(String jobId, String triggerId) {
        return triggeredCheckpoints.status(jobId, triggerId);
    }

    @Override
    public String uploadJar(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new FlinkException("jar to upload does not exist: " + jar, 0);
        }
        MultipartBody body = MultipartBody.jar(jar);
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(http.resolve("jars/upload"))
                    .timeout(max(http.requestTimeout(), MIN_UPLOAD_TIMEOUT))
                    .header("Content-Type", body.contentType())
                    .POST(body.publisher())
                    .build();
        } catch (IOException e) {
            throw new FlinkException("cannot read jar " + jar + ": " + e.getMessage(), 0, e);
        }
        FlinkHttp.Answer answer = http.send(request, "POST jars/upload");
        String fileName = answer.text("filename");
        String jarId = fileName.substring(fileName.lastIndexOf('/') + 1);
        if (jarId.isEmpty()) {
            throw Answers.malformed(answer.what(), answer.status(), "a file name that names no jar");
        }
        return jarId;
    }

    @Override
    public String runJar(String jarId, RunRequest run) {
        boolean configured = run.flinkConfiguration() != null && !run.flinkConfiguration().isEmpty();
        RunRequest sent = perJobConfiguration || !configured ? run : RunBody.withoutConfiguration(run, baseUrl());
        boolean withConfiguration = sent.flinkConfiguration() != null && !sent.flinkConfiguration().isEmpty();
        try {
            return http.call("POST", "jars/" + segment(jarId) + "/run", RunBody.of(http, sent, withConfiguration)).id("jobid");
        } catch (FlinkException e) {
            if (JarNotFoundException.matches(e)) {
                throw new JarNotFoundException(jarId, e);
            }
            if (withConfiguration && RunBody.refusesConfiguration(e)) {
                // Flink before 1.17 refuses the whole body, so nothing was submitted: the same job id is run again.
                perJobConfiguration = false;
                return runJar(jarId, run);
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
        http.call("PATCH", "jobs/" + segment(jobId) + "?mode=cancel", null).requireStatus(202);
    }

    @Override
    public void stopWithSavepoint(String jobId, String targetDirectory, String triggerId,
            dev.flinkgitops.appspec.SavepointFormat format) {
        savepoints.stopWithSavepoint(jobId, targetDirectory, triggerId, format);
    }

    @Override
    public void triggerSavepoint(String jobId, String targetDirectory, String triggerId,
            dev.flinkgitops.appspec.SavepointFormat format) {
        savepoints.triggerSavepoint(jobId, targetDirectory, triggerId, format);
    }

    @Override
    public void dispose(String path, Duration timeout) {
        savepoints.dispose(path, timeout);
    }

    @Override
    public SavepointStatus savepointStatus(String jobId, String triggerId) {
        return savepoints.savepointStatus(jobId, triggerId);
    }

    @Override
    public dev.flinkgitops.port.RescaleView rescaleView(String jobId) {
        return rescales.view(jobId);
    }

    @Override
    public void rescale(String jobId, java.util.Set<String> vertices, int parallelism) {
        rescales.rescale(jobId, vertices, parallelism);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
