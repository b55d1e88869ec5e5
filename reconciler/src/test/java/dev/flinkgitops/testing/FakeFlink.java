package dev.flinkgitops.testing;

import dev.flinkgitops.appspec.SavepointFormat;
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
 * A fake of our Flink ports for fast unit tests and the benchmarks: it keeps jobs and savepoints as
 * state, answers at once, and has failure knobs. Tests assert on its state (which jobs run, which
 * savepoints exist), not on calls. Thread-safe: the daemon calls it from its action pool. The
 * benchmarks time the latency from an event to the fake's first call, so it can also keep a log of
 * its calls ({@link #recordCalls()}); it is off by default, so a long run does not grow it.
 */
public final class FakeFlink implements FlinkJobs, FlinkSavepoints, FlinkCheckpoints, dev.flinkgitops.port.FlinkRescale {

    /** One call: when (System.nanoTime), which method, which job (or null). */
    public record Call(long nanos, String method, String jobId) {}

    private final Map<String, JobSummary> jobs = new LinkedHashMap<>();
    private final Map<String, SavepointStatus> savepoints = new LinkedHashMap<>();
    private final Map<String, SavepointFormat> formats = new java.util.HashMap<>();
    private final Map<String, RunRequest> runs = new LinkedHashMap<>();
    private final List<String> disposed = new ArrayList<>();
    private String nextSavepointFailure;
    private final Map<String, SavepointStatus> triggeredCheckpoints = new LinkedHashMap<>();
    private String nextCheckpointFailure;
    private boolean checkpointsUnsupported;
    private boolean unreachable;
    private boolean holdSavepoints;
    private boolean loseNextRunAnswer;
    private final java.util.Set<String> missingRestorePoints = new java.util.HashSet<>();
    private final java.util.Set<String> hidden = new java.util.HashSet<>();
    private String failOnStartArgument;
    private int uploads;
    private int unknownTriggerQueries;
    private List<Call> calls;
    /** The one job vertex the fake's jobs have, for rescales in place. */
    public static final String VERTEX = "0123456789abcdef0123456789abcdef";
    private String adaptiveVersion;
    private String nextRescaleRefusal;
    private final Map<String, Integer> parallelism = new java.util.HashMap<>();

    /** Adds a running job, as if it had been submitted before. */
    public synchronized FakeFlink running(String jobId) {
        jobs.put(jobId, new JobSummary(jobId, "job", JobState.RUNNING, 0));
        return this;
    }

    /** The cluster runs Flink {@code version} with the adaptive scheduler: a rescale in place takes effect at once. */
    public synchronized FakeFlink adaptiveScheduler(String version) {
        adaptiveVersion = version;
        return this;
    }

    /** The next rescale in place is refused by "Flink" with this cause (HTTP 500, Flink's error list). */
    public synchronized FakeFlink refuseNextRescale(String cause) {
        nextRescaleRefusal = cause;
        return this;
    }

    /** The parallelism the job runs at (its run request's, or what a rescale in place set; 1 when neither said). */
    public synchronized int parallelism(String jobId) {
        return parallelism.getOrDefault(jobId, 1);
    }

    /** The next savepoint or stop fails with this cause (and the job keeps running). */
    public synchronized FakeFlink failNextSavepoint(String cause) {
        nextSavepointFailure = cause;
        return this;
    }

    /** Savepoints stay IN_PROGRESS until released (a slow savepoint). */
    /** The next checkpoint on demand fails with this cause. */
    public synchronized FakeFlink failNextCheckpoint(String cause) {
        nextCheckpointFailure = cause;
        return this;
    }

    /** Answers a checkpoint trigger as Flink before 1.17 does (no such route). */
    public synchronized FakeFlink checkpointsUnsupported(boolean value) {
        checkpointsUnsupported = value;
        return this;
    }

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

    /** A job whose arguments include {@code argument} is FAILED as soon as it is submitted (a version that cannot start). */
    public synchronized FakeFlink failOnStart(String argument) {
        failOnStartArgument = argument;
        return this;
    }

    /** A restore point that does not exist: a submit from it fails as Flink's does (HTTP 400, a FAILED job left behind). */
    public synchronized FakeFlink missingRestorePoint(String path) {
        missingRestorePoints.add(path);
        return this;
    }

    /** From now on, keeps a log of the calls made (read with {@link #callsSince}). */
    public synchronized FakeFlink recordCalls() {
        if (calls == null) {
            calls = new ArrayList<>();
        }
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

    /** How many jobs are RUNNING now. */
    public synchronized int countRunning() {
        return (int) jobs.values().stream().filter(job -> job.state() == JobState.RUNNING).count();
    }

    /** The calls made at or after {@code nanos} (System.nanoTime), oldest first; needs {@link #recordCalls()}. */
    public synchronized List<Call> callsSince(long nanos) {
        if (calls == null) {
            throw new IllegalStateException("the fake keeps no call log: call recordCalls() first");
        }
        return calls.stream().filter(call -> call.nanos() >= nanos).toList();
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

    /** Logs the call (when asked to) and fails it when the cluster is unreachable. */
    private void answer(String method, String jobId) {
        if (calls != null) {
            calls.add(new Call(System.nanoTime(), method, jobId));
        }
        if (unreachable) {
            throw new FlinkException("fake cluster does not answer", 0);
        }
    }

    @Override
    public synchronized List<JobSummary> listJobs() {
        answer("listJobs", null);
        return jobs.values().stream().filter(job -> !hidden.contains(job.id())).toList();
    }

    @Override
    public synchronized java.util.Optional<JobState> jobStatus(String jobId) {
        answer("jobStatus", jobId);
        return java.util.Optional.ofNullable(jobs.get(jobId)).map(JobSummary::state);
    }

    @Override
    public synchronized String uploadJar(Path jar) {
        answer("uploadJar", null);
        uploads++;
        return "jar-" + uploads;
    }

    @Override
    public synchronized String runJar(String jarId, RunRequest request) {
        answer("runJar", request.jobId());
        if (request.savepointPath() != null && missingRestorePoints.contains(request.savepointPath())) {
            jobs.put(request.jobId(), new JobSummary(request.jobId(), "job", JobState.FAILED, 0));
            throw new dev.flinkgitops.flink.FlinkErrorAnswer("POST jars/x/run: HTTP 400: RestHandlerException: Could not execute "
                    + "application. | caused by: FileNotFoundException: Cannot find checkpoint or savepoint file/directory '"
                    + request.savepointPath() + "' on file system 'file'.", 400);
        }
        boolean fails = failOnStartArgument != null && request.args() != null && request.args().contains(failOnStartArgument);
        jobs.put(request.jobId(), new JobSummary(request.jobId(), "job", fails ? JobState.FAILED : JobState.RUNNING, 0));
        runs.put(request.jobId(), request);
        if (request.parallelism() != null) {
            parallelism.put(request.jobId(), request.parallelism());
        }
        if (loseNextRunAnswer) {
            loseNextRunAnswer = false;
            throw new FlinkException("POST jars/x/run: connection reset (the fake lost the answer)", 0);
        }
        return request.jobId();
    }

    @Override
    public synchronized dev.flinkgitops.port.RescaleView rescaleView(String jobId) {
        answer("rescaleView", jobId);
        Map<String, Integer> vertices = adaptiveVersion == null ? Map.of() : Map.of(VERTEX, parallelism(jobId));
        return new dev.flinkgitops.port.RescaleView(adaptiveVersion != null ? adaptiveVersion : "2.3.0",
                adaptiveVersion != null ? "adaptive" : null, vertices, vertices, adaptiveVersion == null ? -1 : 1);
    }

    @Override
    public synchronized void rescale(String jobId, java.util.Set<String> vertices, int newParallelism) {
        answer("rescale", jobId);
        if (nextRescaleRefusal != null) {
            String cause = nextRescaleRefusal;
            nextRescaleRefusal = null;
            throw new dev.flinkgitops.flink.FlinkErrorAnswer("PUT jobs/" + jobId + "/resource-requirements: HTTP 500: " + cause, 500);
        }
        parallelism.put(jobId, newParallelism);
    }

    @Override
    public synchronized void cancel(String jobId) {
        answer("cancel", jobId);
        jobs.computeIfPresent(jobId, (id, job) -> new JobSummary(id, job.name(), JobState.CANCELED, job.startTimeMillis()));
    }

    @Override
    public synchronized void stopWithSavepoint(String jobId, String targetDirectory, String triggerId,
            SavepointFormat format) {
        savepoint("stopWithSavepoint", jobId, targetDirectory, triggerId, format, true);
    }

    @Override
    public synchronized void triggerSavepoint(String jobId, String targetDirectory, String triggerId, SavepointFormat format) {
        savepoint("triggerSavepoint", jobId, targetDirectory, triggerId, format, false);
    }

    /** The format the savepoint or stop under {@code triggerId} asked for (null: Flink's default). */
    public synchronized SavepointFormat formatOf(String triggerId) {
        return formats.get(triggerId);
    }

    private void savepoint(String method, String jobId, String targetDirectory, String triggerId, SavepointFormat format,
            boolean stop) {
        answer(method, jobId);
        if (savepoints.containsKey(triggerId)) {
            return;
        }
        formats.put(triggerId, format);
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
        answer("savepointStatus", jobId);
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
        answer("dispose", null);
        disposed.add(path);
    }

    @Override
    public synchronized CheckpointInfo checkpoints(String jobId) {
        answer("checkpoints", jobId);
        return new CheckpointInfo(1, null, -1, false);
    }

    @Override
    public synchronized void triggerCheckpoint(String jobId, String checkpointType, String triggerId) {
        answer("triggerCheckpoint", jobId);
        if (checkpointsUnsupported) {
            throw new dev.flinkgitops.port.CheckpointsUnsupportedException("this Flink cluster cannot take a checkpoint on demand (POST /jobs/:id/checkpoints needs Flink 1.17 or newer): POST jobs/x/checkpoints: HTTP 404: Not found", 404);
        }
        if (triggeredCheckpoints.containsKey(triggerId)) {
            return;
        }
        if (nextCheckpointFailure != null) {
            triggeredCheckpoints.put(triggerId, SavepointStatus.failed(nextCheckpointFailure));
            nextCheckpointFailure = null;
            return;
        }
        triggeredCheckpoints.put(triggerId, SavepointStatus.completed("file:/checkpoints/" + jobId + "/chk-" + triggerId.substring(0, 6)));
    }

    @Override
    public synchronized SavepointStatus checkpointStatus(String jobId, String triggerId) {
        answer("checkpointStatus", jobId);
        return triggeredCheckpoints.getOrDefault(triggerId, SavepointStatus.unknown());
    }
}
