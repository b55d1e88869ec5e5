package dev.flinkgitops.daemon;

import dev.flinkgitops.port.JobState;
import dev.flinkgitops.git.StatusBranch;
import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.Phase;
import dev.flinkgitops.testing.Await;
import dev.flinkgitops.testing.CounterOutput;
import dev.flinkgitops.testing.FlinkGitWorldExtension;
import dev.flinkgitops.testing.RemoteStatus;
import dev.flinkgitops.testing.Scenario;
import dev.flinkgitops.testing.SpecRepo;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.transport.RefSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestInfo;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.flinkgitops.testing.Scenario.APP;
import static dev.flinkgitops.testing.Scenario.FILE;
import static dev.flinkgitops.testing.Scenario.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The daemon end to end with real parts: a bare repository served by {@code git daemon} on
 * 127.0.0.1, a real Flink cluster running the example counter job, the daemon in-process and
 * driven tick by tick.
 */
class DaemonIT {

    @RegisterExtension
    static final FlinkGitWorldExtension WORLD = new FlinkGitWorldExtension();
    private Scenario scenario;

    private Scenario setUp(TestInfo test, String savepointDir) {
        scenario = WORLD.world().scenario(test.getTestMethod().orElseThrow().getName(), savepointDir);
        return scenario;
    }

    @AfterEach
    void tearDown() throws Exception {
        if (scenario != null) {
            scenario.close();
        }
    }

    @Test
    void firstDeployRunsTheJobAndRecordsIt(TestInfo test) {
        Scenario s = setUp(test, null);
        String commit = s.specs().write(FILE, s.spec("v1")).commitAndPush("add orders");

        AppStatus status = s.deploy(commit);

        assertEquals(JobState.RUNNING, WORLD.world().state(status.job().id()));
        RemoteStatus remote = s.remoteStatus();
        assertTrue(remote.file("payments/orders.yaml").contains(status.job().id()), remote.file("payments/orders.yaml"));
        assertTrue(remote.tipMessage().endsWith("Spec-Commit: " + commit + "\n"), remote.tipMessage());
    }

    @Test
    void argsChangeUpgradesThroughASavepointAndTheCountersContinue(TestInfo test) {
        Scenario s = setUp(test, null);
        AppStatus first = s.deploy(s.specs().write(FILE, s.spec("v1")).commitAndPush("v1"));
        Await.until(WAIT, "v1 counts of 10 or more for every key",
                () -> CounterOutput.lastCount(s.output(), "v1").values().stream().filter(c -> c >= 10).count() == 4);

        long pushed = System.nanoTime();
        String v2 = s.specs().write(FILE, s.spec("v2")).commitAndPush("v2");
        AppStatus started = s.tickUntil("v2 job submitted", st -> v2.equals(st.specCommit()) && st.operation() == null);
        Await.until(WAIT, "v2 job RUNNING in Flink", () -> WORLD.world().state(started.job().id()) == JobState.RUNNING);
        long running = System.nanoTime();
        AppStatus upgraded = s.deploy(v2);
        System.out.printf("[timing] commit pushed -> new job RUNNING: %d ms; -> ready (first checkpoint): %d ms%n",
                (running - pushed) / 1_000_000, (System.nanoTime() - pushed) / 1_000_000);

        assertNotEquals(first.job().id(), upgraded.job().id());
        assertNotNull(upgraded.lastSavepoint());
        assertEquals(upgraded.lastSavepoint().path(), upgraded.job().restoredFrom());
        assertEquals(first.job().id(), upgraded.lastSavepoint().jobId());
        assertEquals(v2, upgraded.stableCommit(), "ready makes the spec the stable one");
        assertEquals(JobState.FINISHED, WORLD.world().state(first.job().id()), "the old job was stopped, not cancelled");
        Await.until(WAIT, "v2 counts for every key", () -> CounterOutput.hasAllKeys(s.output(), "v2", 4));
        CounterOutput.assertContinued(s.output(), "v1", "v2");
        assertEquals(1, WORLD.world().runningJobs());

        // A job cancelled outside the daemon is started again from the last recorded savepoint.
        WORLD.world().flink().cancel(upgraded.job().id());
        AppStatus restarted = s.tickUntil("restart after an outside cancel",
                st -> st.phase() == Phase.RUNNING && !st.job().id().equals(upgraded.job().id()));
        assertEquals(upgraded.lastSavepoint().path(), restarted.job().restoredFrom());
        assertEquals(JobState.RUNNING, WORLD.world().state(restarted.job().id()));
    }

