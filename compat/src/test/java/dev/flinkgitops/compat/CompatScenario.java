package dev.flinkgitops.compat;

import dev.flinkgitops.testing.Await;
import dev.flinkgitops.testing.CounterOutput;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The matrix's steps on one version's world, in order, each ending with a check that the job's
 * keyed state continued (the counter job's counts go on from where they were). Each step starts
 * from the state the previous one left.
 */
final class CompatScenario {

    static final int KEYS = 4;

    private final CompatWorld world;
    private CounterSpec spec;
    private String jobId;
    /** False before Flink 1.17: a job cannot be started with retained checkpoints, so last-state upgrades take a savepoint. */
    private final boolean retainsCheckpoints;

    CompatScenario(CompatWorld world, FlinkBuild build, String version) {
        this.world = world;
        this.retainsCheckpoints = FlinkVersions.takesJobConfiguration(version);
        this.spec = CounterSpec.first("counter", build.jobJar(), world.dir().resolve("out"));
    }

    /** The steps, by the names the results table uses. */
    List<Step> steps() {
        return List.of(new Step("deploy", this::deploy), new Step("savepoint upgrade", this::savepointUpgrade),
                new Step("last-state upgrade", this::lastStateUpgrade), new Step("rescale", this::rescale),
                new Step("suspend", this::suspend), new Step("resume", this::resume),
                new Step("snapshot", this::snapshot), new Step("delete", this::delete));
    }

    record Step(String name, Runnable run) {}

    void deploy() {
        AppRecord running = commitAndAwaitNewJob("v1: deploy");
        awaitTag(spec.tag());
        CounterOutput.firstCount(output(), spec.tag()).forEach((key, first) -> assertEquals(1L, first, key + " starts empty"));
        jobId = running.jobId();
    }

    /**
     * New args, and {@code upgradeMode: last-state} from here on: the running job was started without
     * retained checkpoints, so this upgrade still goes through a savepoint (and the next can use a checkpoint).
     */
    void savepointUpgrade() {
        String before = spec.tag();
        spec = spec.withTag("v2").withUpgradeMode("last-state");
        AppRecord upgraded = commitAndAwaitNewJob("v2: args changed, savepoint upgrade");
        assertEquals(upgraded.lastSavepointPath(), upgraded.restoredFrom(), "restored from the upgrade's savepoint");
        assertTrue(exists(upgraded.restoredFrom()), upgraded.restoredFrom());
        awaitTag(spec.tag());
        CounterOutput.assertContinued(output(), before, spec.tag());
    }

    /**
     * As LifecycleIT checks last-state: restored from a checkpoint, a count the old job reached
     * (replay allowed). Before Flink 1.17 the daemon cannot start a job with retained checkpoints
     * (the run request takes no per-job configuration), so the upgrade goes through a savepoint and
     * the state continues exactly.
     */
    void lastStateUpgrade() {
        if (!retainsCheckpoints) {
            String before = spec.tag();
            spec = spec.withTag("v3");
            AppRecord upgraded = commitAndAwaitNewJob("v3: last-state upgrade through a savepoint (Flink before 1.17)");
            assertEquals(upgraded.lastSavepointPath(), upgraded.restoredFrom(), "restored from the upgrade's savepoint");
            awaitTag(spec.tag());
            CounterOutput.assertContinued(output(), before, spec.tag());
            return;
        }
        String old = jobId;
        Await.until(CompatWorld.WAIT, "two completed checkpoints of " + old, () -> world.flink().completedCheckpoints(old) >= 2);
        String before = spec.tag();
        spec = spec.withTag("v3");
        AppRecord upgraded = commitAndAwaitNewJob("v3: last-state upgrade");
        assertTrue(upgraded.restoredFrom() != null && upgraded.restoredFrom().contains("chk-"),
                "restored from a retained checkpoint, not a savepoint: " + upgraded.restoredFrom());
        awaitTag(spec.tag());
        Map<String, Long> last = CounterOutput.lastCount(output(), before);
        CounterOutput.firstCount(output(), spec.tag()).forEach((key, first) -> {
            assertTrue(first > 1, key + " restored from state, not from empty");
            assertTrue(first <= last.get(key) + 1, key + " replays at most what came after the checkpoint");
            assertTrue(CounterOutput.lines(output()).contains(new CounterOutput.Line(key, first - 1, before)),
                    key + ": the restored count " + (first - 1) + " is one " + before + " reached");
        });
    }

    void rescale() {
        Set<Path> before = Continuity.files(output());
        spec = spec.withParallelism(2).withUpgradeMode("savepoint");
        AppRecord scaled = commitAndAwaitNewJob("parallelism 1 -> 2");
        assertEquals(scaled.lastSavepointPath(), scaled.restoredFrom(), "restored from the rescale's savepoint");
        Await.until(Duration.ofSeconds(30), "parallelism 2", () -> world.flink().parallelism(jobId) == 2);
        Continuity.awaitNewOutput(output(), before, KEYS);
        Continuity.assertContinued(output(), before);
    }

    void suspend() {
        spec = spec.withState("suspended");
        world.commit(spec, "suspend");
        AppRecord suspended = world.await(spec, "SUSPENDED", r -> "SUSPENDED".equals(r.phase()));
        assertTrue(exists(suspended.lastSavepointPath()), "the suspend savepoint exists: " + suspended.lastSavepointPath());
        Await.until(Duration.ofSeconds(30), "no live job", () -> world.flink().liveJobs().isEmpty());
    }

    void resume() {
        Set<Path> before = Continuity.files(output());
        String suspendSavepoint = Objects.requireNonNull(world.record(spec).lastSavepointPath());
        spec = spec.withState("running");
        AppRecord resumed = commitAndAwaitNewJob("resume");
        assertEquals(suspendSavepoint, resumed.restoredFrom(), "resumed from the suspend savepoint");
        Continuity.awaitNewOutput(output(), before, KEYS);
        Continuity.assertContinued(output(), before);
    }

    /** A savepoint without a restart: the same job, the same files, still counting. */
    void snapshot() {
        Set<Path> before = Continuity.files(output());
        Map<String, Long> counted = Continuity.highest(output());
        spec = spec.withSavepointTriggerNonce(1);
        world.commit(spec, "savepointTriggerNonce 1");
        AppRecord saved = world.await(spec, "a manual savepoint", r -> "manual".equals(r.lastSavepointReason())
                && "RUNNING".equals(r.phase()));
        assertEquals(jobId, saved.jobId(), "the job was not restarted");
        assertTrue(exists(saved.lastSavepointPath()), saved.lastSavepointPath());
        assertEquals("RUNNING", world.flink().state(jobId));
        Await.until(Duration.ofSeconds(30), "counting on", () -> Continuity.highest(output()).entrySet().stream()
                .allMatch(e -> e.getValue() > counted.get(e.getKey()) + 2));
        assertEquals(before, Continuity.files(output()), "the same job instance writes on (no restore, no reset)");
    }

    /** Deleting stops with a final savepoint; a new app started from it continues the counts. */
    void delete() {
        String before = spec.tag();
        // The only app: removing it is a mass deletion, which the daemon does only when the commit confirms it.
        world.delete(spec, "delete\n\nAllow-Mass-Deletion: true");
        AppRecord deleted = world.await(spec, "DELETED", r -> "DELETED".equals(r.phase()));
        Await.until(Duration.ofSeconds(30), "no live job", () -> world.flink().liveJobs().isEmpty());
        String last = deleted.lastSavepointPath();
        assertTrue(last != null && exists(last), "a final savepoint: " + deleted);
        spec = spec.copy("counter-restored", "restored", last);
        AppRecord restored = commitAndAwaitNewJob("a new app from the final savepoint");
        assertEquals(last, restored.restoredFrom());
        awaitTag(spec.tag());
        CounterOutput.assertContinued(output(), before, spec.tag());
    }

    /** Commits the spec and waits until the app runs a job other than the last one; exactly one job is live. */
    private AppRecord commitAndAwaitNewJob(String message) {
        String previous = jobId;
        world.commit(spec, message);
        AppRecord running = world.await(spec, "RUNNING with a new job (" + message + ")", r -> "RUNNING".equals(r.phase())
                && r.jobId() != null && !r.jobId().equals(previous));
        Await.until(Duration.ofSeconds(30), "job " + running.jobId() + " RUNNING in Flink",
                () -> "RUNNING".equals(world.flink().state(running.jobId())));
        assertEquals(List.of(running.jobId()), world.flink().liveJobs(), "exactly one live job");
        if (previous != null) {
            assertNotEquals("RUNNING", world.flink().state(previous));
        }
        jobId = running.jobId();
        return running;
    }

    private void awaitTag(String tag) {
        Await.until(Duration.ofSeconds(60), "output under " + tag + " for every key",
                () -> CounterOutput.hasAllKeys(output(), tag, KEYS));
    }

    private Path output() {
        return world.dir().resolve("out");
    }

    private static boolean exists(String path) {
        return path != null && Files.exists(Path.of(URI.create(path.startsWith("file:") ? path : "file:" + path)));
    }
}
