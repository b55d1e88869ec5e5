package dev.flinkgitops.daemon;

import dev.flinkgitops.port.JobState;
import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.Phase;
import dev.flinkgitops.status.SavepointRecord;
import dev.flinkgitops.testing.Await;
import dev.flinkgitops.testing.CounterOutput;
import dev.flinkgitops.testing.FlinkGitWorldExtension;
import dev.flinkgitops.testing.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestInfo;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static dev.flinkgitops.testing.Scenario.FILE;
import static dev.flinkgitops.testing.Scenario.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each lifecycle operation of the savepoint guard on a real Flink cluster. */
class LifecycleIT {

    @RegisterExtension
    static final FlinkGitWorldExtension WORLD = new FlinkGitWorldExtension();

    private static boolean exists(String path) {
        return Files.exists(Path.of(URI.create(path)));
    }

    @Test
    void aNewSavepointTriggerNonceTakesASavepointWithoutStoppingTheJob(TestInfo test) {
        Scenario s = WORLD.scenario(test);
        AppStatus running = s.deploy(s.specs().write(FILE, s.spec("v1")).commitAndPush("v1"));

        s.specs().write(FILE, s.spec("v1", "", "    savepointTriggerNonce: 1\n")).commitAndPush("savepoint please");
        AppStatus saved = s.tickUntil("a manual savepoint", st -> st.lastSavepoint() != null
                && "manual".equals(st.lastSavepoint().reason()) && st.phase() == Phase.RUNNING);

        assertEquals(running.job().id(), saved.job().id(), "the job was not restarted");
        assertEquals(JobState.RUNNING, WORLD.world().state(running.job().id()));
        assertEquals(1L, saved.savepointNonce());
        assertTrue(exists(saved.lastSavepoint().path()));
        for (int i = 0; i < 3; i++) {
            s.daemon().tickOnce();
        }
        assertEquals(1, s.daemon().statuses().get(Scenario.APP).savepoints().size(), "the same nonce is not acted on twice");
    }

    @Test
    void periodicSavepointsAreTakenAndOldOnesDisposedKeepingTheLatest(TestInfo test) {
        Scenario s = WORLD.scenario(test);
        String config = "\n    kubernetes.operator.periodic.savepoint.interval: \"1 s\""
                + "\n    kubernetes.operator.savepoint.history.max.count: \"2\"";
        AppStatus running = s.deploy(s.specs().write(FILE, s.spec("v1", config, "")).commitAndPush("periodic"));

        AppStatus pruned = s.tickUntil("two disposals", st -> st.disposed().size() >= 2);

        assertEquals(running.job().id(), pruned.job().id());
        assertTrue(pruned.savepoints().size() <= 2, pruned.savepoints().toString());
        assertTrue(pruned.savepoints().stream().allMatch(sp -> "periodic".equals(sp.reason())));
        assertTrue(exists(pruned.lastSavepoint().path()), "the latest savepoint is kept");
        for (SavepointRecord gone : pruned.disposed()) {
            assertFalse(exists(gone.path()), "disposed: " + gone.path());
            assertNotEquals(pruned.lastSavepoint().path(), gone.path());
        }
    }

    @Test
    void lastStateUpgradesFromTheLatestRetainedCheckpoint(TestInfo test) {
        Scenario s = WORLD.scenario(test);
        String v1 = s.specs().write(FILE, s.spec("v1").replace("upgradeMode: savepoint", "upgradeMode: last-state"))
                .commitAndPush("v1 last-state");
        AppStatus first = s.deploy(v1);
        Await.until(WAIT, "three completed checkpoints", () -> WORLD.world().flink().checkpoints(first.job().id()).completed() >= 3);

        String v2 = s.specs().write(FILE, s.spec("v2").replace("upgradeMode: savepoint", "upgradeMode: last-state"))
                .commitAndPush("v2 last-state");
        AppStatus upgraded = s.deploy(v2);

        assertTrue(upgraded.job().restoredFrom().contains("chk-"), "restored from a checkpoint: " + upgraded.job().restoredFrom());
        assertEquals(JobState.CANCELED, WORLD.world().state(first.job().id()), "last-state cancels and keeps the checkpoint");
        Await.until(WAIT, "v2 counts for every key", () -> CounterOutput.hasAllKeys(s.output(), "v2", 4));
        Map<String, Long> lastV1 = CounterOutput.lastCount(s.output(), "v1");
        CounterOutput.firstCount(s.output(), "v2").forEach((key, firstV2) -> {
            assertTrue(firstV2 > 1, key + " restored from state, not from empty");
            assertTrue(firstV2 <= lastV1.get(key) + 1, key + " replays at most what came after the checkpoint");
            assertTrue(CounterOutput.lines(s.output()).contains(new CounterOutput.Line(key, firstV2 - 1, "v1")),
                    key + ": the restored count " + (firstV2 - 1) + " is one v1 reached");
        });
    }

