package dev.flinkgitops.bench;

import dev.flinkgitops.port.CheckpointInfo;
import dev.flinkgitops.port.FlinkCheckpoints;
import dev.flinkgitops.port.FlinkJobs;
import dev.flinkgitops.port.FlinkSavepoints;
import dev.flinkgitops.port.JobState;
import dev.flinkgitops.port.JobSummary;
import dev.flinkgitops.port.RunRequest;
import dev.flinkgitops.port.SavepointStatus;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The daemon's Flink port, faked: it reports the jobs it was asked to run as RUNNING, completes
 * savepoints at once, and records when each call came (nanoTime) and what it was. Thread-safe:
 * the daemon calls it from its action pool. (Adapted from the reconciler tests' FakeFlink.)
 */
final class FakeFlink implements FlinkJobs, FlinkSavepoints, FlinkCheckpoints {

    /** One call: when, which method, which job (or null). */
    record Call(long nanos, String method, String jobId) {}

    private final Map<String, JobSummary> jobs = new LinkedHashMap<>();
    private final Map<String, SavepointStatus> savepoints = new LinkedHashMap<>();
    private final List<Call> calls = new ArrayList<>();
    private int uploads;

    synchronized int running() {
        return (int) jobs.values().stream().filter(j -> j.state() == JobState.RUNNING).count();
    }

    synchronized List<Call> callsSince(long nanos) {
        return calls.stream().filter(c -> c.nanos() >= nanos).toList();
    }

    synchronized void clearCalls() {
        calls.clear();
    }

    private void call(String method, String jobId) {
        calls.add(new Call(System.nanoTime(), method, jobId));
    }

    @Override
    public synchronized List<JobSummary> listJobs() {
        call("listJobs", null);
        return List.copyOf(jobs.values());
    }

    @Override
    public synchronized java.util.Optional<JobState> jobStatus(String jobId) {
        call("jobStatus", null);
        return java.util.Optional.ofNullable(jobs.get(jobId)).map(JobSummary::state);
    }

    @Override
    public synchronized String uploadJar(Path jar) {
        call("uploadJar", null);
        uploads++;
        return "jar-" + uploads;
    }

    @Override
    public synchronized String runJar(String jarId, RunRequest request) {
        call("runJar", request.jobId());
        jobs.put(request.jobId(), new JobSummary(request.jobId(), "job", JobState.RUNNING, 0));
        return request.jobId();
    }

    @Override
    public synchronized void cancel(String jobId) {
        call("cancel", jobId);
        jobs.computeIfPresent(jobId, (id, job) -> new JobSummary(id, job.name(), JobState.CANCELED, job.startTimeMillis()));
    }

    @Override
    public synchronized void stopWithSavepoint(String jobId, String targetDirectory, String triggerId) {
        call("stopWithSavepoint", jobId);
        savepoint(jobId, targetDirectory, triggerId, true);
    }

    @Override
    public synchronized void triggerSavepoint(String jobId, String targetDirectory, String triggerId) {
        call("triggerSavepoint", jobId);
        savepoint(jobId, targetDirectory, triggerId, false);
    }

    private void savepoint(String jobId, String targetDirectory, String triggerId, boolean stop) {
        if (savepoints.containsKey(triggerId)) {
            return;
        }
        savepoints.put(triggerId, SavepointStatus.completed(targetDirectory + "/savepoint-" + triggerId.substring(0, 6)));
        if (stop) {
            jobs.computeIfPresent(jobId, (id, job) -> new JobSummary(id, job.name(), JobState.FINISHED, job.startTimeMillis()));
        }
    }

    @Override
    public synchronized SavepointStatus savepointStatus(String jobId, String triggerId) {
        call("savepointStatus", jobId);
        return savepoints.getOrDefault(triggerId, SavepointStatus.unknown());
    }

    @Override
    public synchronized void dispose(String path, Duration timeout) {
        call("dispose", null);
    }

    @Override
    public synchronized CheckpointInfo checkpoints(String jobId) {
        call("checkpoints", jobId);
        return new CheckpointInfo(1, null, -1, false);
    }
}
