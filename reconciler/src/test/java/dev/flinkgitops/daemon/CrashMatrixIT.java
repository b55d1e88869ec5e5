package dev.flinkgitops.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinkgitops.flink.EmbeddedFlinkCluster;
import dev.flinkgitops.flink.FlinkRestClient;
import dev.flinkgitops.port.JobState;
import dev.flinkgitops.port.JobSummary;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.OperationRecord;
import dev.flinkgitops.status.OperationStep;
import dev.flinkgitops.status.Phase;
import dev.flinkgitops.testing.Await;
import dev.flinkgitops.testing.CounterOutput;
import dev.flinkgitops.testing.DaemonProcess;
import dev.flinkgitops.testing.ExampleJob;
import dev.flinkgitops.testing.GitServer;
import dev.flinkgitops.testing.SpecRepo;
import dev.flinkgitops.testing.StatusHistory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The crash matrix: for each change (upgrade, suspend, resume, delete) and each point where
 * a daemon can die mid-operation, a daemon started on the same work directory afterwards
 * finishes the operation from the status branch alone, and the outcome is the one a daemon
 * that never crashed would reach: one job, restored from the recorded savepoint, counters
 * continued, the other app untouched, and a status history that shows intent before stop,
 * savepoint before start.
 *
 * <p>The daemons are child JVMs ({@link DaemonProcess}) that die by SIGKILL; Flink and the
 * git server run in this JVM and outlive them.
 */
class CrashMatrixIT {

    private static final Duration RUNNING_WAIT = Duration.ofSeconds(60);
    private static final Duration CRASH_WAIT = Duration.ofSeconds(30);
    private static final Duration CONVERGE_WAIT = Duration.ofSeconds(60);
    private static final String ORDERS = "apps/payments/orders.yaml";
    private static final String OTHER = "apps/payments/other.yaml";
    private static final String ORDERS_STATUS = "payments/orders.yaml";
    private static final String OTHER_STATUS = "payments/other.yaml";
    private static final int KEYS = 4;

    /** A change pushed while no daemon runs, the phase it ends in, and whether a job runs afterwards. */
    enum Scenario {
        UPGRADE(Phase.RUNNING, true, "after-push:UPGRADING:STOPPING", "after-stop-triggered",
                "after-push:UPGRADING:STARTING", "after-submit", "after-push:DEPLOYING"),
        SUSPEND(Phase.SUSPENDED, false, "after-push:SUSPENDING:STOPPING", "after-stop-triggered",
                "after-push:SUSPENDING:STARTING", "after-push:SUSPENDED"),
        RESUME(Phase.RUNNING, true, "after-submit", "after-push:DEPLOYING"),
        DELETE(Phase.DELETED, false, "after-push:DELETING:STOPPING", "after-stop-triggered",
                "after-push:DELETING:STARTING", "after-push:DELETED");

        final Phase done;
        final boolean jobRuns;
        final List<String> points;

        Scenario(Phase done, boolean jobRuns, String... points) {
            this.done = done;
            this.jobRuns = jobRuns;
            this.points = List.of(points);
        }
    }

    @TempDir
    static Path root;

    private static GitServer git;
    private static EmbeddedFlinkCluster cluster;
    private static FlinkRestClient flink;
    private static final Map<String, String> table = new LinkedHashMap<>();
    private static long started;

    private final List<DaemonProcess> daemons = new ArrayList<>();
    private SpecRepo specs;

    /** Every scenario and crash point; {@code -Dcrashmatrix.only=TEXT} keeps the rows whose "SCENARIO @ point" contains TEXT. */
    static Stream<Arguments> rows() {
        String only = System.getProperty("crashmatrix.only", "");
        return Stream.of(Scenario.values()).flatMap(s -> s.points.stream().filter(p -> (s + " @ " + p).contains(only))
                .map(p -> Arguments.of(s, p)));
    }

