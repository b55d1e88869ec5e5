package dev.flinkgitops.flink;

import dev.flinkgitops.jars.JarUploads;
import dev.flinkgitops.port.FlinkException;
import dev.flinkgitops.port.JarNotFoundException;
import dev.flinkgitops.port.JobIds;
import dev.flinkgitops.port.JobState;
import dev.flinkgitops.port.JobSummary;
import dev.flinkgitops.port.RunRequest;
import dev.flinkgitops.port.SavepointStatus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.testing.Await;
import dev.flinkgitops.testing.CounterOutput;
import dev.flinkgitops.testing.ExampleJob;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST client against a real embedded Flink cluster running the example counter job. */
class FlinkRestClientIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int KEYS = 4;

    @TempDir
    static Path work;

    private static EmbeddedFlinkCluster cluster;
    private static FlinkRestClient flink;
    private static final JarUploads uploads = new JarUploads();

    @BeforeAll
    static void startCluster() {
        long start = System.nanoTime();
        cluster = EmbeddedFlinkCluster.start(EmbeddedFlinkCluster.Settings.defaults(work.resolve("flink")).withPort(0));
        System.out.printf("[timing] embedded cluster start: %d ms%n", millisSince(start));
        flink = new FlinkRestClient(cluster.restUrl(), Duration.ofSeconds(10));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            long start = System.nanoTime();
            cluster.close();
            System.out.printf("[timing] embedded cluster close: %d ms%n", millisSince(start));
        }
    }

    @Test
    void upgradesFromStopWithSavepointAndKeepsState() {
        Path output = work.resolve("upgrade-out");
        String jarId = uploads.ensureUploaded(flink, ExampleJob.jar());
        assertEquals(jarId, uploads.ensureUploaded(flink, ExampleJob.jar()), "a jar is uploaded once");

        String v1 = JobIds.derive(new AppId("default", "counter"), "commit-1", 0);
        long submit = System.nanoTime();
        assertEquals(v1, flink.runJar(jarId, counterJob("v1", output, v1, null)));
        awaitState(v1, JobState.RUNNING);
        System.out.printf("[timing] submit -> RUNNING: %d ms%n", millisSince(submit));
        Await.until(WAIT, "v1 output for every key", () -> CounterOutput.hasAllKeys(output, "v1", KEYS));
        System.out.printf("[timing] submit -> output for every key: %d ms%n", millisSince(submit));
        assertTrue(get("jobs/" + v1 + "/checkpoints/config").contains("\"interval\":2000"),
                "flinkConfiguration of the run request reaches the job");

        String trigger = newTriggerId();
        long stop = System.nanoTime();
        flink.stopWithSavepoint(v1, work.resolve("savepoints").toUri().toString(), trigger);
        SavepointStatus done = awaitSavepoint(v1, trigger);
        System.out.printf("[timing] stop-with-savepoint: %d ms%n", millisSince(stop));
        assertEquals(SavepointStatus.Kind.COMPLETED, done.kind(), () -> "savepoint: " + done);
        assertTrue(done.location().contains("savepoint"), done.location());
        awaitState(v1, JobState.FINISHED);

        flink.stopWithSavepoint(v1, work.resolve("savepoints").toUri().toString(), trigger);
        assertEquals(done, flink.savepointStatus(v1, trigger), "triggering the same id again is the same operation");

        String v2 = JobIds.derive(new AppId("default", "counter"), "commit-2", 0);
        long restore = System.nanoTime();
        assertEquals(v2, flink.runJar(jarId, counterJob("v2", output, v2, done.location())));
        awaitState(v2, JobState.RUNNING);
        System.out.printf("[timing] restore -> RUNNING: %d ms%n", millisSince(restore));
        Await.until(WAIT, "v2 output for every key", () -> CounterOutput.hasAllKeys(output, "v2", KEYS));
        System.out.printf("[timing] restore -> output for every key: %d ms%n", millisSince(restore));
        CounterOutput.assertContinued(output, "v1", "v2");

        flink.cancel(v2);
        awaitState(v2, JobState.CANCELED);
    }

    @Test
    void servesTheWebUiOnLoopback() {
        assertEquals("127.0.0.1", cluster.restUrl().getHost());
        assertTrue(get("").toLowerCase().contains("<html"), "web UI index page");
    }

    @Test
    void failedSavepointLeavesTheJobRunning() throws IOException {
        String job = runCounter("fail");
        Path regularFile = Files.writeString(work.resolve("not-a-directory"), "x");
        String trigger = newTriggerId();
        flink.triggerSavepoint(job, regularFile.resolve("savepoints").toUri().toString(), trigger);
        SavepointStatus status = awaitSavepoint(job, trigger);
        System.out.println("[answer] failed savepoint: " + status.failureCause());
        assertEquals(SavepointStatus.Kind.FAILED, status.kind(), () -> "status: " + status);
        assertFalse(status.failureCause().isBlank());
        assertTrue(status.failureCause().length() < 1000, status.failureCause());
        assertEquals(JobState.RUNNING, state(job));

        flink.cancel(job);
        awaitState(job, JobState.CANCELED);
    }

    /** The second read behind "gone": Flink's own answer for a job it runs, and for one it does not know. */
    @Test
    void jobStatusReadsOneJobByIdAndAnUnknownJobIsEmpty() {
        String job = runCounter("job-status");
        assertEquals(java.util.Optional.of(JobState.RUNNING), flink.jobStatus(job));
        assertEquals(java.util.Optional.empty(), flink.jobStatus("0".repeat(32)));
        flink.cancel(job);
    }

    @Test
    void unknownTriggerIsUnknown() {
        String job = runCounter("unknown-trigger");
        assertEquals(SavepointStatus.unknown(), flink.savepointStatus(job, newTriggerId()));
        assertEquals(SavepointStatus.unknown(), flink.savepointStatus("0".repeat(32), newTriggerId()));
        flink.cancel(job);
        awaitState(job, JobState.CANCELED);
    }

    @Test
    void badEntryClassIsAnError() {
        String jarId = uploads.ensureUploaded(flink, ExampleJob.jar());
        RunRequest run = new RunRequest("dev.flinkgitops.example.NoSuchJob", 1, List.of(), null, false,
                JobIds.derive(new AppId("default", "bad"), "c", 0), Map.of("my.secret", "hunter2"));
        FlinkException error = assertThrows(FlinkException.class, () -> flink.runJar(jarId, run));
        System.out.println("[answer] bad entry class: " + error.getMessage());
        assertEquals(500, error.httpStatus());
        assertTrue(error.getMessage().contains("NoSuchJob"), error.getMessage());
        assertFalse(error.getMessage().contains("hunter2"), error.getMessage());
    }

    @Test
    void configurationValuesStayOutOfErrors() {
        String jarId = uploads.ensureUploaded(flink, ExampleJob.jar());
        RunRequest run = new RunRequest(ExampleJob.ENTRY_CLASS, 1, List.of(), null, false,
                JobIds.derive(new AppId("default", "bad-config"), "c", 0),
                Map.of("execution.checkpointing.interval", "s3cr3t-not-a-duration"));
        FlinkException error = assertThrows(FlinkException.class, () -> flink.runJar(jarId, run));
        System.out.println("[answer] bad configuration value: " + error.getMessage());
        assertFalse(error.getMessage().contains("s3cr3t"), error.getMessage());
    }

    @Test
    void missingSavepointIsAnError() {
        String jarId = uploads.ensureUploaded(flink, ExampleJob.jar());
        String job = JobIds.derive(new AppId("default", "missing-savepoint"), "c", 0);
        RunRequest run = counterJob("x", work.resolve("missing-out"), job, work.resolve("no-such-savepoint").toUri().toString());
        FlinkException error = assertThrows(FlinkException.class, () -> flink.runJar(jarId, run));
        System.out.println("[answer] missing savepoint: " + error.getMessage());
        assertEquals(400, error.httpStatus());
    }

    @Test
    void unknownJarIdIsJarNotFound() {
        Path jar = ExampleJob.jar();
        String jarId = uploads.ensureUploaded(flink, jar);
        JarNotFoundException error = assertThrows(JarNotFoundException.class,
                () -> flink.runJar(UUID.randomUUID() + "_gone.jar", counterJob("x", work.resolve("gone"), null, null)));
        System.out.println("[answer] unknown jar id: " + error.getMessage());
        assertEquals(404, error.httpStatus(), "reported as not found whatever Flink's status");
        assertTrue(error.getMessage().contains("does not exist"), error.getMessage());

        uploads.forget(flink, jar);
        assertNotEquals(jarId, uploads.ensureUploaded(flink, jar), "a forgotten jar is uploaded again");
    }

    /** A fresh trigger id: Flink requires 32 hex characters. */
    private static String newTriggerId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static String runCounter(String tag) {
        String jarId = uploads.ensureUploaded(flink, ExampleJob.jar());
        String job = JobIds.derive(new AppId("default", tag), "commit", 0);
        assertEquals(job, flink.runJar(jarId, counterJob(tag, work.resolve(tag + "-out"), job, null)));
        awaitState(job, JobState.RUNNING);
        Await.until(WAIT, tag + " output", () -> CounterOutput.hasAllKeys(work.resolve(tag + "-out"), tag, KEYS));
        return job;
    }

    private static RunRequest counterJob(String tag, Path output, String jobId, String savepoint) {
        List<String> args = List.of("--tag", tag, "--keys", String.valueOf(KEYS), "--rate", "50", "--output", output.toString());
        return new RunRequest(ExampleJob.ENTRY_CLASS, 2, args, savepoint, false, jobId, Map.of("execution.checkpointing.interval", "2 s"));
    }

    private static String get(String path) {
        try {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(flink.baseUrl().resolve(path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return answer.body();
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("GET " + path, e);
        }
    }

    private static SavepointStatus awaitSavepoint(String job, String trigger) {
        return Await.value(WAIT, "savepoint " + trigger, () -> {
            SavepointStatus status = flink.savepointStatus(job, trigger);
            return status.kind() == SavepointStatus.Kind.IN_PROGRESS ? null : status;
        });
    }

    private static void awaitState(String job, JobState expected) {
        Await.until(WAIT, "job " + job + " " + expected, () -> state(job) == expected);
    }

    private static JobState state(String job) {
        return flink.listJobs().stream().filter(j -> j.id().equals(job)).map(JobSummary::state).findFirst().orElse(JobState.UNKNOWN);
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