    @Test
    void aVersionThatIsNotReadyInTimeIsRolledBackAndNotRetried(TestInfo test) {
        Scenario s = WORLD.scenario(test);
        String rollback = "\n    kubernetes.operator.deployment.rollback.enabled: \"true\""
                + "\n    kubernetes.operator.deployment.readiness.timeout: \"3 s\"";
        AppStatus stable = s.deploy(s.specs().write(FILE, s.spec("v1", rollback, "")).commitAndPush("v1"));
        Await.until(WAIT, "v1 counts", () -> CounterOutput.hasAllKeys(s.output(), "v1", 4));

        // v2's tasks fail when they open: it never becomes ready.
        String broken = s.spec("v2", rollback, "").replace("\"--tag\", \"v2\"", "\"--tag\", \"v2\", \"--fail-on-start\", \"true\"");
        String v2 = s.specs().write(FILE, broken).commitAndPush("v2 never ready");
        AppStatus rolledBack = s.tickUntil("ROLLED_BACK", st -> st.phase() == Phase.ROLLED_BACK);

        assertEquals(stable.specCommit(), rolledBack.specCommit(), "the last stable spec runs again");
        assertEquals(v2, rolledBack.lastError().specCommit());
        assertTrue(rolledBack.lastError().message().contains("not ready"), rolledBack.lastError().message());
        assertEquals(rolledBack.lastSavepoint().path(), rolledBack.job().restoredFrom(), "from the upgrade's savepoint");
        assertEquals(JobState.RUNNING, WORLD.world().state(rolledBack.job().id()));
        assertEquals(1, WORLD.world().runningJobs());
        for (int i = 0; i < 5; i++) {
            s.daemon().tickOnce();
        }
        AppStatus later = s.daemon().statuses().get(Scenario.APP);
        assertEquals(Phase.ROLLED_BACK, later.phase(), "the failed commit is not retried");
        assertEquals(rolledBack.job().id(), later.job().id());
    }

    @Test
    void aNewAppStartsFromItsInitialSavepointPath(TestInfo test) {
        Scenario s = WORLD.scenario(test);
        s.deploy(s.specs().write(FILE, s.spec("v1")).commitAndPush("v1"));
        Await.until(WAIT, "v1 counts", () -> CounterOutput.hasAllKeys(s.output(), "v1", 4));
        s.specs().write(FILE, s.spec("v1", "", "    state: suspended\n")).commitAndPush("suspend");
        AppStatus suspended = s.tickUntil("SUSPENDED", st -> st.phase() == Phase.SUSPENDED);
        String savepoint = suspended.lastSavepoint().path();

        Path copyOutput = s.dir().resolve("copy-output");
        String copy = s.spec("copy").replace("name: orders", "name: orders-copy")
                .replace(s.output().toString(), copyOutput.toString())
                + "    initialSavepointPath: " + savepoint + "\n";
        s.specs().write("apps/payments/orders-copy.yaml", copy).commitAndPush("a copy from the savepoint");
        AppId copyApp = new AppId("payments", "orders-copy");
        AppStatus started = s.tickUntil(copyApp, "the copy RUNNING", st -> st.phase() == Phase.RUNNING);

        assertEquals(savepoint, started.job().restoredFrom());
        Await.until(WAIT, "copy counts", () -> CounterOutput.hasAllKeys(copyOutput, "copy", 4));
        Map<String, Long> original = CounterOutput.lastCount(s.output(), "v1");
        CounterOutput.firstCount(copyOutput, "copy").forEach((key, first) ->
                assertEquals(original.get(key) + 1, first, key + " continues from the savepoint"));
    }
}