    @Test
    void aBrokenSpecLeavesTheRunningJobAloneAndRecordsWhy(TestInfo test) {
        Scenario s = setUp(test, null);
        AppStatus running = s.deploy(s.specs().write(FILE, s.spec("v1")).commitAndPush("v1"));

        String broken = s.specs().write(FILE, s.spec("v2").replace("parallelism: 2", "paralelism: 2")).commitAndPush("typo");
        AppStatus stalled = s.tickUntil("STALLED", st -> st.phase() == Phase.STALLED);

        assertEquals(running.job().id(), stalled.job().id());
        assertEquals(JobState.RUNNING, WORLD.world().state(running.job().id()));
        assertEquals(1, WORLD.world().runningJobs());
        assertEquals(broken, stalled.lastError().specCommit());
        assertTrue(stalled.lastError().message().contains(FILE + ":"), stalled.lastError().message());
        assertTrue(stalled.lastError().message().contains("paralelism"), stalled.lastError().message());
    }

    @Test
    void aFailedSavepointKeepsTheOldJobRunningAndBlocksWithTheCause(TestInfo test) throws Exception {
        Path notADirectory = Files.writeString(WORLD.root().resolve("plain-file"), "x");
        Scenario s = setUp(test, notADirectory.resolve("savepoints").toUri().toString());
        AppStatus running = s.deploy(s.specs().write(FILE, s.spec("v1")).commitAndPush("v1"));

        s.specs().write(FILE, s.spec("v2")).commitAndPush("v2");
        AppStatus blocked = s.tickUntil("BLOCKED", st -> st.phase() == Phase.BLOCKED);

        assertEquals(running.job().id(), blocked.job().id());
        assertEquals(JobState.RUNNING, WORLD.world().state(running.job().id()));
        assertTrue(blocked.lastError().message().contains("savepoint failed"), blocked.lastError().message());
        assertTrue(blocked.lastError().message().contains("Exception"), blocked.lastError().message());
        assertNotNull(blocked.lastError().retryAfter());
        assertNull(blocked.operation());
    }

    @Test
    void ticksWithoutChangesWriteNoStatusCommits(TestInfo test) {
        Scenario s = setUp(test, null);
        s.deploy(s.specs().write(FILE, s.spec("v1")).commitAndPush("v1"));
        ObjectId tip = s.remoteStatus().tip();

        for (int i = 0; i < 5; i++) {
            TickReport report = s.daemon().tickOnce();
            assertEquals(StatusBranch.WriteResult.Outcome.UNCHANGED, report.written().outcome());
        }

        assertEquals(tip, s.remoteStatus().tip());
    }

    @Test
    void anotherWritersStatusFilesAreKept(TestInfo test) throws Exception {
        Scenario s = setUp(test, null);
        s.deploy(s.specs().write(FILE, s.spec("v1")).commitAndPush("v1"));
        try (SpecRepo other = SpecRepo.create(s.dir().resolve("other"), s.url());
                Git otherGit = Git.open(other.dir().toFile())) {
            otherGit.fetch().setRemote("origin").setRefSpecs(new RefSpec("+refs/heads/status:refs/heads/status")).call();
            otherGit.checkout().setName("status").call();
            other.write("notes/audit.yaml", "reviewed: true\n");
            otherGit.add().addFilepattern(".").call();
            otherGit.commit().setMessage("audit note").setAuthor("auditor", "a@x").setCommitter("auditor", "a@x").call();
            otherGit.push().setRemote("origin").setRefSpecs(new RefSpec("refs/heads/status:refs/heads/status")).call();
        }

        String v2 = s.specs().write(FILE, s.spec("v2")).commitAndPush("v2");
        s.deploy(v2);

        RemoteStatus remote = s.remoteStatus();
        assertEquals("reviewed: true\n", remote.file("notes/audit.yaml"));
        assertTrue(remote.file("payments/orders.yaml").contains(v2));
    }

