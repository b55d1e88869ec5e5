package dev.flinkgitops.daemon;

import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.port.JobState;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.Phase;
import dev.flinkgitops.status.SnapshotRecord;
import dev.flinkgitops.status.SnapshotState;
import dev.flinkgitops.testing.Await;
import dev.flinkgitops.testing.CounterOutput;
import dev.flinkgitops.testing.FlinkGitWorldExtension;
import dev.flinkgitops.testing.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static dev.flinkgitops.testing.Scenario.FILE;
import static dev.flinkgitops.testing.Scenario.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** FlinkStateSnapshot files and checkpointTriggerNonce on a real Flink cluster. */
class SnapshotIT {

    @RegisterExtension
    static final FlinkGitWorldExtension WORLD = new FlinkGitWorldExtension();
    private static final String SNAPSHOT_FILE = "apps/payments/daily.yaml";

    private static boolean exists(String path) {
        return Files.exists(Path.of(URI.create(path.startsWith("file:/") && !path.startsWith("file:///")
                ? "file://" + path.substring("file:".length()) : path)));
    }

    private static String snapshot(String name, String app, String body) {
        return """
                apiVersion: flink.apache.org/v1beta1
                kind: FlinkStateSnapshot
                metadata:
                  name: %s
                  namespace: payments
                spec:
                  jobReference:
                    kind: FlinkDeployment
                    name: %s
                """.formatted(name, app) + body;
    }

    /** The counter job, checkpointing only on demand (so the checkpoint taken is the one Flink retains). */
    private static String onDemandCheckpoints(Scenario s, String extraJob) {
        return s.spec("v1", "", extraJob).replace("execution.checkpointing.interval: \"1s\"", "execution.checkpointing.interval: \"1 h\"");
    }

    private static SnapshotRecord completed(AppStatus status, String name) {
        SnapshotRecord record = status.snapshot(name);
        return record != null && record.state() == SnapshotState.COMPLETED ? record : null;
    }

    @Test
    void aSavepointSnapshotIsTakenRecordedTwiceAndDisposedWhenItsFileGoes(TestInfo test) {
        Scenario s = WORLD.scenario(test);
        AppStatus running = s.deploy(s.specs().write(FILE, s.spec("v1")).commitAndPush("v1"));
        String target = s.dir().resolve("backups").toUri().toString();
        s.specs().write(SNAPSHOT_FILE, snapshot("daily", "orders", "  savepoint:\n    path: " + target + "\n")).commitAndPush("snapshot");

        AppStatus saved = s.tickUntil("the snapshot completed", st -> completed(st, "payments/daily") != null && st.operation() == null);
        SnapshotRecord record = saved.snapshot("payments/daily");
        assertTrue(record.path().startsWith(target.replace("file:///", "file:/")) || record.path().startsWith(target), record.path());
        assertTrue(exists(record.path()), record.path());
        assertEquals("snapshot payments/daily", saved.lastSavepoint().reason());
        assertEquals(running.job().id(), saved.job().id(), "the job was not restarted");
        assertEquals(JobState.RUNNING, WORLD.world().state(running.job().id()));
        String own = s.remoteStatus().file("snapshots/payments/daily.yaml");
        assertNotNull(own, "the snapshot's own status file");
        assertTrue(own.contains("state: COMPLETED") && own.contains(record.path()) && own.contains("app: payments/orders"), own);

        // A newer savepoint, so that the snapshot's is no longer the app's restore point; then the file goes.
        s.specs().write(FILE, s.spec("v1", "", "    savepointTriggerNonce: 1\n")).commitAndPush("newer savepoint");
        s.tickUntil("a newer savepoint", st -> st.savepointNonce() != null && st.operation() == null);
        s.specs().delete(SNAPSHOT_FILE).commitAndPush("snapshot removed");
        AppStatus disposed = s.tickUntil("the snapshot disposed", st -> st.snapshot("payments/daily").state() == SnapshotState.DISPOSED);
        assertFalse(exists(record.path()), "disposed: " + record.path());
        assertTrue(exists(disposed.lastSavepoint().path()), "the restore point is kept");
        assertTrue(s.remoteStatus().file("snapshots/payments/daily.yaml").contains("state: DISPOSED"));
    }