    @BeforeAll
    static void start() {
        started = System.nanoTime();
        git = GitServer.start(root.resolve("git"));
        cluster = EmbeddedFlinkCluster.start(EmbeddedFlinkCluster.Settings.defaults(root.resolve("flink")).withPort(0)
                .withTaskSlots(16));
        flink = new FlinkRestClient(cluster.restUrl(), Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        StringBuilder out = new StringBuilder("\n[crash-matrix] row | outcome | seconds\n");
        table.forEach((row, outcome) -> out.append("[crash-matrix] ").append(row).append(" | ").append(outcome).append('\n'));
        out.append(String.format("[crash-matrix] total %.1f s (%d rows)%n", (System.nanoTime() - started) / 1e9, table.size()));
        System.out.println(out);
        if (cluster != null) {
            cluster.close();
        }
        if (git != null) {
            git.close();
        }
    }

    @AfterEach
    void tearDown() {
        daemons.forEach(DaemonProcess::destroy);
        if (specs != null) {
            specs.close();
        }
        for (JobSummary job : flink.listJobs()) {
            if (!job.state().terminal()) {
                flink.cancel(job.id());
            }
        }
        Await.until(Duration.ofSeconds(30), "every job of the row ended",
                () -> flink.listJobs().stream().allMatch(j -> j.state().terminal()));
    }

    @ParameterizedTest(name = "{0} crash at {1}")
    @MethodSource("rows")
    void aDaemonRestartedAfterACrashFinishesTheOperation(Scenario scenario, String point) throws Exception {
        String row = scenario + " @ " + point;
        long rowStart = System.nanoTime();
        try {
            new Row(scenario, point).run();
            table.put(row, String.format("passed | %.1f", (System.nanoTime() - rowStart) / 1e9));
        } catch (Throwable failure) {
            String reason = String.valueOf(failure.getMessage()).lines().findFirst().orElse("");
            table.put(row, String.format("FAILED: %s | %.1f", reason, (System.nanoTime() - rowStart) / 1e9));
            throw failure;
        }
    }

    /** One row: its own repository, work directory, savepoints and outputs. */
    private final class Row {

        private final Scenario scenario;
        private final String point;
        private final Path dir;
        private final String url;
        private final StatusHistory status;
        private final List<String> daemonArgs;

        Row(Scenario scenario, String point) throws IOException {
            this.scenario = scenario;
            this.point = point;
            String name = (scenario + "-" + point).toLowerCase().replace(':', '-');
            this.dir = Files.createDirectories(root.resolve(name));
            this.url = git.createRepository(name + ".git");
            this.status = new StatusHistory(git.path(name + ".git"), "status");
            Path jars = Files.createDirectories(dir.resolve("jars"));
            Files.copy(ExampleJob.jar(), jars.resolve(ExampleJob.JAR_NAME));
            this.daemonArgs = List.of("run", "--http", "127.0.0.1:0", "--repo", url, "--cluster", "default=" + cluster.restUrl(),
                    "--savepoint-dir", dir.resolve("savepoints").toUri().toString(), "--jar-dir", jars.toString(),
                    "--work-dir", dir.resolve("work").toString(), "--interval", "1s", "--fast-interval", "100ms");
            specs = SpecRepo.create(dir.resolve("specs"), url);
        }

        void run() {
            // 1. Daemon A deploys both apps at v1 (and suspends orders for a resume row), then stops.
            String v1 = specs.write(ORDERS, spec("orders", "v1", "running")).write(OTHER, spec("other", "v1", "running"))
                    .commitAndPush("v1 of orders and other");
            DaemonProcess a = daemon("a", null);
            AppStatus ordersV1 = await(a, ORDERS_STATUS, "orders RUNNING at v1", s -> running(s, v1));
            AppStatus otherV1 = await(a, OTHER_STATUS, "other RUNNING at v1", s -> running(s, v1));
            Await.until(RUNNING_WAIT, "v1 counts for every key of orders",
                    () -> CounterOutput.hasAllKeys(output("orders"), "v1", KEYS));
            if (scenario == Scenario.RESUME) {
                String suspend = specs.write(ORDERS, spec("orders", "v1", "suspended")).commitAndPush("suspend orders");
                await(a, ORDERS_STATUS, "orders SUSPENDED by daemon A",
                        s -> s.phase() == Phase.SUSPENDED && suspend.equals(s.specCommit()));
            }
            a.destroy();

            // 2. The change, pushed while no daemon runs.
            String change = pushChange();

            // 3. Daemon B dies at the crash point.
            DaemonProcess b = daemon("b", point);
            OptionalInt exit = b.waitForExit(CRASH_WAIT);
            assertTrue(exit.isPresent(), "daemon B did not reach " + point + " within " + CRASH_WAIT + "; orders is "
                    + status.current(ORDERS_STATUS).map(CrashMatrixIT::oneLine).orElse("(no status)") + "\n"
                    + status.currentText(ORDERS_STATUS).orElse("") + "\n" + b.tail(15));
            assertEquals(DaemonProcess.KILLED, exit.getAsInt(), "daemon B's exit code\n" + b.tail(15));
            assertTrue(b.stderr().contains("CRASH at " + point), "daemon B did not say it crashed at " + point + "\n" + b.tail(15));

            // 4. Daemon C, on the same work directory, finishes the operation.
            DaemonProcess c = daemon("c", null);
            AppStatus done = await(c, ORDERS_STATUS, scenario.done + " for " + change,
                    s -> s.phase() == scenario.done && s.operation() == null
                            && (scenario == Scenario.DELETE || change.equals(s.specCommit())));

            // 5. The outcome.
            assertFlinkRuns(ordersV1, otherV1, done);
            assertSavepoint(ordersV1, done);
            if (scenario.jobRuns) {
                assertRestoredAndContinued(ordersV1, done);
            }
            assertOtherUntouched(otherV1);
            assertHistory(ordersV1, done);
            assertTrue(c.alive(), "daemon C is still running\n" + c.tail(15));
        }

        private String pushChange() {
            return switch (scenario) {
                case UPGRADE -> specs.write(ORDERS, spec("orders", "v2", "running")).commitAndPush("orders v2");
                case SUSPEND -> specs.write(ORDERS, spec("orders", "v1", "suspended")).commitAndPush("suspend orders");
                case RESUME -> specs.write(ORDERS, spec("orders", "v2", "running")).commitAndPush("resume orders as v2");
                case DELETE -> specs.delete(ORDERS).commitAndPush("delete orders");
            };
        }

        /** Flink runs exactly the other app's v1 job and, when the app should run, the recorded job. */
        private void assertFlinkRuns(AppStatus ordersV1, AppStatus otherV1, AppStatus done) {
            Set<String> expected = scenario.jobRuns ? Set.of(otherV1.job().id(), done.job().id()) : Set.of(otherV1.job().id());
            Set<String> live = flink.listJobs().stream().filter(j -> !j.state().terminal()).map(JobSummary::id)
                    .collect(Collectors.toSet());
            assertEquals(expected, live, "the non-terminal jobs on Flink (other " + otherV1.job().id() + ", orders "
                    + (done.job() == null ? "none" : done.job().id()) + ")");
            assertEquals(JobState.FINISHED, flinkState(ordersV1.job().id()), "the v1 job of orders was stopped with a savepoint");
            if (scenario.jobRuns) {
                assertEquals(ordersV1.job().generation() + 1, done.job().generation(), "exactly one new job was started");
            }
        }

        /** One savepoint, of the v1 job, with the trigger id of the recorded intent, on disk. */
        private void assertSavepoint(AppStatus ordersV1, AppStatus done) {
            assertNotNull(done.lastSavepoint(), "a savepoint is recorded");
            assertEquals(1, done.savepoints().size(), "savepoints taken: " + done.savepoints());
            assertEquals(ordersV1.job().id(), done.lastSavepoint().jobId());
            Path onDisk = localPath(done.lastSavepoint().path());
            assertTrue(Files.isRegularFile(onDisk.resolve("_metadata")), "savepoint on disk at " + onDisk);
        }

        private void assertRestoredAndContinued(AppStatus ordersV1, AppStatus done) {
            assertEquals(done.lastSavepoint().path(), done.job().restoredFrom(), "the status's job.restoredFrom");
            String restored = Await.value(Duration.ofSeconds(20), "Flink's restore record of job " + done.job().id(),
                    () -> flinkRestoredFrom(done.job().id()));
            assertEquals(localPath(done.lastSavepoint().path()), localPath(restored), "what Flink restored job "
                    + done.job().id() + " from");
            Await.until(RUNNING_WAIT, "v2 counts for every key of orders",
                    () -> CounterOutput.hasAllKeys(output("orders"), "v2", KEYS));
            CounterOutput.assertContinued(output("orders"), "v1", "v2");
        }

        private void assertOtherUntouched(AppStatus otherV1) {
            AppStatus other = status.current(OTHER_STATUS).orElseThrow();
            assertEquals(Phase.RUNNING, other.phase());
            assertEquals(otherV1.job().id(), other.job().id(), "the other app's job");
            assertEquals(JobState.RUNNING, flinkState(otherV1.job().id()));
            for (AppStatus version : status.versions(OTHER_STATUS)) {
                assertEquals(null, version.operation(), "an operation on the other app: " + version);
                assertTrue(version.job() == null || otherV1.job().id().equals(version.job().id()),
                        "the other app had another job: " + version.job());
            }
        }

        /** The status branch's versions of orders: intent (STOPPING) before savepoint recorded before the outcome. */
        private void assertHistory(AppStatus ordersV1, AppStatus done) {
            List<AppStatus> versions = status.versions(ORDERS_STATUS);
            String v1Job = ordersV1.job().id();
            int intent = first(versions, s -> s.operation() != null && OperationStep.STOPPING.equals(s.operation().step())
                    && v1Job.equals(s.operation().fromJobId()));
            int savepoint = first(versions, s -> s.lastSavepoint() != null
                    && done.lastSavepoint().path().equals(s.lastSavepoint().path()));
            int outcome = scenario.jobRuns ? first(versions, s -> s.job() != null && done.job().id().equals(s.job().id()))
                    : first(versions, s -> s.phase() == scenario.done);
            String story = versions.stream().map(CrashMatrixIT::oneLine).collect(Collectors.joining("\n  "));
            System.out.println("[crash-matrix] " + scenario + " @ " + point + ": status history of orders\n  " + story);
            assertTrue(intent >= 0 && intent < savepoint && savepoint < outcome,
                    "intent #" + intent + " < savepoint #" + savepoint + " < outcome #" + outcome + " in:\n  " + story);
            AppStatus recorded = versions.get(savepoint);
            assertTrue(recorded.operation() != null && OperationStep.STARTING.equals(recorded.operation().step()),
                    "the savepoint is recorded with step STARTING: " + oneLine(recorded));
            assertEquals(versions.get(intent).operation().triggerId(), done.lastSavepoint().triggerId(),
                    "the savepoint is the one of the recorded trigger id");
            for (AppStatus version : versions) {
                assertTrue(version.job() == null || version.job().id().equals(v1Job)
                        || (done.job() != null && version.job().id().equals(done.job().id())),
                        "a job neither v1's nor the final one was recorded:\n  " + story);
            }
        }

        private DaemonProcess daemon(String name, String crashPoint) {
            DaemonProcess daemon = DaemonProcess.start(name, dir.resolve("logs"), crashPoint, daemonArgs);
            daemons.add(daemon);
            return daemon;
        }

        private AppStatus await(DaemonProcess daemon, String file, String what, Predicate<AppStatus> done) {
            Duration timeout = daemon.name().equals("c") ? CONVERGE_WAIT : RUNNING_WAIT;
            try {
                return Await.value(timeout, what, () -> status.current(file).filter(done).orElse(null));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + " (daemon " + daemon.name() + (daemon.alive() ? " alive" : " exited")
                        + "); " + file + " now:\n" + status.currentText(file).orElse("(none)") + "\n" + daemon.tail(20), e);
            }
        }

        private String spec(String name, String tag, String state) {
            return ExampleJob.spec(name, "payments", tag, KEYS, output(name), "savepoint", state);
        }

        private Path output(String app) {
            return dir.resolve("output").resolve(app);
        }
    }

