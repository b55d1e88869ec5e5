package dev.flinkgitops.cli;

import dev.flinkgitops.testing.TeamSpecs;
import dev.flinkgitops.testing.SpecRepo;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code flink-gitops plan} end to end on a pull request built as a real git repository: one
 * change of each kind, in all three outputs, against golden files (commit and job ids, which
 * change with every run, are replaced by placeholders). {@code -Dgolden.update=true} rewrites them.
 */
class PlanCommandTest {

    private static final Path GOLDEN = Path.of("src/test/resources/plan-golden");

    @TempDir
    Path dir;

    private SpecRepo specs;
    private String base;

    @BeforeEach
    void pullRequest() throws Exception {
        Path bare = dir.resolve("origin.git");
        Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
        specs = SpecRepo.create(dir.resolve("work"), bare.toString());
        base = specs.write("apps/a.yaml", TeamSpecs.spec("a", "v1")).write("apps/b.yaml", TeamSpecs.spec("b", "v1"))
                .write("apps/c.yaml", TeamSpecs.spec("c", "v1")).write("apps/e.yaml", TeamSpecs.spec("e", "v1"))
                .commitAndPush("base");
        specs.write("apps/a.yaml", TeamSpecs.spec("a", "v2"))
                .write("apps/b.yaml", TeamSpecs.spec("b", "v1").replace("owner: team", "owner: other"))
                .write("apps/d.yaml", TeamSpecs.spec("d", "v1", "", ""))
                .delete("apps/c.yaml").commitAndPush("the pull request");
    }

    private String run(int expectedExit, String... args) {
        return plan(specs.dir(), base, expectedExit, args).replaceAll("[0-9a-f]{40}", "<commit>").replaceAll("[0-9a-f]{32}", "<id>")
                .replaceAll("\\b[0-9a-f]{10}\\b", "<commit10>");
    }

