package dev.flinkgitops.cli;

import dev.flinkgitops.testing.CounterOutput;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's first command, {@code flink-gitops demo}, run in-process on the real example repository. */
class DemoIT {

    @TempDir
    Path dir;

    @Test
    void theDemoDeploysTheExamplesAndUpgradesOneWithItsStateCarriedOver() throws Exception {
        StringWriter err = new StringWriter();
        int exit = Main.execute(new PrintWriter(System.out, true), new PrintWriter(err, true),
                "demo", "--exit", "--from", "../example-repo", "--dir", dir.toString(), "--embedded-port", "0",
                "--http", "127.0.0.1:0");

        assertEquals(0, exit, err.toString());
        CounterOutput.assertContinued(dir.resolve("output/orders-counter"), "v1", "v2");
        try (Repository remote = Git.open(dir.resolve("origin.git").toFile()).getRepository();
                RevWalk walk = new RevWalk(remote)) {
            var tip = walk.parseCommit(remote.resolve("refs/heads/status"));
            for (String app : new String[] {"payments/orders-counter.yaml", "analytics/clicks-counter.yaml"}) {
                try (TreeWalk file = TreeWalk.forPath(remote, app, tip.getTree())) {
                    assertNotNull(file, app + " on the status branch");
                    String status = new String(remote.open(file.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
                    assertTrue(status.contains("phase: RUNNING"), status);
                }
            }
            try (TreeWalk file = TreeWalk.forPath(remote, "payments/orders-counter.yaml", tip.getTree())) {
                String status = new String(remote.open(file.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
                assertTrue(status.contains("lastSavepoint:"), status);
                assertTrue(status.contains("restoredFrom:"), status);
            }
        }
    }
}
