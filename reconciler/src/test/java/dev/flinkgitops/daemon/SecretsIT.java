package dev.flinkgitops.daemon;

import dev.flinkgitops.cli.Main;
import dev.flinkgitops.status.Phase;
import dev.flinkgitops.testing.FlinkGitWorldExtension;
import dev.flinkgitops.testing.LogCapture;
import dev.flinkgitops.testing.RemoteStatus;
import dev.flinkgitops.testing.Scenario;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.flinkgitops.testing.Scenario.FILE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Canary secrets in a spec's Flink configuration (and in a Flink error answer) appear in no log
 * line, no status file or status commit message, and no plan output.
 */
class SecretsIT {

    private static final String CANARY = "CANARY-7f3a9c";

    @RegisterExtension
    static final FlinkGitWorldExtension WORLD = new FlinkGitWorldExtension();

    @Test
    void canarySecretsAppearNowhere() throws Exception {
        LogCapture logs = LogCapture.start();
        List<String> seen = new ArrayList<>();
        try (Scenario s = WORLD.world().scenario("secrets", null)) {
            String secret = "\n    s3.secret-key: \"" + CANARY + "-1\"\n    fs.s3a.access.key: \"" + CANARY + "-2\"";
            s.deploy(s.specs().write(FILE, s.spec("v1", secret, "")).commitAndPush("v1 with secrets"));
            String rotated = secret.replace("-1\"", "-3\"");
            s.deploy(s.specs().write(FILE, s.spec("v2", rotated, "")).commitAndPush("rotate a secret"));
            // A version Flink refuses: its error answer must not carry the configuration back.
            s.specs().write(FILE, s.spec("v3", rotated, "").replace("entryClass: dev.flinkgitops.example.CounterJob",
                    "entryClass: no.such.Job")).commitAndPush("broken entry class");
            s.tickUntil("the failed start recorded", st -> st.lastError() != null || st.phase() == Phase.BLOCKED);

            for (String format : new String[] {"text", "markdown", "json"}) {
                StringWriter out = new StringWriter();
                Main.execute(new PrintWriter(out, true), new PrintWriter(out, true), "plan", "--repo",
                        s.specs().dir().toString(), "--base", "HEAD~2", "--output", format);
                seen.add("plan " + format + ": " + out);
            }
            seen.addAll(statusBranch(s.bare()));
        } finally {
            logs.close();
        }
        seen.addAll(logs.lines());

        List<String> leaks = seen.stream().filter(text -> text.contains(CANARY)).toList();
        assertEquals(List.of(), leaks);
        assertTrue(seen.stream().anyMatch(text -> text.startsWith("log: ") && text.contains("submitted job")),
                "the daemon's log lines were captured");
        assertTrue(seen.stream().anyMatch(text -> text.startsWith("plan json: ") && text.contains("<redacted>")),
                "the plan shows the secret's change, redacted");
    }

    /** Every version of every file on the status branch, and every commit message. */
    private static List<String> statusBranch(Path bare) throws Exception {
        List<String> texts = new ArrayList<>();
        RemoteStatus status = RemoteStatus.read(bare);
        try (Repository repo = Git.open(bare.toFile()).getRepository(); RevWalk walk = new RevWalk(repo)) {
            walk.markStart(walk.parseCommit(status.tip()));
            for (RevCommit commit : walk) {
                texts.add("commit: " + commit.getFullMessage());
                try (TreeWalk tree = new TreeWalk(repo)) {
                    tree.addTree(commit.getTree());
                    tree.setRecursive(true);
                    while (tree.next()) {
                        texts.add("status file: " + new String(repo.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return texts;
    }
}
