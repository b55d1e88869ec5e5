package dev.flinkgitops.cli;

import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.JobRecord;
import dev.flinkgitops.status.Phase;
import dev.flinkgitops.status.SavepointRecord;
import dev.flinkgitops.status.StatusCodec;
import dev.flinkgitops.testing.ExampleJob;
import dev.flinkgitops.testing.SpecRepo;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code plan}'s state-compatibility check end to end: the example job runs at base (its status records a
 * real savepoint of it, {@code restore-points/counter-v1}, taken once from CounterJob on the embedded Flink
 * 2.3 cluster), and the pull request switches each app to a version with another state layout (the example
 * jar's {@code StateLayouts} mains). The plan is compared with golden files in all three outputs;
 * {@code -Dgolden.update=true} rewrites them.
 */
class PlanStateTest {

    private static final String LAYOUTS = "dev.flinkgitops.example.StateLayouts$";

    @TempDir
    Path dir;

    private SpecRepo specs;
    private String base;
    private String restorePoint;

    @BeforeEach
    void pullRequest() throws Exception {
        Path savepoint = Files.createDirectories(dir.resolve("savepoints/counter-v1"));
        Files.copy(Path.of("src/test/resources/restore-points/counter-v1/_metadata"), savepoint.resolve("_metadata"));
        restorePoint = savepoint.toUri().toString();
        Path bare = dir.resolve("origin.git");
        Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
        specs = SpecRepo.create(dir.resolve("work"), bare.toString());
        for (String app : new String[] {"args", "renamed", "removed", "extra", "no-uids", "allowed", "max-par", "broken"}) {
            specs.write("apps/" + app + ".yaml", spec(app, ExampleJob.ENTRY_CLASS, "v1", "", ""));
        }
        base = specs.commitAndPush("base");
        Map<String, AppStatus> statuses = new TreeMap<>();
        for (String app : new String[] {"args", "renamed", "removed", "extra", "no-uids", "allowed", "max-par", "broken"}) {
            statuses.put("team/" + app + ".yaml", running(app));
        }
        writeStatus(statuses);
        specs.write("apps/args.yaml", spec("args", ExampleJob.ENTRY_CLASS, "v2", "", ""))
                .write("apps/renamed.yaml", spec("renamed", LAYOUTS + "RenamedUid", "v1", "", ""))
                .write("apps/removed.yaml", spec("removed", LAYOUTS + "CounterRemoved", "v1", "", ""))
                .write("apps/extra.yaml", spec("extra", LAYOUTS + "ExtraState", "v1", "", ""))
                .write("apps/no-uids.yaml", spec("no-uids", LAYOUTS + "NoUids", "v1", "", ""))
                .write("apps/allowed.yaml", spec("allowed", LAYOUTS + "RenamedUid", "v1", "", "    allowNonRestoredState: true\n"))
                .write("apps/max-par.yaml", spec("max-par", ExampleJob.ENTRY_CLASS, "v1", "\n    pipeline.max-parallelism: \"64\"", ""))
                .write("apps/broken.yaml", spec("broken", ExampleJob.ENTRY_CLASS, "v1\", \"--keys\", \"0", "", ""))
                .commitAndPush("the pull request");
    }

    @AfterEach
    void tearDown() {
        specs.close();
    }

    private String spec(String name, String entryClass, String tag, String configuration, String job) {
        return """
                apiVersion: flink.apache.org/v1beta1
                kind: FlinkDeployment
                metadata:
                  name: %s
                  namespace: team
                spec:
                  flinkConfiguration:
                    execution.checkpointing.interval: "5s"%s
                  job:
                    jarURI: %s
                    entryClass: "%s"
                    args: ["--tag", "%s"]
                    parallelism: 2
                    upgradeMode: savepoint
                """.formatted(name, configuration, ExampleJob.jar().toUri(), entryClass, tag) + job;
    }

    private AppStatus running(String app) {
        return AppStatus.empty("team/" + app, "apps/" + app + ".yaml").withSpec("apps/" + app + ".yaml", base, "h")
                .withJob(new JobRecord("0".repeat(31) + "1", "default", "RUNNING", 1, restorePoint, "2026-11-21T10:00:00Z"))
                .withSavepoint(new SavepointRecord(restorePoint, "t", "upgrade", "j", base, "2026-11-21T10:00:00Z"))
                .withStable(base, "h").withPhase(Phase.RUNNING, "running");
    }

    private void writeStatus(Map<String, AppStatus> statuses) throws Exception {
        try (Git git = Git.open(specs.dir().toFile())) {
            git.checkout().setOrphan(true).setName("status").call();
            git.rm().addFilepattern("apps").call();
            for (Map.Entry<String, AppStatus> entry : statuses.entrySet()) {
                Path file = specs.dir().resolve(entry.getKey());
                Files.createDirectories(file.getParent());
                Files.write(file, new StatusCodec().write(entry.getValue()));
                git.add().addFilepattern(entry.getKey()).call();
            }
            git.commit().setMessage("status").setAuthor("d", "d@x").setCommitter("d", "d@x").call();
            git.checkout().setName("main").call();
        }
    }

    private String run(String... args) {
        return PlanCommandTest.plan(specs.dir(), base, 2, args).replace(restorePoint, "<restore-point>/")
                .replace(ExampleJob.jar().toUri().toString(), "<jar>").replaceAll("[0-9a-f]{40}", "<commit>")
                .replaceAll("job [0-9a-f]{32}", "job <id>").replaceAll("trigger [0-9a-f]{32}", "trigger <trigger>")
                .replaceAll("\\b[0-9a-f]{10}\\b", "<commit10>");
    }

    @Test
    void eachStateLayoutChangeInTextMarkdownAndJson() throws Exception {
        String text = run("--output", "text");
        PlanCommandTest.golden("state-compatibility.txt", text);
        PlanCommandTest.golden("state-compatibility.md", run("--output", "markdown"));
        PlanCommandTest.golden("state-compatibility.json", run("--output", "json"));
        assertTrue(text.contains("! team/renamed  blocked"), text);
        assertTrue(text.contains("dropped: count-per-key: the restore fails without allowNonRestoredState"), text);
    }
}
