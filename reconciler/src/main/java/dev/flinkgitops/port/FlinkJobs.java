package dev.flinkgitops.port;

import java.nio.file.Path;
import java.util.List;

/** Jobs on one Flink cluster: list, submit, cancel. Every call is bounded by a timeout. */
public interface FlinkJobs {

    /** All jobs the cluster knows ({@code GET /jobs/overview}), including finished ones. */
    List<JobSummary> listJobs();

    /**
     * The job's own state ({@code GET /jobs/:id/status}, never cached): the second, independent read
     * that corroborates "gone" or "terminal" before the daemon acts on it. Empty when Flink itself
     * answers that it does not know the job (404 with Flink's error list).
     */
    java.util.Optional<JobState> jobStatus(String jobId);

    /** Uploads a jar ({@code POST /jars/upload}) and returns its jar id. */
    String uploadJar(Path jar);

    /** Runs an uploaded jar ({@code POST /jars/:jarid/run}) and returns the job id. */
    String runJar(String jarId, RunRequest request);

    /** Cancels a job without a savepoint ({@code PATCH /jobs/:id?mode=cancel}). */
    void cancel(String jobId);
}