    @Test
    void aCheckpointSnapshotIsTakenAndItsPathRecorded(TestInfo test) {
        Scenario s = WORLD.scenario(test);
        AppStatus running = s.deploy(s.specs().write(FILE, onDemandCheckpoints(s, "")).commitAndPush("v1"));
        s.specs().write(SNAPSHOT_FILE, snapshot("hourly", "orders", "  checkpoint: {}\n")).commitAndPush("checkpoint");

        AppStatus done = s.tickUntil("the checkpoint completed", st -> completed(st, "payments/hourly") != null && st.operation() == null);
        SnapshotRecord record = done.snapshot("payments/hourly");
        assertNotNull(record.path(), "Flink told the checkpoint's path");
        assertTrue(record.path().contains(running.job().id() + "/chk-"), "this job's checkpoint: " + record.path());
        assertTrue(exists(record.path() + "/_metadata"), record.path());
        assertEquals(running.job().id(), done.job().id());
        assertEquals(Phase.RUNNING, done.phase());
        assertEquals(null, done.lastSavepoint(), "a checkpoint is not the app's restore point");
    }

    @Test
    void checkpointTriggerNonceTakesACheckpointOnDemand(TestInfo test) {
        Scenario s = WORLD.scenario(test);
        AppStatus running = s.deploy(s.specs().write(FILE, onDemandCheckpoints(s, "")).commitAndPush("v1"));
        s.specs().write(FILE, onDemandCheckpoints(s, "    checkpointTriggerNonce: 1\n")).commitAndPush("checkpoint please");

        AppStatus done = s.tickUntil("the nonce's checkpoint", st -> st.operation() == null && !st.snapshots().isEmpty()
                && st.snapshots().get(0).state() == SnapshotState.COMPLETED);
        SnapshotRecord record = done.snapshots().get(0);
        assertEquals("checkpointTriggerNonce 1", record.reason());
        assertEquals(1L, done.checkpointNonce());
        assertTrue(record.path().contains(running.job().id() + "/chk-"), "this job's checkpoint: " + record.path());
        assertTrue(exists(record.path() + "/_metadata"), record.path());
        assertEquals(running.job().id(), done.job().id(), "the job was not restarted");
        for (int i = 0; i < 3; i++) {
            s.daemon().tickOnce();
        }
        assertEquals(1, s.daemon().statuses().get(Scenario.APP).snapshots().size(), "the same nonce is not acted on twice");
    }

    @Test
    void anExistingSavepointIsRegisteredUsedAsInitialSavepointPathAndKeptAsARestorePoint(TestInfo test) {
        Scenario s = WORLD.scenario(test);
        s.deploy(s.specs().write(FILE, s.spec("v1")).commitAndPush("v1"));
        Await.until(WAIT, "v1 counts", () -> CounterOutput.hasAllKeys(s.output(), "v1", 4));
        s.specs().write(FILE, s.spec("v1", "", "    savepointTriggerNonce: 1\n")).commitAndPush("savepoint");
        String existing = s.tickUntil("a savepoint", st -> st.savepointNonce() != null && st.operation() == null).lastSavepoint().path();

        AppId fork = new AppId("payments", "fork");
        Path forkOutput = s.dir().resolve("fork-output");
        String forkSpec = s.spec("fork", "", "    initialSavepointPath: " + existing + "\n")
                .replace("name: orders", "name: fork").replace(s.output().toString(), forkOutput.toString());
        s.specs().write("apps/payments/fork.yaml", forkSpec)
                .write(SNAPSHOT_FILE, snapshot("imported", "fork", "  savepoint:\n    alreadyExists: true\n    path: " + existing + "\n"))
                .commitAndPush("fork from the savepoint, registered as a snapshot");
        AppStatus forked = s.tickUntil(fork, "the fork runs with the snapshot registered",
                st -> st.phase() == Phase.RUNNING && completed(st, "payments/imported") != null);
        assertEquals(existing, forked.job().restoredFrom());
        assertEquals(existing, forked.snapshot("payments/imported").path());
        Await.until(WAIT, "fork counts", () -> CounterOutput.hasAllKeys(forkOutput, "fork", 4));
        Map<String, Long> first = CounterOutput.firstCount(forkOutput, "fork");
        first.forEach((key, count) -> {
            assertTrue(count > 1, key + " restored from the savepoint, not from empty");
            assertTrue(CounterOutput.lines(s.output()).contains(new CounterOutput.Line(key, count - 1, "v1")),
                    key + ": the restored count " + (count - 1) + " is one v1 reached");
        });

        s.specs().delete(SNAPSHOT_FILE).commitAndPush("snapshot removed");
        AppStatus kept = s.tickUntil(fork, "the removal recorded", st -> st.snapshot("payments/imported").state() == SnapshotState.REMOVED);
        assertTrue(kept.snapshot("payments/imported").note().contains("restored from it"), kept.snapshot("payments/imported").note());
        assertTrue(exists(existing), "a restore point is never disposed: " + existing);
    }
}