    @Test
    void suspendStopsWithASavepointAndResumeContinuesTheCounters(TestInfo test) {
        Scenario s = setUp(test, null);
        AppStatus running = s.deploy(s.specs().write(FILE, s.spec("v1")).commitAndPush("v1"));
        Await.until(WAIT, "v1 counts for every key", () -> CounterOutput.hasAllKeys(s.output(), "v1", 4));

        s.specs().write(FILE, s.spec("v1", "", "    state: suspended\n")).commitAndPush("suspend");
        AppStatus suspended = s.tickUntil("SUSPENDED", st -> st.phase() == Phase.SUSPENDED);
        assertEquals(JobState.FINISHED, WORLD.world().state(running.job().id()), "stopped with a savepoint, not cancelled");
        assertEquals("suspend", suspended.lastSavepoint().reason());
        assertEquals(0, WORLD.world().runningJobs());
        assertTrue(Files.isDirectory(Path.of(URI.create(suspended.lastSavepoint().path()))));

        AppStatus resumed = s.deploy(s.specs().write(FILE, s.spec("v2")).commitAndPush("resume as v2"));
        assertEquals(suspended.lastSavepoint().path(), resumed.job().restoredFrom());
        Await.until(WAIT, "v2 counts for every key", () -> CounterOutput.hasAllKeys(s.output(), "v2", 4));
        CounterOutput.assertContinued(s.output(), "v1", "v2");
        assertEquals(1, WORLD.world().runningJobs());
    }

    @Test
    void removingASpecStopsItsJobWithAFinalSavepointAndLeavesOthersAlone(TestInfo test) {
        Scenario s = setUp(test, null);
        String other = s.spec("other").replace("name: orders", "name: other")
                .replace(s.output().toString(), s.dir().resolve("other-output").toString());
        s.specs().write("apps/payments/other.yaml", other);
        AppStatus running = s.deploy(s.specs().write(FILE, s.spec("v1")).commitAndPush("two apps"));
        AppId otherApp = new AppId("payments", "other");
        AppStatus otherBefore = s.tickUntil(otherApp, "other RUNNING", st -> st.phase() == Phase.RUNNING);

        s.specs().delete(FILE).commitAndPush("remove orders");
        AppStatus deleted = s.tickUntil("DELETED", st -> st.phase() == Phase.DELETED);

        assertEquals(JobState.FINISHED, WORLD.world().state(running.job().id()), "stopped with a savepoint, not cancelled");
        assertEquals("delete", deleted.lastSavepoint().reason());
        assertTrue(Files.isDirectory(Path.of(URI.create(deleted.lastSavepoint().path()))));
        AppStatus otherAfter = s.daemon().statuses().get(otherApp);
        assertEquals(otherBefore.job().id(), otherAfter.job().id());
        assertEquals(JobState.RUNNING, WORLD.world().state(otherAfter.job().id()));
        assertTrue(s.remoteStatus().file("payments/orders.yaml").contains("phase: DELETED"), "the app's record stays");
    }

    @Test
    void removingEveryAppIsRefusedUntilACommitConfirmsIt(TestInfo test) {
        Scenario s = setUp(test, null);
        AppStatus running = s.deploy(s.specs().write(FILE, s.spec("v1")).commitAndPush("v1"));

        s.specs().delete(FILE).commitAndPush("oops, removed everything");
        AppStatus refused = s.tickUntil("the refusal recorded",
                st -> st.lastError() != null && st.lastError().message().contains("Allow-Mass-Deletion: true"));
        for (int i = 0; i < 3; i++) {
            s.daemon().tickOnce();
        }
        assertEquals(Phase.RUNNING, s.daemon().statuses().get(APP).phase());
        assertEquals(JobState.RUNNING, WORLD.world().state(running.job().id()));
        assertEquals(running.job().id(), refused.job().id());

        s.specs().commitAndPush("Retire orders\n\nAllow-Mass-Deletion: true\n");
        AppStatus deleted = s.tickUntil("DELETED after the confirmation", st -> st.phase() == Phase.DELETED);
        assertNotNull(deleted.lastSavepoint());
        assertEquals(JobState.FINISHED, WORLD.world().state(running.job().id()));
    }
}
