package dev.flinkgitops.testing;

import dev.flinkgitops.port.CheckpointInfo;
import dev.flinkgitops.port.FlinkCheckpoints;
import dev.flinkgitops.port.FlinkException;
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
 * A fake of our Flink ports for fast unit tests: it keeps jobs and savepoints as state, and has
 * failure knobs. Tests assert on its state (which jobs run, which savepoints exist), not on calls.
 */
public final class FakeFlink implements FlinkJobs, FlinkSavepoints, FlinkCheckpoints {

    private final Map<String, JobSummary> jobs = new LinkedHashMap<>();
    private final Map<String, SavepointStatus> savepoints = new LinkedHashMap<>();
    private final Map<String, RunRequest> runs = new LinkedHashMap<>();
    private final List<String> disposed = new ArrayList<>();
    private String nextSavepointFailure;
    private boolean unreachable;
    private boolean holdSavepoints;
    private boolean loseNextRunAnswer;
    private final java.util.Set<String> missingRestorePoints = new java.util.HashSet<>();
    private final java.util.Set<String> hidden = new java.util.HashSet<>();
    private int uploads;
    private int unknownTriggerQueries;

    /** Adds a running job, as if it had been submitted before. */
    public synchronized FakeFlink running(String jobId) {
        jobs.put(jobId, new JobSummary(jobId, "job", JobState.RUNNING, 0));
        return this;
    }

    /** The next savepoint or stop fails with this cause (and the job keeps running). */
    public synchronized FakeFlink failNextSavepoint(String cause) {
        nextSavepointFailure = cause;
        return this;
    }

    /** Savepoints stay IN_PROGRESS until released (a slow savepoint). */
    public synchronized FakeFlink holdSavepoints(boolean value) {
        holdSavepoints = value;
        return this;
    }

    /** The next submit is accepted (the job runs) but its answer is lost: the caller sees a failure. */
    public synchronized FakeFlink loseNextRunAnswer() {
        loseNextRunAnswer = true;
        return this;
    }

    /** The job list leaves this job out while it still runs (a stale or partial listing): only a read by id sees it. */
    public synchronized FakeFlink hideFromListing(String jobId, boolean value) {
        if (value) {
            hidden.add(jobId);
        } else {
            hidden.remove(jobId);
        }
        return this;
    }

    /** A restore point that does not exist: a submit from it fails as Flink's does (HTTP 400, a FAILED job left behind). */
    public synchronized FakeFlink missingRestorePoint(String path) {
        missingRestorePoints.add(path);
        return this;
    }

    /** Every call fails as if the cluster did not answer. */
    public synchronized FakeFlink unreachable(boolean value) {
        unreachable = value;
        return this;
    }

    public synchronized JobState state(String jobId) {
        JobSummary job = jobs.get(jobId);
        return job == null ? JobState.UNKNOWN : job.state();
    }

    public synchronized RunRequest run(String jobId) {
        return runs.get(jobId);
    }

    public synchronized List<String> disposed() {
        return List.copyOf(disposed);
    }

    /** How often the state of a savepoint never triggered was asked for (a real cluster answers 404 and logs an error). */
    public synchronized int unknownTriggerQueries() {
        return unknownTriggerQueries;
    }

    /** How many jobs were submitted so far. */
    public synchronized int submissions() {
        return runs.size();
    }

    public synchronized int uploads() {
        return uploads;
    }

    private void answer() {
        if (unreachable) {
            throw new FlinkException("fake cluster does not answer", 0);
        }
    }

    @Override
    public synchronized List<JobSummary> listJobs() {
        answer();
        return jobs.values().stream().filter(job -> !hidden.contains(job.id())).toList();
    }

    @Override
    public synchronized java.util.Optional<JobState> jobStatus(String jobId) {
        answer();
        return java.util.Optional.ofNullable(jobs.get(jobId)).map(JobSummary::state);
    }

    @Override
    public synchronized String uploadJar(Path jar) {
        answer();
        uploads++;
        return "jar-" + uploads;
    }

    @Override
    public synchronized String runJar(String jarId, RunRequest request) {
        answer();
        if (request.savepointPath() != null && missingRestorePoints.contains(request.savepointPath())) {
            jobs.put(request.jobId(), new JobSummary(request.jobId(), "job", JobState.FAILED, 0));
            throw new dev.flinkgitops.flink.FlinkErrorAnswer("POST jars/x/run: HTTP 400: RestHandlerException: Could not execute "
                    + "application. | caused by: FileNotFoundException: Cannot find checkpoint or savepoint file/directory '"
                    + request.savepointPath() + "' on file system 'file'.", 400);
        }
        jobs.put(request.jobId(), new JobSummary(request.jobId(), "job", JobState.RUNNING, 0));
        runs.put(request.jobId(), request);
        if (loseNextRunAnswer) {
            loseNextRunAnswer = false;
            throw new FlinkException("POST jars/x/run: connection reset (the fake lost the answer)", 0);
        }
        return request.jobId();
    }

    @Override
    public synchronized void cancel(String jobId) {
        answer();
        jobs.computeIfPresent(jobId, (id, job) -> new JobSummary(id, job.name(), JobState.CANCELED, job.startTimeMillis()));
    }

    @Override
    public synchronized void stopWithSavepoint(String jobId, String targetDirectory, String triggerId) {
        savepoint(jobId, targetDirectory, triggerId, true);
    }

    @Override
    public synchronized void triggerSavepoint(String jobId, String targetDirectory, String triggerId) {
        savepoint(jobId, targetDirectory, triggerId, false);
    }

    private void savepoint(String jobId, String targetDirectory, String triggerId, boolean stop) {
        answer();
        if (savepoints.containsKey(triggerId)) {
            return;
        }
        if (nextSavepointFailure != null) {
            savepoints.put(triggerId, SavepointStatus.failed(nextSavepointFailure));
            nextSavepointFailure = null;
            return;
        }
        savepoints.put(triggerId, SavepointStatus.completed(targetDirectory + "/savepoint-" + triggerId.substring(0, 6)));
        if (stop) {
            jobs.computeIfPresent(jobId, (id, job) -> new JobSummary(id, job.name(), JobState.FINISHED, job.startTimeMillis()));
        }
    }

    @Override
    public synchronized SavepointStatus savepointStatus(String jobId, String triggerId) {
        answer();
        if (!savepoints.containsKey(triggerId)) {
            unknownTriggerQueries++;
        }
        if (holdSavepoints && savepoints.containsKey(triggerId)) {
            return SavepointStatus.inProgress();
        }
        return savepoints.getOrDefault(triggerId, SavepointStatus.unknown());
    }

    @Override
    public synchronized void dispose(String path, Duration timeout) {
        answer();
        disposed.add(path);
    }

    @Override
    public synchronized CheckpointInfo checkpoints(String jobId) {
        answer();
        return new CheckpointInfo(1, null, -1, false);
    }
}
