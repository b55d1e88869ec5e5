package dev.flinkgitops.daemon;

import dev.flinkgitops.cli.Main;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.SavepointRecord;
import dev.flinkgitops.testing.Await;
import dev.flinkgitops.testing.CounterOutput;
import dev.flinkgitops.testing.FlinkGitWorldExtension;
import dev.flinkgitops.testing.Scenario;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.MergeResult;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.RefSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static dev.flinkgitops.testing.Scenario.FILE;
import static dev.flinkgitops.testing.Scenario.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code flink-gitops rollback} end to end on a real Flink cluster: after two upgrades (v1 → v2 → v3), the command
 * writes a branch that puts v1's spec back with the savepoint v1's stop took; merged, the daemon stops v3 with a
 * savepoint (kept), starts v1 again from v1's savepoint, and the counters go back to that savepoint's values. The
 * status branch records the rollback: the restore point's {@code rollbackTo}, and the commit message.
 */
class RollbackIT {

    @RegisterExtension
    static final FlinkGitWorldExtension WORLD = new FlinkGitWorldExtension();

    @Test
    void aRollbackRedeploysTheFirstVersionFromItsSavepointAndTheCountersGoBack(TestInfo test) throws Exception {
        Scenario s = WORLD.scenario(test);
        String v1 = s.specs().write(FILE, s.spec("v1")).commitAndPush("v1");
        s.deploy(v1);
        Await.until(WAIT, "v1 counts", () -> CounterOutput.hasAllKeys(s.output(), "v1", 4));
        String v2 = s.specs().write(FILE, s.spec("v2")).commitAndPush("v2");
        AppStatus atV2 = s.deploy(v2);
        SavepointRecord v1Savepoint = atV2.lastSavepoint();
        assertEquals(v1, v1Savepoint.specCommit(), "the upgrade's savepoint is v1's: " + v1Savepoint);
        Await.until(WAIT, "v2 counts for every key", () -> CounterOutput.hasAllKeys(s.output(), "v2", 4));
        Map<String, Long> restoredByV2 = CounterOutput.firstCount(s.output(), "v2");
        String v3 = s.specs().write(FILE, s.spec("v3")).commitAndPush("v3");
        s.deploy(v3);
        Await.until(WAIT, "v3 counts well past v1's savepoint", () -> CounterOutput.hasAllKeys(s.output(), "v3", 4)
                && CounterOutput.lastCount(s.output(), "v3").entrySet().stream()
                        .allMatch(key -> key.getValue() > restoredByV2.get(key.getKey()) + 60));
        Set<CounterOutput.Line> before = new HashSet<>(CounterOutput.lines(s.output()));

        String rollback = rollBackTo(s, v1);
        AppStatus rolledBack = s.deploy(rollback);

        assertEquals(v1Savepoint.path(), rolledBack.job().restoredFrom(), "started from v1's savepoint, not v3's");
        assertEquals(v1, rolledBack.lastSavepoint().rollbackTo(), "the restore point says what it rolled back to");
        assertEquals(SavepointRecord.CHOSEN, rolledBack.lastSavepoint().reason());
        assertTrue(rolledBack.savepoints().stream().anyMatch(point -> v3.equals(point.specCommit())),
                "v3's stop savepoint is kept in the history: " + rolledBack.savepoints());
        Await.until(WAIT, "the rolled-back v1 counts every key", () -> newLines(s, before).size() >= 4);
        Map<String, Long> lastV3 = CounterOutput.lastCount(s.output(), "v3");
        newLines(s, before).forEach((key, first) -> {
            assertEquals(restoredByV2.get(key), first, key + ": restored exactly v1's savepoint, as v2 did (first count "
                    + first + ", v2's first " + restoredByV2.get(key) + ")");
            assertTrue(first < lastV3.get(key), key + ": the counters went back from v3's " + lastV3.get(key));
        });
        assertTrue(statusMessages(s).stream().anyMatch(message -> message.contains("rolled back to " + v1 + " from savepoint "
                + v1Savepoint.path())), "the status branch says it: " + statusMessages(s));
    }

    /** Fetches the status branch, runs the command in process, merges its branch into main and pushes. */
    private static String rollBackTo(Scenario s, String v1) throws Exception {
        try (Git git = Git.open(s.specs().dir().toFile())) {
            git.fetch().setRemote("origin").setRefSpecs(new RefSpec("+refs/heads/status:refs/remotes/origin/status")).call();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int exit = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), "rollback", "payments/orders",
                    "--to", v1, "--repo", s.specs().dir().toString());
            assertEquals(0, exit, err.toString());
            String branch = "rollback/payments-orders-" + v1.substring(0, 10);
            assertTrue(out.toString().contains("git push origin " + branch), out.toString());
            MergeResult merged = git.merge().include(git.getRepository().resolve(branch)).call();
            assertTrue(merged.getMergeStatus().isSuccessful(), merged.toString());
            git.push().setRemote("origin").setRefSpecs(new RefSpec("refs/heads/main:refs/heads/main")).call();
            return git.getRepository().resolve("HEAD").name();
        }
    }

    /** The first count of each key among the v1 lines written since {@code before}: the rolled-back job's. */
    private static Map<String, Long> newLines(Scenario s, Set<CounterOutput.Line> before) {
        Map<String, Long> first = new TreeMap<>();
        CounterOutput.lines(s.output()).stream().filter(line -> line.tag().equals("v1") && !before.contains(line))
                .forEach(line -> first.merge(line.key(), line.count(), Math::min));
        return first;
    }

    private static java.util.List<String> statusMessages(Scenario s) throws Exception {
        try (Git git = Git.open(s.bare().toFile())) {
            java.util.List<String> messages = new java.util.ArrayList<>();
            for (RevCommit commit : git.log().add(git.getRepository().resolve("refs/heads/status")).call()) {
                messages.add(commit.getFullMessage());
            }
            return messages;
        }
    }
}
