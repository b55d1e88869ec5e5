package dev.flinkgitops.daemon;

import dev.flinkgitops.config.DaemonConfig;
import dev.flinkgitops.flink.EmbeddedFlinkCluster;
import dev.flinkgitops.flink.FlinkRestClient;
import dev.flinkgitops.flink.JobState;
import dev.flinkgitops.flink.JobSummary;
import dev.flinkgitops.spec.AppId;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.Phase;
import dev.flinkgitops.testing.Await;
import dev.flinkgitops.testing.CounterOutput;
import dev.flinkgitops.testing.ExampleJob;
import dev.flinkgitops.testing.GitServer;
import dev.flinkgitops.testing.SpecRepo;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The daemon end to end with real parts: a bare repository served by {@code git daemon} on
 * 127.0.0.1, a real Flink cluster running the example counter job, the daemon in-process and
 * driven tick by tick.
 */
class DaemonIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final AppId APP = new AppId("payments", "orders");
    private static final String FILE = "apps/payments/orders.yaml";

    @TempDir
    static Path root;

    private static GitServer git;
    private static EmbeddedFlinkCluster cluster;
    private static FlinkRestClient flink;

    private Path dir;
    private SpecRepo specs;
    private String url;
    private Daemon daemon;

    @BeforeAll
    static void start() {
        git = GitServer.start(root.resolve("git"));
        cluster = EmbeddedFlinkCluster.start(EmbeddedFlinkCluster.Settings.defaults(root.resolve("flink")).withPort(0)
                .withTaskSlots(16));
        flink = new FlinkRestClient(cluster.restUrl(), Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (git != null) {
            git.close();
        }
    }

    private void setUp(TestInfo test, String savepointDir) throws IOException {
        String name = test.getTestMethod().orElseThrow().getName();
        dir = Files.createDirectories(root.resolve(name));
        url = git.createRepository(name + ".git");
        specs = SpecRepo.create(dir.resolve("specs"), url);
        Path jars = Files.createDirectories(dir.resolve("jars"));
        Files.copy(ExampleJob.jar(), jars.resolve(ExampleJob.JAR_NAME));
        DaemonConfig config = new DaemonConfig(url, "main", List.of("apps"), "status", Duration.ofSeconds(10),
                Duration.ofMillis(100), dir.resolve("daemon"), Map.of("default", cluster.restUrl()), "default", 0, 0,
                savepointDir != null ? savepointDir : dir.resolve("savepoints").toUri().toString(), List.of(jars), "git",
                null, null, Duration.ofSeconds(10), 0.5);
        daemon = Wiring.daemon(config, Clock.systemUTC());
    }

    @AfterEach
    void tearDown() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
        if (specs != null) {
            specs.close();
        }
        for (JobSummary job : flink.listJobs()) {
            if (!job.state().terminal()) {
                flink.cancel(job.id());
            }
        }
    }

    private String spec(String tag, String extraConfiguration) {
        return """
                apiVersion: flink.apache.org/v1beta1
                kind: FlinkDeployment
                metadata:
                  name: orders
                  namespace: payments
                spec:
                  flinkConfiguration:
                    execution.checkpointing.interval: "1s"%s
                  job:
                    jarURI: local:///opt/flink/usrlib/%s
                    entryClass: %s
                    args: ["--tag", "%s", "--rate", "40", "--output", "%s"]
                    parallelism: 2
                    upgradeMode: savepoint
                """.formatted(extraConfiguration, ExampleJob.JAR_NAME, ExampleJob.ENTRY_CLASS, tag, output());
    }

    private Path output() {
        return dir.resolve("output");
    }

    /** The same spec suspended ({@code job.state: suspended}). */
    private String suspended(String tag) {
        return spec(tag, "") + "    state: suspended\n";
    }

    /** Another app that must never be disturbed by what happens to payments/orders. */
    private String other() {
        return spec("other", "").replace("name: orders", "name: other").replace(output().toString(),
                dir.resolve("other-output").toString());
    }

    /** Ticks until the app's status satisfies {@code done}; returns that status. */
    private AppStatus tickUntil(String what, java.util.function.Predicate<AppStatus> done) {
        return Await.value(WAIT, what, () -> {
            daemon.tickOnce();
            AppStatus status = daemon.statuses().get(APP);
            return status != null && done.test(status) ? status : null;
        });
    }

    private AppStatus deploy(String commit) {
        return tickUntil("job RUNNING for " + commit, s -> s.phase() == Phase.RUNNING && commit.equals(s.specCommit()));
    }

    private JobState flinkState(String jobId) {
        return flink.listJobs().stream().filter(j -> j.id().equals(jobId)).map(JobSummary::state).findFirst()
                .orElse(JobState.UNKNOWN);
    }

    private long runningJobs() {
        return flink.listJobs().stream().filter(j -> !j.state().terminal()).count();
    }

    @Test
    void firstDeployRunsTheJobAndRecordsIt(TestInfo test) throws Exception {
        setUp(test, null);
        String commit = specs.write(FILE, spec("v1", "")).commitAndPush("add orders");

        AppStatus status = deploy(commit);

        assertEquals(JobState.RUNNING, flinkState(status.job().id()));
        RemoteStatus remote = RemoteStatus.read(git.path(test.getTestMethod().get().getName() + ".git"));
        assertTrue(remote.file("payments/orders.yaml").contains(status.job().id()), remote.file("payments/orders.yaml"));
        assertTrue(remote.tipMessage().endsWith("Spec-Commit: " + commit + "\n"), remote.tipMessage());
    }

    @Test
    void argsChangeUpgradesThroughASavepointAndTheCountersContinue(TestInfo test) throws Exception {
        setUp(test, null);
        String v1 = specs.write(FILE, spec("v1", "")).commitAndPush("v1");
        AppStatus first = deploy(v1);
        Await.until(WAIT, "v1 counts of 10 or more for every key",
                () -> CounterOutput.lastCount(output(), "v1").values().stream().filter(c -> c >= 10).count() == 4);

        long pushed = System.nanoTime();
        String v2 = specs.write(FILE, spec("v2", "")).commitAndPush("v2");
        AppStatus upgraded = deploy(v2);
        System.out.printf("[timing] commit pushed -> new job RUNNING: %d ms%n", (System.nanoTime() - pushed) / 1_000_000);

        assertNotEquals(first.job().id(), upgraded.job().id());
        assertNotNull(upgraded.lastSavepoint());
        assertEquals(upgraded.lastSavepoint().path(), upgraded.job().restoredFrom());
        assertEquals(first.job().id(), upgraded.lastSavepoint().jobId());
        assertEquals(JobState.FINISHED, flinkState(first.job().id()), "the old job was stopped, not cancelled");
        Await.until(WAIT, "v2 counts for every key", () -> CounterOutput.hasAllKeys(output(), "v2", 4));
        CounterOutput.assertContinued(output(), "v1", "v2");
        assertEquals(1, runningJobs());

        // A job cancelled outside the daemon is started again from the last recorded savepoint.
        flink.cancel(upgraded.job().id());
        AppStatus restarted = tickUntil("restart after an outside cancel",
                s -> s.phase() == Phase.RUNNING && !s.job().id().equals(upgraded.job().id()));
        assertEquals(upgraded.lastSavepoint().path(), restarted.job().restoredFrom());
        assertEquals(JobState.RUNNING, flinkState(restarted.job().id()));
    }

    @Test
    void aBrokenSpecLeavesTheRunningJobAloneAndRecordsWhy(TestInfo test) throws Exception {
        setUp(test, null);
        AppStatus running = deploy(specs.write(FILE, spec("v1", "")).commitAndPush("v1"));

        String broken = specs.write(FILE, spec("v2", "").replace("parallelism: 2", "paralelism: 2")).commitAndPush("typo");
        AppStatus stalled = tickUntil("STALLED", s -> s.phase() == Phase.STALLED);

        assertEquals(running.job().id(), stalled.job().id());
        assertEquals(JobState.RUNNING, flinkState(running.job().id()));
        assertEquals(1, runningJobs());
        assertEquals(broken, stalled.lastError().specCommit());
        assertTrue(stalled.lastError().message().contains(FILE + ":"), stalled.lastError().message());
        assertTrue(stalled.lastError().message().contains("paralelism"), stalled.lastError().message());
    }

    @Test
    void aFailedSavepointKeepsTheOldJobRunningAndBlocksWithTheCause(TestInfo test) throws Exception {
        Path notADirectory = Files.writeString(root.resolve("plain-file"), "x");
        setUp(test, notADirectory.resolve("savepoints").toUri().toString());
        AppStatus running = deploy(specs.write(FILE, spec("v1", "")).commitAndPush("v1"));

        specs.write(FILE, spec("v2", "")).commitAndPush("v2");
        AppStatus blocked = tickUntil("BLOCKED", s -> s.phase() == Phase.BLOCKED);

        assertEquals(running.job().id(), blocked.job().id());
        assertEquals(JobState.RUNNING, flinkState(running.job().id()));
        assertTrue(blocked.lastError().message().contains("savepoint failed"), blocked.lastError().message());
        assertTrue(blocked.lastError().message().contains("Exception"), blocked.lastError().message());
        assertNotNull(blocked.lastError().retryAfter());
        assertEquals(null, blocked.operation());
    }

    @Test
    void ticksWithoutChangesWriteNoStatusCommits(TestInfo test) throws Exception {
        setUp(test, null);
        deploy(specs.write(FILE, spec("v1", "")).commitAndPush("v1"));
        Path bare = git.path(test.getTestMethod().get().getName() + ".git");
        ObjectId tip = RemoteStatus.read(bare).tip();

        for (int i = 0; i < 5; i++) {
            TickReport report = daemon.tickOnce();
            assertEquals(dev.flinkgitops.git.StatusBranch.WriteResult.Outcome.UNCHANGED, report.written().outcome());
        }

        assertEquals(tip, RemoteStatus.read(bare).tip());
    }

    @Test
    void anotherWritersStatusFilesAreKept(TestInfo test) throws Exception {
        setUp(test, null);
        deploy(specs.write(FILE, spec("v1", "")).commitAndPush("v1"));
        Path bare = git.path(test.getTestMethod().get().getName() + ".git");
        try (SpecRepo other = SpecRepo.create(dir.resolve("other"), url)) {
            Git.open(other.dir().toFile()).fetch().setRemote("origin")
                    .setRefSpecs(new org.eclipse.jgit.transport.RefSpec("+refs/heads/status:refs/heads/status")).call();
            Git otherGit = Git.open(other.dir().toFile());
            otherGit.checkout().setName("status").call();
            other.write("notes/audit.yaml", "reviewed: true\n");
            otherGit.add().addFilepattern(".").call();
            otherGit.commit().setMessage("audit note").setAuthor("auditor", "a@x").setCommitter("auditor", "a@x").call();
            otherGit.push().setRemote("origin")
                    .setRefSpecs(new org.eclipse.jgit.transport.RefSpec("refs/heads/status:refs/heads/status")).call();
            otherGit.close();
        }

        String v2 = specs.write(FILE, spec("v2", "")).commitAndPush("v2");
        deploy(v2);

        RemoteStatus remote = RemoteStatus.read(bare);
        assertEquals("reviewed: true\n", remote.file("notes/audit.yaml"));
        assertTrue(remote.file("payments/orders.yaml").contains(v2));
    }

    @Test
    void suspendStopsWithASavepointAndResumeContinuesTheCounters(TestInfo test) throws Exception {
        setUp(test, null);
        AppStatus running = deploy(specs.write(FILE, spec("v1", "")).commitAndPush("v1"));
        Await.until(WAIT, "v1 counts for every key", () -> CounterOutput.hasAllKeys(output(), "v1", 4));

        specs.write(FILE, suspended("v1")).commitAndPush("suspend");
        AppStatus suspended = tickUntil("SUSPENDED", s -> s.phase() == Phase.SUSPENDED);
        assertEquals(JobState.FINISHED, flinkState(running.job().id()), "stopped with a savepoint, not cancelled");
        assertEquals("suspend", suspended.lastSavepoint().reason());
        assertEquals(0, runningJobs());
        assertTrue(Files.isDirectory(Path.of(URI.create(suspended.lastSavepoint().path()))));

        String resume = specs.write(FILE, spec("v2", "")).commitAndPush("resume as v2");
        AppStatus resumed = deploy(resume);
        assertEquals(suspended.lastSavepoint().path(), resumed.job().restoredFrom());
        Await.until(WAIT, "v2 counts for every key", () -> CounterOutput.hasAllKeys(output(), "v2", 4));
        CounterOutput.assertContinued(output(), "v1", "v2");
        assertEquals(1, runningJobs());
    }

    @Test
    void removingASpecStopsItsJobWithAFinalSavepointAndLeavesOthersAlone(TestInfo test) throws Exception {
        setUp(test, null);
        specs.write("apps/payments/other.yaml", other());
        AppStatus running = deploy(specs.write(FILE, spec("v1", "")).commitAndPush("two apps"));
        AppId otherApp = new AppId("payments", "other");
        AppStatus otherBefore = Await.value(WAIT, "other RUNNING", () -> {
            daemon.tickOnce();
            AppStatus s = daemon.statuses().get(otherApp);
            return s != null && s.phase() == Phase.RUNNING ? s : null;
        });

        specs.delete(FILE).commitAndPush("remove orders");
        AppStatus deleted = tickUntil("DELETED", s -> s.phase() == Phase.DELETED);

        assertEquals(JobState.FINISHED, flinkState(running.job().id()), "stopped with a savepoint, not cancelled");
        assertEquals("delete", deleted.lastSavepoint().reason());
        assertTrue(Files.isDirectory(Path.of(URI.create(deleted.lastSavepoint().path()))));
        AppStatus otherAfter = daemon.statuses().get(otherApp);
        assertEquals(otherBefore.job().id(), otherAfter.job().id());
        assertEquals(JobState.RUNNING, flinkState(otherAfter.job().id()));
        RemoteStatus remote = RemoteStatus.read(git.path(test.getTestMethod().get().getName() + ".git"));
        assertTrue(remote.file("payments/orders.yaml").contains("phase: DELETED"), "the app's record stays");
    }

    @Test
    void removingEveryAppIsRefusedUntilACommitConfirmsIt(TestInfo test) throws Exception {
        setUp(test, null);
        AppStatus running = deploy(specs.write(FILE, spec("v1", "")).commitAndPush("v1"));

        specs.delete(FILE).commitAndPush("oops, removed everything");
        AppStatus refused = tickUntil("the refusal recorded",
                s -> s.lastError() != null && s.lastError().message().contains("Allow-Mass-Deletion: true"));
        for (int i = 0; i < 3; i++) {
            daemon.tickOnce();
        }
        assertEquals(Phase.RUNNING, daemon.statuses().get(APP).phase());
        assertEquals(JobState.RUNNING, flinkState(running.job().id()));
        assertEquals(running.job().id(), refused.job().id());

        specs.commitAndPush("Retire orders\n\nAllow-Mass-Deletion: true\n");
        AppStatus deleted = tickUntil("DELETED after the confirmation", s -> s.phase() == Phase.DELETED);
        assertNotNull(deleted.lastSavepoint());
        assertEquals(JobState.FINISHED, flinkState(running.job().id()));
    }

    /** The status branch as the remote holds it. */
    record RemoteStatus(Repository repository, ObjectId tip) {

        static RemoteStatus read(Path bare) throws IOException {
            Repository repository = Git.open(bare.toFile()).getRepository();
            return new RemoteStatus(repository, repository.resolve("refs/heads/status"));
        }

        String tipMessage() throws IOException {
            try (RevWalk walk = new RevWalk(repository)) {
                return walk.parseCommit(tip).getFullMessage();
            }
        }

        String file(String path) throws IOException {
            try (RevWalk walk = new RevWalk(repository)) {
                RevCommit commit = walk.parseCommit(tip);
                try (TreeWalk tree = TreeWalk.forPath(repository, path, commit.getTree())) {
                    return Optional.ofNullable(tree)
                            .map(t -> new String(open(t.getObjectId(0)), StandardCharsets.UTF_8)).orElse(null);
                }
            }
        }

        private byte[] open(ObjectId blob) {
            try {
                return repository.open(blob).getBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