    /** {@code plan --repo REPO --base=BASE ARGS...}: its output, after asserting its exit code. */
    static String plan(Path repo, String base, int expectedExit, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 4];
        all[0] = "plan";
        all[1] = "--repo";
        all[2] = repo.toString();
        all[3] = "--base=" + base;
        System.arraycopy(args, 0, all, 4, args.length);
        assertEquals(expectedExit, Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), all), err.toString());
        return out.toString();
    }

    static void golden(String name, String actual) throws Exception {
        Path file = GOLDEN.resolve(name);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual, name + " (regenerate with -Dgolden.update=true)");
    }

    @Test
    void eachKindOfChangeInTextMarkdownAndJson() throws Exception {
        golden("pull-request.txt", run(2, "--output", "text"));
        golden("pull-request.md", run(2, "--output", "markdown"));
        golden("pull-request.json", run(2, "--output", "json"));
    }

    /**
     * The CI examples pass the daemon's own settings file: a change the daemon would refuse (its namespace
     * allowlist on Kubernetes) fails plan too, while the same plan without the file passes. A flag still wins.
     */
    @Test
    void theDaemonsConfigFileMakesPlanJudgeAsTheDaemonDoes() throws Exception {
        Path daemonConfig = Files.writeString(dir.resolve("flink-gitops.yaml"), """
                repo: https://git.example.com/platform/flink-apps.git
                git-token-env: GIT_TOKEN
                interval: 30s
                kubernetes: true
                namespace: [payments]
                savepoint-dir: s3://flink/savepoints
                branch: main
                """);
        assertEquals(2, exit("plan", "--repo", specs.dir().toString(), "--base=" + base), "no settings: team is allowed");
        String refused = run(1, "--config", daemonConfig.toString());
        assertTrue(refused.contains("namespace") && refused.contains("team"), refused);
        run(2, "--config", daemonConfig.toString(), "--namespace", "team");

        Path otherFolder = Files.writeString(dir.resolve("other.yaml"), "path: [other]\nmax-deletion-share: 0.9\n");
        run(0, "--config", otherFolder.toString());  // a setting with a built-in default is taken from the file too

        Path typo = Files.writeString(dir.resolve("typo.yaml"), "kubernetees: true\n");
        assertEquals(Main.USAGE, exit("plan", "--repo", specs.dir().toString(), "--config", typo.toString()),
                "a key the daemon does not know is a mistake, as for run");
    }

    /** The CI examples pass the example repository's settings file, which the daemon itself accepts. */
    @Test
    void theCiExamplesPassTheDaemonsSettingsFileWhichRunAccepts() throws Exception {
        Path settings = Path.of("../example-repo/.flink-gitops.yaml");
        for (String ci : new String[] {"../example-repo/.github/workflows/flink-gitops-plan.yml", "../example-repo/.gitlab-ci.yml"}) {
            assertTrue(Files.readString(Path.of(ci)).contains("plan --config .flink-gitops.yaml"), ci);
        }
        assertEquals(0, exit("run", "--config", settings.toString(), "--print-config"), "the daemon reads the same file");
        run(1, "--config", settings.toString());  // the pull request's apps are in namespace team: not allowed there
    }

    private static int exit(String... args) {
        return Main.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(new StringWriter(), true), args);
    }

    @Test
    void anInvalidSpecExitsOneAndNoChangeExitsZero() {
        assertEquals("", run(0, "--head", base, "--output", "json").replaceAll("(?s).*\"apps\": \\[\\].*", ""));
        specs.write("apps/a.yaml", TeamSpecs.spec("a", "v3").replace("parallelism: 2", "paralelism: 2"))
                .commitAndPush("typo");
        String text = run(1, "--output", "text");
        assertTrue(text.contains("error: apps/a.yaml:15:5: /spec/job/paralelism"), text);
    }

    @Test
    void aSpecialFloatInOneFileIsAnErrorOnItAndTheOtherChangesArePlanned() {
        specs.write("apps/a.yaml", TeamSpecs.spec("a", "v3").replace("upgradeMode: savepoint", "upgradeMode: .inf"))
                .commitAndPush("a special float");

        String text = run(1, "--output", "text");

        assertTrue(text.contains("error: apps/a.yaml:") && text.contains("/spec/job/upgradeMode: .inf does not have a value"), text);
        assertTrue(text.contains("+ team/d"), "the other changes are still planned: " + text);
        assertTrue(text.contains("- team/c"), text);
    }

    /** Finding 10 of issue 11: a file claiming an app another file runs is the only invalid one; a tenant folder refuses it. */
    @Test
    void aCopyOfAnAppIsInvalidAndTheAppItCopiesIsNot() {
        base = specs.head().name();
        specs.write("other/copy.yaml", TeamSpecs.spec("a", "mine")).commitAndPush("claims team/a");

        String text = run(1, "--path", "apps,other", "--output", "text");
        assertTrue(text.contains("error: other/copy.yaml:4:9: /metadata/name: app team/a belongs to apps/a.yaml "
                + "(the file it runs from): another file cannot claim it"), text);
        assertFalse(text.contains("error: apps/a.yaml"), text);

        String refused = run(1, "--path", "apps,other", "--tenant", "apps=team", "--tenant", "other=other", "--output", "text");
        assertTrue(refused.contains("error: other/copy.yaml:5:14: /metadata/namespace: namespace 'team' is not allowed for "
                + "files in other/ (allowed: other)"), refused);
        assertFalse(refused.contains("error: apps/a.yaml"), refused);
    }

    /** plan warns as validate does when an app's Ingress is not admitted by the daemon's NetworkPolicy settings. */
    @Test
    void anIngressWithoutTheDaemonsIngressNamespaceIsAWarningInThePlan() {
        base = specs.head().name();
        specs.write("apps/a.yaml", TeamSpecs.spec("a", "v2").replace("spec:\n", "spec:\n  ingress:\n    template: \"/{{namespace}}/{{name}}\"\n"))
                .commitAndPush("an ingress for a");
        String warned = run(2, "--kubernetes", "--savepoint-dir", "s3://flink/savepoints", "--output", "text");
        assertTrue(warned.contains("warning: line 8: spec.ingress: the app's NetworkPolicy admits its REST port only"
                + " from the daemon's pods, and the daemon has no --ingress-namespace"), warned);
        String admitted = run(2, "--kubernetes", "--savepoint-dir", "s3://flink/savepoints", "--ingress-namespace", "ingress-nginx",
                "--output", "text");
        assertFalse(admitted.contains("--ingress-namespace"), admitted);
    }

    /** Two apps in one file: each planned on its own; a broken document is an error on its line; a removed one deletes its app only. */
    @Test
    void eachDocumentOfAFileIsPlannedOnItsOwn() {
        base = specs.head().name();
        specs.write("apps/pair.yaml", TeamSpecs.spec("f", "v1") + "---\n" + TeamSpecs.spec("g", "v1")).commitAndPush("two apps, one file");
        String added = run(2, "--output", "text");
        assertTrue(added.contains("+ team/f  deploy") && added.contains("+ team/g  deploy"), added);
        String json = run(2, "--output", "json");
        assertEquals(2, json.split("\"file\": \"apps/pair.yaml\"", -1).length - 1, json);

        base = specs.head().name();
        specs.write("apps/pair.yaml", TeamSpecs.spec("f", "v2") + "---\n"
                + TeamSpecs.spec("g", "v1").replace("parallelism: 2", "paralelism: 2")).commitAndPush("f v2, g broken");
        String broken = run(1, "--output", "text");
        assertTrue(broken.contains("~ team/f  savepoint upgrade  (UPGRADE)"), broken);
        assertTrue(broken.contains("! team/g  blocked\n    invalid spec: the running job is left as it is\n"
                + "    error: apps/pair.yaml:32:5: /spec/job/paralelism: unknown field 'paralelism'"), broken);

        specs.write("apps/pair.yaml", TeamSpecs.spec("f", "v1")).commitAndPush("g removed");
        String removed = run(2, "--output", "text");
        assertTrue(removed.contains("- team/g  delete with final savepoint\n    delete at <commit10> (spec removed from apps/pair.yaml)"),
                removed);
        assertFalse(removed.contains("team/f"), "f is as it was at base: " + removed);
    }

    /**
     * A rollback as {@code flink-gitops rollback} writes it, planned on its branch: the plan names it a rollback, the
     * savepoint recorded for that version, when it was taken and that the state since is discarded.
     */
    @Test
    void aRollbackBranchIsPlannedAsARollbackInTextMarkdownAndJson() throws Exception {
        String head = specs.head().name();
        dev.flinkgitops.status.AppStatus a = dev.flinkgitops.status.AppStatus.empty("team/a", "apps/a.yaml")
                .withSpec("apps/a.yaml", head, "h2").withPhase(dev.flinkgitops.status.Phase.RUNNING, "running")
                .withJob(new dev.flinkgitops.status.JobRecord("0".repeat(32), "default", "RUNNING", 2, null, null))
                .withSavepoint(new dev.flinkgitops.status.SavepointRecord("file:///savepoints/team/a/savepoint-v1", "t", "upgrade",
                        "1".repeat(32), base, "2026-11-21T10:00:00Z"));
        try (Git git = Git.open(specs.dir().toFile())) {
            git.checkout().setOrphan(true).setName("status").call();
            git.rm().addFilepattern("apps").call();
            Files.createDirectories(specs.dir().resolve("team"));
            Files.write(specs.dir().resolve("team/a.yaml"), new dev.flinkgitops.status.StatusCodec().write(a));
            git.add().addFilepattern("team/a.yaml").call();
            git.commit().setMessage("status").setAuthor("d", "d@x").setCommitter("d", "d@x").call();
            git.checkout().setName("main").call();
        }
        assertEquals(0, exit("rollback", "team/a", "--repo", specs.dir().toString()));
        String branch = "rollback/team-a-" + base.substring(0, 10);
        for (String format : new String[] {"txt", "md", "json"}) {
            StringWriter out = new StringWriter();
            int code = Main.execute(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), "plan", "--repo",
                    specs.dir().toString(), "--base=" + head, "--head", branch, "--output",
                    format.equals("txt") ? "text" : format.equals("md") ? "markdown" : "json");
            assertEquals(2, code);
            String shown = out.toString().replaceAll("[0-9a-f]{40}", "<commit>").replaceAll("[0-9a-f]{32}", "<id>")
                    .replaceAll("\\b[0-9a-f]{10}\\b", "<commit10>");
            golden("rollback." + format, shown);
            assertTrue(shown.contains("rollback: redeploy from savepoint file:///savepoints/team/a/savepoint-v1 taken at"
                    + " 2026-11-21T10:00:00Z for <commit10>; state since then is discarded"), shown);
        }
    }
}
