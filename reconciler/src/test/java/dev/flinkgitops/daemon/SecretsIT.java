package dev.flinkgitops.daemon;

import dev.flinkgitops.cli.Main;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.testing.ExampleJob;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.flinkgitops.testing.Scenario.APP;
import static dev.flinkgitops.testing.Scenario.FILE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Canary secrets appear in no log line, no status file or status commit message, no plan output
 * (text, markdown, json), no {@code status} output, no metric and not in the git mirror's config.
 * They sit in: the jarURI's user info, secret-looking configuration keys, a JAAS configuration and a
 * JDBC URL under keys that do not look secret, job arguments after {@code --password}, a Flink
 * error that echoes a job argument, a failed jar download's URI, and the {@code --repo} URL's user info.
 */
class SecretsIT {

    private static final String CANARY = "CANARY-7f3a9c";
    /** A job argument that is no secret (the plan shows it) but that Flink's error echoes: no status or log has it. */
    private static final String ECHOED = "ECHOED-5e1d";

    @RegisterExtension
    static final FlinkGitWorldExtension WORLD = new FlinkGitWorldExtension();

    @Test
    void canarySecretsAppearNowhere() throws Exception {
        LogCapture logs = LogCapture.start("dev.flinkgitops");
        List<String> seen = new ArrayList<>();
        try (Scenario s = WORLD.world().scenario("secrets", null,
                url -> url.replace("git://", "git://deployer:" + CANARY + "-repo@"))) {
            s.deploy(s.specs().write(FILE, withSecrets(s, "v1")).commitAndPush("v1 with secrets"));
            s.deploy(s.specs().write(FILE, withSecrets(s, "v2")).commitAndPush("rotate the secrets"));
            // Versions that fail to start: Flink refuses the entry class; Flink echoes an argument it
            // cannot parse; the jar cannot be downloaded from a URI with user info.
            failsToStart(s, withSecrets(s, "v3").replace("entryClass: " + ExampleJob.ENTRY_CLASS, "entryClass: no.such.Job")
                    .replace("args: [", "args: [\"--password\", \"" + CANARY + "-arg-v3\", "), "broken entry class");
            AppStatus echoed = failsToStart(s, withSecrets(s, "v4").replace("args: [", "args: [\"--keys\", \"" + ECHOED + "\", "),
                    "an argument Flink echoes");
            assertTrue(echoed.lastError().message().contains("For input string"), "Flink echoed the argument: " + echoed);
            failsToStart(s, withSecrets(s, "v5").replace("args: [", "args: [\"--password\", \"" + CANARY + "-arg-v5\", "
                    + "\"--jdbc\", \"jdbc:postgresql://app:" + CANARY + "-jdbc-arg@db/x\", ")
                    .replaceFirst("jarURI: .*", "jarURI: http://deployer:" + CANARY + "-download@127.0.0.1:9/x.jar"),
                    "a jar that cannot be downloaded");

            for (String base : new String[] {"HEAD~1", "HEAD~4"}) {
                for (String format : new String[] {"text", "markdown", "json"}) {
                    seen.add("plan " + format + ": " + run("plan", "--repo", s.specs().dir().toString(), "--base", base,
                            "--output", format));
                }
            }
            for (String format : new String[] {"text", "json"}) {
                seen.add("status " + format + ": " + run("status", "--repo", s.bare().toString(), "--output", format));
                seen.add("status " + format + ": " + run("status", "--repo", s.bare().toString(), "--output", format,
                        APP.toString()));
            }
            seen.add("metrics: " + s.daemon().metrics().scrape());
            seen.add("mirror config: " + Files.readString(s.dir().resolve("daemon/mirror.git/config")));
            seen.addAll(statusBranch(s.bare()));
        } finally {
            logs.close();
        }
        seen.addAll(logs.lines());

        List<String> leaks = seen.stream().filter(text -> text.contains(CANARY)
                || (text.contains(ECHOED) && !text.startsWith("plan "))).toList();
        assertEquals(List.of(), leaks);
        assertTrue(seen.stream().anyMatch(text -> text.startsWith("log: ") && text.contains("submitted job")),
                "the daemon's log lines were captured");
        assertTrue(seen.stream().anyMatch(text -> text.startsWith("plan json: ") && text.contains("<redacted>")),
                "the plan shows the secret's change, redacted");
        assertTrue(seen.stream().anyMatch(text -> text.startsWith("plan text: ") && text.contains("spec.job.args")
                && text.contains("--password, <redacted>")), "the plan shows the arguments' change, redacted");
        assertTrue(seen.stream().anyMatch(text -> text.startsWith("status text: ") && text.contains("http://127.0.0.1:9/x.jar")),
                "status shows the failed download's URI without its user info");
        assertTrue(seen.stream().anyMatch(text -> text.startsWith("mirror config: ") && text.contains("url = git://127.0.0.1:")),
                "the mirror's remote has no user info");
    }

    /** The example job with canary secrets (every one changed by {@code tag}, so every plan shows them). */
    private static String withSecrets(Scenario s, String tag) {
        String secrets = "\n    s3.secret-key: \"" + CANARY + "-1-" + tag + "\"\n    fs.s3a.access.key: \"" + CANARY + "-2-" + tag + "\""
                + "\n    sasl.jaas.config: 'org.apache.kafka.common.security.plain.PlainLoginModule required username=\"app\""
                + " password=\"" + CANARY + "-jaas-" + tag + "\";'"
                + "\n    my.jdbc.url: \"jdbc:postgresql://db:5432/x?user=app&password=" + CANARY + "-jdbc-" + tag + "\"";
        return s.spec(tag, secrets, "").replace("jarURI: local:///", "jarURI: local://deployer:" + CANARY + "-jar-" + tag + "@jars/");
    }

    /** Commits {@code spec} and ticks until its failed start is recorded. */
    private static AppStatus failsToStart(Scenario s, String spec, String what) {
        String commit = s.specs().write(FILE, spec).commitAndPush(what);
        return s.tickUntil(what + " recorded as failed", st -> st.lastError() != null && commit.equals(st.lastError().specCommit()));
    }

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        Main.execute(new PrintWriter(out, true), new PrintWriter(out, true), args);
        return out.toString();
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
