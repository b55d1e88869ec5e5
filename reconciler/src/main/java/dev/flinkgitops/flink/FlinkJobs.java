package dev.flinkgitops.flink;

import java.nio.file.Path;
import java.util.List;

/** Jobs on one Flink cluster: list, submit, cancel. Every call is bounded by a timeout. */
public interface FlinkJobs {

    /** All jobs the cluster knows ({@code GET /jobs/overview}), including finished ones. */
    List<JobSummary> listJobs();

    /** Uploads a jar ({@code POST /jars/upload}) and returns its jar id. */
    String uploadJar(Path jar);

    /** Runs an uploaded jar ({@code POST /jars/:jarid/run}) and returns the job id. */
    String runJar(String jarId, RunRequest request);

    /** Cancels a job without a savepoint ({@code PATCH /jobs/:id?mode=cancel}). */
    void cancel(String jobId);
}