    private static boolean running(AppStatus status, String commit) {
        return status.phase() == Phase.RUNNING && commit.equals(status.specCommit()) && status.job() != null;
    }

    private static int first(List<AppStatus> versions, Predicate<AppStatus> test) {
        for (int i = 0; i < versions.size(); i++) {
            if (test.test(versions.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static String oneLine(AppStatus s) {
        return s.phase() + " op=" + (s.operation() == null ? "-" : s.operation().type() + ":" + s.operation().step())
                + " job=" + (s.job() == null ? "-" : s.job().id() + "/" + s.job().state())
                + " savepoint=" + (s.lastSavepoint() == null ? "-" : s.lastSavepoint().path());
    }

    private static JobState flinkState(String jobId) {
        return flink.listJobs().stream().filter(j -> j.id().equals(jobId)).map(JobSummary::state).findFirst()
                .orElse(JobState.UNKNOWN);
    }

    /** The savepoint Flink says the job restored from ({@code GET /jobs/:id/checkpoints}), or null before it says. */
    private static String flinkRestoredFrom(String jobId) {
        try {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(cluster.restUrl().toString().replaceAll("/$", "") + "/jobs/" + jobId + "/checkpoints"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode restored = new ObjectMapper().readTree(answer.body()).path("latest").path("restored");
            return restored.isObject() ? restored.path("external_path").asText(null) : null;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path localPath(String savepoint) {
        Objects.requireNonNull(savepoint, "savepoint path");
        return (savepoint.startsWith("file:") ? Path.of(URI.create(savepoint)) : Path.of(savepoint)).normalize();
    }
}
