package dev.flinkgitops.daemon;

import dev.flinkgitops.apply.Guards;
import dev.flinkgitops.cli.Main;
import dev.flinkgitops.port.JobState;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.Phase;
import dev.flinkgitops.testing.Await;
import dev.flinkgitops.testing.CounterOutput;
import dev.flinkgitops.testing.ExampleJob;
import dev.flinkgitops.testing.FlinkGitWorldExtension;
import dev.flinkgitops.testing.Scenario;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static dev.flinkgitops.testing.Scenario.FILE;
import static dev.flinkgitops.testing.Scenario.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The state-compatibility guard on a real Flink cluster: a new version that renamed its counter's uid cannot
 * restore the running job's state, so its upgrade is refused before the stop (the old job keeps running and
 * counting, the app is BLOCKED with the operator named); the same version with allowNonRestoredState goes
 * through, and plan (with --live) says which state it drops.
 */
class StateGuardIT {

    @RegisterExtension
    static final FlinkGitWorldExtension WORLD = new FlinkGitWorldExtension();

    private static final String RENAMED = "dev.flinkgitops.example.StateLayouts$RenamedUid";

    private static String spec(Scenario s, String tag, String entryClass, String extraJob) {
        String checkpoints = "\n    execution.checkpointing.dir: \"" + s.dir().resolve("checkpoints").toUri() + "\"";
        return s.spec(tag, checkpoints, extraJob).replace("entryClass: " + ExampleJob.ENTRY_CLASS, "entryClass: \"" + entryClass + "\"");
    }

    @Test
    void anUpgradeThatWouldDropStateIsRefusedBeforeTheStopAndAllowNonRestoredStateLetsItThrough(TestInfo test) throws Exception {
        Scenario s = WORLD.scenario(test);
        String v1 = s.specs().write(FILE, spec(s, "v1", ExampleJob.ENTRY_CLASS, "")).commitAndPush("v1");
        AppStatus running = s.deploy(v1);
        // Flink's REST answers are cached (3 s): wait until it names a completed checkpoint, as the daemon reads it.
        Await.until(WAIT, "v1 counts and a completed checkpoint", () -> CounterOutput.hasAllKeys(s.output(), "v1", 4)
                && checkpointed(s.dir().resolve("checkpoints"))
                && s.world().flink().checkpoints(running.job().id()).latestPath() != null);

        String renamed = s.specs().write(FILE, spec(s, "v2", RENAMED, "")).commitAndPush("rename the counter's uid");
        long start = System.nanoTime();
        AppStatus blocked = s.tickUntil("the upgrade refused", status -> status.phase() == Phase.BLOCKED);
        System.out.printf("[timing] commit seen -> refused (observe, intent, check): %d ms%n", (System.nanoTime() - start) / 1_000_000);

        assertTrue(blocked.message().startsWith(Guards.STATE_REFUSED), blocked.message());
        assertTrue(blocked.message().contains("state of count-per-key has no operator in the new version"), blocked.message());
        assertTrue(blocked.message().contains("/checkpoints/"), "checked against the running job's latest checkpoint: "
                + blocked.message());
        assertNull(blocked.operation());
        assertEquals(renamed, blocked.lastError().specCommit());
        assertEquals(running.job().id(), blocked.job().id());
        assertEquals(JobState.RUNNING, s.world().state(running.job().id()), "the old job keeps running");
        Map<String, Long> atRefusal = CounterOutput.lastCount(s.output(), "v1");
        Await.until(WAIT, "v1 still counting", () -> CounterOutput.lastCount(s.output(), "v1").entrySet().stream()
                .allMatch(key -> key.getValue() > atRefusal.get(key.getKey())));
        assertTrue(s.remoteStatus().file("payments/orders.yaml").contains(Guards.STATE_REFUSED), "the refusal is on the status branch");

        String allowed = s.specs().write(FILE, spec(s, "v2", RENAMED, "    allowNonRestoredState: true\n"))
                .commitAndPush("rename the counter's uid, dropping its state");
        String plan = plan(s, v1, allowed);
        assertTrue(plan.contains("state: state dropped by allowNonRestoredState: count-per-key"), plan);

        AppStatus upgraded = s.deploy(allowed);
        assertNotEquals(running.job().id(), upgraded.job().id());
        assertTrue(upgraded.job().restoredFrom() != null, "restored from the stop's savepoint");
        Await.until(WAIT, "v2 counts for every key", () -> CounterOutput.hasAllKeys(s.output(), "v2", 4));
        CounterOutput.firstCount(s.output(), "v2").forEach((key, first) ->
                assertEquals(1L, first, key + ": the counter's state was dropped, as the plan said"));
    }

    private static boolean checkpointed(Path checkpoints) {
        if (!Files.isDirectory(checkpoints)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(checkpoints)) {
            return files.anyMatch(file -> file.getFileName().toString().equals("_metadata"));
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return false; // a checkpoint replaced while walking: look again
        }
    }

    /** {@code plan --live} over the spec checkout (with the status branch fetched), as CI would run it. */
    private static String plan(Scenario s, String base, String head) throws Exception {
        try (Git git = Git.open(s.specs().dir().toFile())) {
            git.fetch().setRemote("origin").setRefSpecs(new org.eclipse.jgit.transport.RefSpec(
                    "+refs/heads/status:refs/remotes/origin/status")).call();
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), "plan", "--repo",
                s.specs().dir().toString(), "--base=" + base, "--head=" + head, "--live", "--cluster",
                "default=" + s.world().cluster().restUrl(), "--jar-dir", s.dir().resolve("jars").toString());
        assertEquals(2, exit, err.toString());
        return out.toString();
    }
}
